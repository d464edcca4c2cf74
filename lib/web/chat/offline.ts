// The offline path of a chat turn: the deterministic parser's Intent becomes calls of the tool
// catalogue. Targets are resolved by title words, quoted titles or position in the last list
// shown; an ambiguous target is answered with a question, a bulk change waits for a yes.
import type { ChatAction } from '@/lib/contracts';
import { helpText, notUnderstoodText } from '@/lib/nl';
import type { Intent, TaskQuery, TaskRef, TaskTarget } from '@/lib/nl/types';
import { log } from '@/lib/platform/log';
import { quoted } from './format';
import type { Interpreter } from './interpreter';
import { type Memory, PENDING_TTL_MS } from './memory';
import { refusalOf, TOOLS, type ToolEnv, type ToolOutcome } from './tools';

export type TurnResult = { reply: string; actions: ChatAction[]; memory: Memory };

/** The most tasks one bulk change touches. */
export const BULK_MAX = 100;

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];

export async function runOffline(
  message: string,
  env: ToolEnv,
  memory: Memory,
  interpreter: Interpreter,
): Promise<TurnResult> {
  let intent: Intent;
  try {
    intent = interpreter.interpret(message, { now: env.now, timeZone: env.timeZone, lastListed: memory.lastShown });
  } catch (error) {
    // A parser bug must cost the user an unhelpful answer at worst, never a 500.
    log.error({ err: error }, 'chat: the interpreter failed on a message');
    intent = { kind: 'unknown', text: message };
  }
  return executeIntent(intent, env, memory, interpreter);
}

/** Carries out one Intent; 4xx refusals of task-service become replies, outages propagate. */
export async function executeIntent(
  intent: Intent,
  env: ToolEnv,
  memory: Memory,
  interpreter: Pick<Interpreter, 'matchTasks'>,
): Promise<TurnResult> {
  if (intent.kind === 'confirm') return confirm(env, memory);
  if (intent.kind === 'cancel') {
    const reply = memory.pending ? 'OK, I left those tasks alone.' : 'OK.';
    return { reply, actions: [], memory: { ...memory, pending: null } };
  }
  // Any other request drops a bulk change that was not confirmed, so a later "yes" cannot trigger it.
  const base: Memory = { ...memory, pending: null };
  const say = (reply: string, actions: ChatAction[] = [], next: Memory = base): TurnResult => ({
    reply,
    actions,
    memory: next,
  });

  switch (intent.kind) {
    case 'help':
      return say(helpText);
    case 'unknown':
      return say(notUnderstoodText());
    case 'add':
      return attempt(say, 'add that', () => TOOLS.add_task.run(env, intent.task));
    case 'list': {
      const outcome = await TOOLS.list_tasks.run(env, toolQuery(intent.query));
      const shown = outcome.shown ?? [];
      const reply = shown.length ? `${headingOf(intent.query)}:\n${outcome.text}` : emptyListReply(intent.query);
      return say(reply, outcome.actions, { ...base, lastShown: shown });
    }
    case 'bulk':
      return proposeBulk(intent.action, intent.query, env, base);
    default: {
      const resolved = await resolveTarget(intent.target, intent.kind, env, base, interpreter);
      if (resolved.kind === 'none') return say(resolved.reply);
      if (resolved.kind === 'many') {
        const list = resolved.candidates.map((t, i) => `${i + 1}. ${t.title}${t.completed ? ' (done)' : ''}`);
        const verb = VERBS[intent.kind];
        return say(`Which one do you mean?\n${list.join('\n')}\nSay e.g. “${verb} the ${ORDINALS[1]} one”.`, [], {
          ...base,
          lastShown: resolved.candidates,
        });
      }
      const taskId = resolved.task.id;
      return attempt(say, `${VERBS[intent.kind]} ${quoted(resolved.task.title)}`, () => {
        switch (intent.kind) {
          case 'complete':
            return TOOLS.complete_task.run(env, { taskId });
          case 'reopen':
            return TOOLS.reopen_task.run(env, { taskId });
          case 'delete':
            return TOOLS.delete_task.run(env, { taskId });
          case 'rename':
            return TOOLS.rename_task.run(env, { taskId, title: intent.title });
          case 'reschedule':
            return TOOLS.reschedule_task.run(env, { taskId, dueAt: intent.dueAt });
          case 'set-reminder':
            return TOOLS.set_reminder.run(env, { taskId, remindAt: intent.remindAt });
          case 'set-priority':
            return TOOLS.set_priority.run(env, { taskId, priority: intent.priority });
          case 'set-tags':
            return TOOLS.set_tags.run(env, { taskId, tags: intent.tags, mode: intent.mode });
          case 'set-recurrence':
            return TOOLS.set_recurrence.run(env, { taskId, recurrence: intent.recurrence });
        }
      });
    }
  }
}

type TargetedKind = Extract<Intent, { target: TaskTarget }>['kind'];

const VERBS: Record<TargetedKind, string> = {
  complete: 'complete',
  reopen: 'reopen',
  delete: 'delete',
  rename: 'rename',
  reschedule: 'move',
  'set-reminder': 'remind me about',
  'set-priority': 'prioritise',
  'set-tags': 'tag',
  'set-recurrence': 'repeat',
};

/** Runs one tool; a refusal of task-service (no such task, a value it rejects) becomes the reply. */
async function attempt(
  say: (reply: string, actions?: ChatAction[]) => TurnResult,
  what: string,
  run: () => Promise<ToolOutcome>,
): Promise<TurnResult> {
  try {
    const outcome = await run();
    return say(outcome.text, outcome.actions);
  } catch (error) {
    const refusal = refusalOf(error);
    if (refusal === undefined) throw error;
    return say(`I couldn't ${what}: ${refusal}.`);
  }
}

function toolQuery(query: TaskQuery) {
  return {
    ...(query.view ? { view: query.view } : {}),
    ...(query.q ? { q: query.q } : {}),
    ...(query.tag ? { tag: query.tag } : {}),
    ...(query.priority ? { priority: query.priority } : {}),
  };
}

const VIEW_HEADINGS = {
  all: 'Your open tasks',
  today: 'Due today',
  upcoming: 'Coming up',
  overdue: 'Overdue',
  completed: 'Completed',
} as const;

function filtersOf(query: TaskQuery): string {
  const parts: string[] = [];
  if (query.tag) parts.push(`tagged #${query.tag}`);
  if (query.priority) parts.push(`${query.priority} priority`);
  if (query.q) parts.push(`matching ${quoted(query.q)}`);
  return parts.length ? ` ${parts.join(', ')}` : '';
}

const headingOf = (query: TaskQuery) => `${VIEW_HEADINGS[query.view ?? 'all']}${filtersOf(query)}`;

function emptyListReply(query: TaskQuery): string {
  const filters = filtersOf(query);
  switch (query.view ?? 'all') {
    case 'today':
      return `Nothing${filters} due today.`;
    case 'upcoming':
      return `Nothing${filters} coming up.`;
    case 'overdue':
      return `Nothing${filters} overdue. Nice.`;
    case 'completed':
      return `No completed tasks${filters}.`;
    default:
      return `No open tasks${filters}.`;
  }
}

type Resolved =
  | { kind: 'one'; task: TaskRef }
  | { kind: 'many'; candidates: TaskRef[] }
  | { kind: 'none'; reply: string };

async function resolveTarget(
  target: TaskTarget,
  kind: TargetedKind,
  env: ToolEnv,
  memory: Memory,
  interpreter: Pick<Interpreter, 'matchTasks'>,
): Promise<Resolved> {
  if (target.by === 'position') {
    // A negative index counts from the end ("the last one").
    const task = memory.lastShown.at(target.index);
    if (task) return { kind: 'one', task };
    if (!memory.lastShown.length)
      return { kind: 'none', reply: "I haven't shown you a list in this conversation yet. Try “show my tasks”." };
    return {
      kind: 'none',
      reply: `The last list I showed had ${memory.lastShown.length} task${memory.lastShown.length === 1 ? '' : 's'}.`,
    };
  }
  const page = await env.tasks.list({ view: 'all', sort: 'created', order: 'desc', limit: 100, tz: env.timeZone });
  const refs = page.items.map((t) => ({ id: t.id, title: t.title, completed: t.completed }));
  // Reopening looks among done tasks first, everything else among open ones; then the rest.
  const matches = interpreter.matchTasks(target, refs, { prefer: kind === 'reopen' ? 'completed' : 'open' });
  const [first, ...rest] = matches;
  if (!first) {
    const words = target.by === 'quoted' ? target.title : target.words;
    return { kind: 'none', reply: `I couldn't find a task matching ${quoted(words)}.` };
  }
  if (rest.length) return { kind: 'many', candidates: matches.slice(0, 10) };
  return { kind: 'one', task: first };
}

async function proposeBulk(
  action: 'delete' | 'complete',
  query: TaskQuery,
  env: ToolEnv,
  memory: Memory,
): Promise<TurnResult> {
  const page = await env.tasks.list({
    view: query.view ?? 'all',
    sort: 'due',
    order: 'asc',
    limit: BULK_MAX,
    tz: env.timeZone,
    ...toolQuery(query),
  });
  const tasks = page.items
    .filter((t) => (action === 'complete' ? !t.completed : true))
    .map((t) => ({ id: t.id, title: t.title, completed: t.completed }));
  if (!tasks.length) return { reply: 'There are no tasks like that.', actions: [], memory };
  const names = tasks.slice(0, 5).map((t) => quoted(t.title));
  const more = tasks.length > 5 ? ` and ${tasks.length - 5} more` : '';
  const count = `${tasks.length} task${tasks.length === 1 ? '' : 's'}`;
  return {
    reply: `That would ${action} ${count}: ${names.join(', ')}${more}. Shall I? (yes / no)`,
    actions: [],
    memory: {
      ...memory,
      pending: { action, tasks, expiresAt: new Date(env.now.getTime() + PENDING_TTL_MS).toISOString() },
    },
  };
}

async function confirm(env: ToolEnv, memory: Memory): Promise<TurnResult> {
  const pending = memory.pending;
  const cleared: Memory = { ...memory, pending: null };
  if (!pending || Date.parse(pending.expiresAt) <= env.now.getTime())
    return { reply: "There's nothing waiting for a yes right now.", actions: [], memory: cleared };
  const actions: ChatAction[] = [];
  let skipped = 0;
  for (const task of pending.tasks) {
    try {
      const tool = pending.action === 'delete' ? TOOLS.delete_task : TOOLS.complete_task;
      actions.push(...(await tool.run(env, { taskId: task.id })).actions);
    } catch (error) {
      // A task deleted or changed since the question is skipped; an outage stops the turn.
      if (refusalOf(error) === undefined) throw error;
      skipped++;
    }
  }
  const verb = pending.action === 'delete' ? 'Deleted' : 'Completed';
  const done = actions.length;
  const note = skipped ? ` (${skipped} had already gone)` : '';
  return {
    reply: `${verb} ${done} task${done === 1 ? '' : 's'}${note}.`,
    actions,
    memory: { ...cleared, lastShown: [] },
  };
}
