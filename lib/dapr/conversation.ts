// The Dapr Conversation API (alpha2, with tool calling) over the sidecar's HTTP API: @dapr/dapr
// 3.18 has no conversation client. Shapes follow dapr/proto/runtime/v1/ai.proto (protojson names).
import { z } from 'zod';
import { sidecarFetch } from './sidecar';

export type LlmToolCall = { id: string; name: string; arguments: string };

export type LlmMessage =
  | { role: 'system' | 'user'; text: string }
  | { role: 'assistant'; text: string; toolCalls?: LlmToolCall[] }
  | { role: 'tool'; toolCallId: string; name: string; text: string };

/** A function the model may call; `parameters` is a JSON Schema object. */
export type LlmTool = { name: string; description: string; parameters: Record<string, unknown> };

export type LlmAnswer = { text: string; toolCalls: LlmToolCall[]; finishReason: string };

export class ConversationError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ConversationError';
  }
}

const content = (text: string) => [{ text }];

function messageOf(message: LlmMessage): Record<string, unknown> {
  switch (message.role) {
    case 'system':
      return { ofSystem: { content: content(message.text) } };
    case 'user':
      return { ofUser: { content: content(message.text) } };
    case 'assistant':
      return {
        ofAssistant: {
          content: message.text ? content(message.text) : [],
          toolCalls: (message.toolCalls ?? []).map((call) => ({
            id: call.id,
            function: { name: call.name, arguments: call.arguments },
          })),
        },
      };
    case 'tool':
      return { ofTool: { toolId: message.toolCallId, name: message.name, content: content(message.text) } };
  }
}

const ToolCallSchema = z.object({
  id: z.string().default(''),
  function: z.object({ name: z.string(), arguments: z.string().default('') }),
});

const ResponseSchema = z.object({
  outputs: z
    .array(
      z.object({
        choices: z
          .array(
            z.object({
              finishReason: z.string().default(''),
              message: z
                .object({ content: z.string().default(''), toolCalls: z.array(ToolCallSchema).default([]) })
                .default({ content: '', toolCalls: [] }),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
});

/** The alpha2 request body (protojson field names of dapr/proto/runtime/v1/ai.proto). */
export function converseBody(request: { messages: LlmMessage[]; tools?: LlmTool[]; temperature?: number }) {
  return {
    inputs: [{ messages: request.messages.map(messageOf) }],
    ...(request.tools?.length
      ? {
          tools: request.tools.map((tool) => ({
            function: { name: tool.name, description: tool.description, parameters: tool.parameters },
          })),
          toolChoice: 'auto',
        }
      : {}),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
  };
}

/**
 * One request to the conversation component `component`: the whole message history and the tools
 * it may call. Throws ConversationError when the sidecar or the model fails, or answers a shape
 * the API does not define.
 */
export async function converse(
  component: string,
  request: { messages: LlmMessage[]; tools?: LlmTool[]; temperature?: number; timeoutMs?: number },
): Promise<LlmAnswer> {
  const body = converseBody(request);
  let res: Response;
  try {
    res = await sidecarFetch(`/v1.0-alpha2/conversation/${encodeURIComponent(component)}/converse`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(request.timeoutMs ?? 30_000),
    });
  } catch (error) {
    throw new ConversationError(`conversation ${component}: sidecar not reachable`, undefined, { cause: error });
  }
  const text = await res.text();
  if (!res.ok)
    throw new ConversationError(`conversation ${component} answered ${res.status}: ${text.slice(0, 300)}`, res.status);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConversationError(`conversation ${component} answered no JSON`, res.status, { cause: error });
  }
  const parsed = ResponseSchema.safeParse(json);
  if (!parsed.success) throw new ConversationError(`conversation ${component} answered an unknown shape`, res.status);
  const choice = parsed.data.outputs[0]?.choices[0];
  if (!choice) throw new ConversationError(`conversation ${component} answered no choice`, res.status);
  return {
    text: choice.message.content,
    finishReason: choice.finishReason,
    toolCalls: choice.message.toolCalls.map((call, i) => ({
      id: call.id || `call-${i}`,
      name: call.function.name,
      arguments: call.function.arguments,
    })),
  };
}
