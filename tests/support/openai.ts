// A small scripted OpenAI-compatible server for the chat tests: it answers POST
// /v1/chat/completions with whatever the test scripted (tool calls or text), so the real Dapr
// `conversation.openai` component (its `endpoint` metadata pointed here) drives the tool-call loop.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ChatCompletionRequest = {
  model: string;
  messages: Array<{
    role: string;
    content?: unknown;
    tool_call_id?: string;
    tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
  }>;
  tools?: Array<{ type: string; function: { name: string; description?: string; parameters?: unknown } }>;
};

export type ScriptedAnswer =
  | { toolCalls: Array<{ name: string; arguments: unknown }> }
  | { text: string }
  | { status: number; body: unknown };

/** Given the request (and the number of requests so far), what to answer. */
export type Script = (request: ChatCompletionRequest) => ScriptedAnswer;

export type ScriptedOpenAi = {
  /** Base URL for the component's `endpoint` metadata (…/v1). */
  endpoint: string;
  requests: ChatCompletionRequest[];
  /** Sets the script; without one every request gets a 400 (a failing model). */
  script(next: Script | null): void;
  close(): Promise<void>;
};

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function completion(answer: Exclude<ScriptedAnswer, { status: number }>, n: number) {
  const isTools = 'toolCalls' in answer;
  return {
    id: `chatcmpl-${n}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: 'scripted',
    choices: [
      {
        index: 0,
        finish_reason: isTools ? 'tool_calls' : 'stop',
        message: {
          role: 'assistant',
          content: isTools ? '' : answer.text,
          ...(isTools
            ? {
                tool_calls: answer.toolCalls.map((call, i) => ({
                  id: `call_${n}_${i}`,
                  type: 'function',
                  function: { name: call.name, arguments: JSON.stringify(call.arguments) },
                })),
              }
            : {}),
        },
      },
    ],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
}

export async function startScriptedOpenAi(): Promise<ScriptedOpenAi> {
  const requests: ChatCompletionRequest[] = [];
  let current: Script | null = null;
  const server = createServer((req, res) => {
    void (async () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions'))
        return send(404, { error: { message: `no route ${req.method} ${req.url}` } });
      const body = (await readJson(req)) as ChatCompletionRequest;
      requests.push(body);
      const answer: ScriptedAnswer = current
        ? current(body)
        : { status: 400, body: { error: { message: 'scripted failure', type: 'invalid_request_error' } } };
      if ('status' in answer) return send(answer.status, answer.body);
      send(200, completion(answer, requests.length));
    })().catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (next) => {
      current = next;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The text of the last tool result in a request (what web sent back for the last tool call). */
export function lastToolResult(request: ChatCompletionRequest): string {
  const message = [...request.messages].reverse().find((m) => m.role === 'tool');
  const content = message?.content;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part: { text?: string }) => part.text ?? '').join('');
  throw new Error(`no tool result in the request: ${JSON.stringify(request.messages)}`);
}
