// One chat turn (flow 5): rate limit, load the conversation, answer through the LLM when one is
// configured (else, or when it fails, the offline interpreter), then append the exchange.
import 'server-only';
import { randomUUID } from 'node:crypto';
import { taskClient } from '@/lib/clients/tasks';
import { AppError, type ChatReply, type ChatRequest, type ChatTurn } from '@/lib/contracts';
import { log } from '@/lib/platform/log';
import { interpreter as defaultInterpreter, type Interpreter } from './interpreter';
import { isLlmConfigured, LlmUnavailableError, runLlm } from './llm';
import { EMPTY_MEMORY } from './memory';
import { runOffline, type TurnResult } from './offline';
import { takeChatTurn } from './rate-limit';
import { commitTurn, loadTurnState } from './store';
import type { ChatTaskClient, ToolEnv } from './tools';

/** Time spent per part of a turn, in ms (reported as Server-Timing when enabled). */
export type TurnTiming = { total: number; tasks: number; state: number; answer: number; engine: 'offline' | 'llm' };

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Wraps the task client so the time spent in task-service calls can be told apart. */
function timedTasks(tasks: ChatTaskClient, timing: TurnTiming): ChatTaskClient {
  const timed =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const start = performance.now();
      try {
        return await fn(...args);
      } finally {
        timing.tasks += performance.now() - start;
      }
    };
  return {
    list: timed(tasks.list),
    get: timed(tasks.get),
    create: timed(tasks.create),
    update: timed(tasks.update),
    remove: timed(tasks.remove),
    complete: timed(tasks.complete),
    reopen: timed(tasks.reopen),
  };
}

export async function chatTurn(
  userId: string,
  request: ChatRequest,
  options: { now?: Date; interpreter?: Interpreter } = {},
): Promise<{ reply: ChatReply; timing: TurnTiming }> {
  const startedAt = performance.now();
  const timing: TurnTiming = { total: 0, tasks: 0, state: 0, answer: 0, engine: 'offline' };
  const stateTime = async <T>(work: Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await work;
    } finally {
      timing.state += performance.now() - start;
    }
  };
  if (request.tz !== undefined && !isTimeZone(request.tz))
    throw new AppError('bad_request', 'tz must be an IANA time zone such as Europe/Berlin', {
      errors: { tz: ['must be an IANA time zone such as Europe/Berlin'] },
    });

  const now = options.now ?? new Date();
  const isNew = request.conversationId === undefined;
  const id = request.conversationId?.toLowerCase() ?? randomUUID();
  // The turn is counted while the conversation and profile are read: one round trip's wait for both.
  const [, state] = await stateTime(Promise.all([takeChatTurn(userId), loadTurnState(userId, id, isNew)]));
  const stored = state.conversation.value;
  const profile = state.profile.value;
  if (!isNew && !stored) throw new AppError('not_found', `conversation ${id} does not exist`);

  const timeZone = request.tz ?? profile?.timeZone ?? 'UTC';
  const env: ToolEnv = { tasks: timedTasks(taskClient(userId), timing), timeZone, now };
  const memory = stored?.memory ?? EMPTY_MEMORY;
  const interpreter = options.interpreter ?? defaultInterpreter;

  const answerStart = performance.now();
  let result: TurnResult | undefined;
  // A bulk change the offline path proposed is confirmed (or not) on the offline path too.
  if (!memory.pending && (await isLlmConfigured())) {
    try {
      result = await runLlm(request.message, env, memory, stored?.turns ?? []);
      timing.engine = 'llm';
    } catch (error) {
      if (!(error instanceof LlmUnavailableError)) throw error;
      log.warn({ reason: error.message }, 'chat: the LLM failed; answering with the offline interpreter');
    }
  }
  result ??= await runOffline(request.message, env, memory, interpreter);
  timing.answer = performance.now() - answerStart;

  const at = now.toISOString();
  const user: ChatTurn = { role: 'user', text: request.message, at };
  const assistant: ChatTurn = {
    role: 'assistant',
    text: result.reply,
    at: new Date(Math.max(Date.now(), now.getTime() + 1)).toISOString(),
    ...(result.actions.length ? { actions: result.actions } : {}),
  };
  await stateTime(
    commitTurn(
      userId,
      id,
      {
        isNew,
        user,
        assistant,
        memory: result.memory,
        ...(request.tz ? { timeZone: request.tz } : {}),
      },
      state,
    ),
  );
  timing.total = performance.now() - startedAt;
  return { reply: { conversationId: id, reply: result.reply, actions: result.actions }, timing };
}
