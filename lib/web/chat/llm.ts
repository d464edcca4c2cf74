// The LLM path of a chat turn: the tool catalogue goes to the Dapr conversation component `llm`
// (Conversation API alpha2, tool calling) and web runs the tool-call loop, bounded in steps.
import 'server-only';
import { type ChatAction, type ChatTurn, COMPONENTS } from '@/lib/contracts';
import { converse, type LlmMessage, type LlmTool } from '@/lib/dapr/conversation';
import { loadedComponents } from '@/lib/dapr/metadata';
import { log } from '@/lib/platform/log';
import type { Memory } from './memory';
import type { TurnResult } from './offline';
import { llmTools, runTool, type ToolEnv } from './tools';

/** Model requests per turn at most (each may call several tools). */
export const LLM_MAX_STEPS = 6;
/** Earlier messages of the conversation the model sees. */
const HISTORY_SENT = 10;
const METADATA_TTL_MS = 30_000;

let configured: { isConfigured: boolean; checkedAt: number } | undefined;

/** Whether this sidecar has a conversation component named `llm` (cached for 30 s). */
export async function isLlmConfigured(now = Date.now()): Promise<boolean> {
  if (configured && now - configured.checkedAt < METADATA_TTL_MS) return configured.isConfigured;
  let isConfigured = false;
  try {
    const components = await loadedComponents();
    isConfigured = components.some((c) => c.name === COMPONENTS.llm && c.type.startsWith('conversation.'));
  } catch (error) {
    log.warn({ err: error }, 'chat: could not read the sidecar metadata; using the offline interpreter');
  }
  configured = { isConfigured, checkedAt: now };
  return isConfigured;
}

let tools: LlmTool[] | undefined;

function systemPrompt(env: ToolEnv): string {
  const local = new Intl.DateTimeFormat('en-GB', {
    timeZone: env.timeZone,
    dateStyle: 'full',
    timeStyle: 'short',
  }).format(env.now);
  return [
    'You are the assistant of a todo app. Act only through the tools; never invent task ids.',
    `Now is ${env.now.toISOString()} (${local} in the user's time zone ${env.timeZone}).`,
    "Read dates and times in the user's time zone and pass them as ISO-8601 with the offset.",
    'To act on a task named in words, call list_tasks (with q) first and use the id it returns; if several tasks match, ask which one.',
    'Ask before deleting or completing more than one task.',
    'Answer in one or two short, friendly sentences.',
  ].join('\n');
}

/** The LLM failed before any tool ran: the caller may answer the turn another way. */
export class LlmUnavailableError extends Error {}

/**
 * Runs the tool-call loop. Throws LlmUnavailableError when the component fails (or never gives a
 * final answer) before any tool changed anything; once a tool ran, a failure ends the turn with
 * what was done, so a fallback never repeats an action.
 */
export async function runLlm(message: string, env: ToolEnv, memory: Memory, history: ChatTurn[]): Promise<TurnResult> {
  tools ??= llmTools();
  const messages: LlmMessage[] = [
    { role: 'system', text: systemPrompt(env) },
    ...history.slice(-HISTORY_SENT).map((turn): LlmMessage => ({ role: turn.role, text: turn.text })),
    { role: 'user', text: message },
  ];
  const actions: ChatAction[] = [];
  const done: string[] = [];
  let next: Memory = { ...memory, pending: null };
  const endWith = (reply: string): TurnResult => ({ reply, actions, memory: next });

  for (let step = 1; step <= LLM_MAX_STEPS; step++) {
    let answer: Awaited<ReturnType<typeof converse>>;
    try {
      answer = await converse(COMPONENTS.llm, { messages, tools });
    } catch (error) {
      if (!done.length)
        throw new LlmUnavailableError(error instanceof Error ? error.message : String(error), { cause: error });
      log.warn({ err: error, step }, 'chat: the LLM failed after acting; answering with what was done');
      return endWith(done.join(' '));
    }
    if (!answer.toolCalls.length) return endWith(answer.text.trim() || done.join(' ') || 'OK.');
    messages.push({ role: 'assistant', text: answer.text, toolCalls: answer.toolCalls });
    for (const call of answer.toolCalls) {
      let args: unknown;
      let result: string;
      try {
        args = call.arguments.trim() ? JSON.parse(call.arguments) : {};
      } catch {
        args = undefined;
      }
      if (args === undefined) {
        result = JSON.stringify({ error: 'arguments must be a JSON object' });
      } else {
        let outcome: Awaited<ReturnType<typeof runTool>>;
        try {
          outcome = await runTool(env, call.name, args);
        } catch (error) {
          // task-service is failing: stop here; say what was done if anything was.
          if (!done.length) throw error;
          log.warn({ err: error, tool: call.name }, 'chat: a tool failed after others ran');
          return endWith(`${done.join(' ')} Then something went wrong; please try the rest again shortly.`);
        }
        if (outcome.ok) {
          actions.push(...outcome.outcome.actions);
          if (outcome.outcome.shown) next = { ...next, lastShown: outcome.outcome.shown };
          if (call.name !== 'list_tasks') done.push(outcome.outcome.text);
          result = JSON.stringify(outcome.outcome.data);
        } else {
          result = JSON.stringify({ error: outcome.error });
        }
      }
      messages.push({ role: 'tool', toolCallId: call.id, name: call.name, text: result });
    }
  }
  if (!done.length) throw new LlmUnavailableError(`no final answer within ${LLM_MAX_STEPS} steps`);
  return endWith(done.join(' '));
}
