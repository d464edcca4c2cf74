// The chat's one tool catalogue: each tool is a zod schema (also offered to an LLM as JSON Schema)
// and one call through the typed task client on the user's behalf. The offline interpreter and the
// LLM loop both act only through these tools.
import { z } from 'zod';
import type { TaskClient } from '@/lib/clients/tasks';
import {
  AppError,
  type ChatAction,
  FREQUENCIES,
  IsoDateTimeSchema,
  PrioritySchema,
  TagSchema,
  type Task,
  VIEWS,
} from '@/lib/contracts';
import type { LlmTool } from '@/lib/dapr/conversation';
import type { TaskRef } from '@/lib/nl/types';
import { describeTask, formatDueAt, formatRecurrence, formatWhen, quoted } from './format';

/** What the tools need of the task client (the typed client of lib/clients/tasks.ts). */
export type ChatTaskClient = Pick<TaskClient, 'list' | 'get' | 'create' | 'update' | 'remove' | 'complete' | 'reopen'>;

export type ToolEnv = { tasks: ChatTaskClient; timeZone: string; now: Date };

export type ToolOutcome = {
  /** One short sentence (or a numbered list) for the reply. */
  text: string;
  actions: ChatAction[];
  /** Tasks shown to the user in order, remembered for "the second one". */
  shown?: TaskRef[];
  /** What an LLM gets back as the tool's result. */
  data: unknown;
};

type Tool<S extends z.ZodType> = {
  name: string;
  description: string;
  input: S;
  run: (env: ToolEnv, input: z.infer<S>) => Promise<ToolOutcome>;
};

const defineTool = <S extends z.ZodType>(tool: Tool<S>) => tool;

/** How many tasks one list shows at most. */
export const LIST_SHOWN_MAX = 20;

const TaskId = z
  .uuid({ message: 'taskId must be a task id from list_tasks' })
  .describe('id of the task (from list_tasks)');
const When = IsoDateTimeSchema.describe('ISO-8601 date-time with offset, e.g. 2026-05-01T09:00:00+02:00');
const Title = z.string().trim().min(1).max(200);
const Tags = z.array(TagSchema).max(10);
const Recurrence = z.strictObject({
  freq: z.enum(FREQUENCIES),
  interval: z.number().int().min(1).max(365).default(1),
  until: When.nullish(),
});

const refOf = (task: Task): TaskRef => ({ id: task.id, title: task.title, completed: task.completed });
const summaryOf = (task: Task) => ({
  id: task.id,
  title: task.title,
  completed: task.completed,
  dueAt: task.dueAt,
  remindAt: task.remindAt,
  priority: task.priority,
  tags: task.tags,
  recurrence: task.recurrence,
});

function cardOf(kind: ChatAction['kind'], task: Task, env: ToolEnv): ChatAction {
  const detail = describeTask(task, env.timeZone, env.now);
  return { kind, taskId: task.id, title: task.title, ...(detail ? { detail } : {}) };
}

function changed(task: Task, env: ToolEnv, text: string): ToolOutcome {
  return { text, actions: [cardOf('updated', task, env)], data: summaryOf(task) };
}

const withDetail = (task: Task, env: ToolEnv) => {
  const detail = describeTask(task, env.timeZone, env.now);
  return detail ? ` (${detail})` : '';
};

export const TOOLS = {
  add_task: defineTool({
    name: 'add_task',
    description: 'Create a task. Dates are ISO-8601 instants; a recurring task needs dueAt.',
    input: z.strictObject({
      title: Title.describe('the task title, without dates, tags or priority'),
      notes: z.string().max(5000).nullish(),
      dueAt: When.nullish(),
      remindAt: When.nullish(),
      priority: PrioritySchema.optional(),
      tags: Tags.optional(),
      recurrence: Recurrence.nullish(),
    }),
    run: async (env, input) => {
      const { task } = await env.tasks.create({
        title: input.title,
        notes: input.notes ?? null,
        priority: input.priority ?? 'none',
        tags: [...new Set(input.tags ?? [])],
        dueAt: input.dueAt ?? null,
        remindAt: input.remindAt ?? null,
        recurrence: input.recurrence ?? null,
      });
      return {
        text: `Added ${quoted(task.title)}${withDetail(task, env)}.`,
        actions: [cardOf('created', task, env)],
        data: summaryOf(task),
      };
    },
  }),

  list_tasks: defineTool({
    name: 'list_tasks',
    description:
      'List tasks, soonest due first. view: all (every open task), today, upcoming, overdue, completed. Optional search text, tag and priority.',
    input: z.strictObject({
      view: z.enum(VIEWS).optional(),
      q: z.string().trim().max(200).optional().describe('words to search in titles and notes'),
      tag: TagSchema.optional(),
      priority: PrioritySchema.optional(),
      limit: z.number().int().min(1).max(LIST_SHOWN_MAX).optional(),
    }),
    run: async (env, input) => {
      const view = input.view ?? 'all';
      const page = await env.tasks.list({
        view,
        sort: 'due',
        order: 'asc',
        limit: 100,
        tz: env.timeZone,
        ...(input.q ? { q: input.q } : {}),
        ...(input.tag ? { tag: input.tag } : {}),
        ...(input.priority ? { priority: input.priority } : {}),
      });
      const matching = view === 'all' ? page.items.filter((t) => !t.completed) : page.items;
      const shown = matching.slice(0, input.limit ?? LIST_SHOWN_MAX);
      const lines = shown.map((task, i) => `${i + 1}. ${task.title}${withDetail(task, env)}`);
      const more = matching.length > shown.length ? `\n…and ${matching.length - shown.length} more.` : '';
      return {
        text: shown.length ? `${lines.join('\n')}${more}` : 'Nothing there.',
        actions: shown.map((task) => cardOf('listed', task, env)),
        shown: shown.map(refOf),
        data: { tasks: shown.map(summaryOf), total: matching.length },
      };
    },
  }),

  complete_task: defineTool({
    name: 'complete_task',
    description: 'Mark a task done.',
    input: z.strictObject({ taskId: TaskId }),
    run: async (env, { taskId }) => {
      const task = await env.tasks.complete(taskId);
      return {
        text: `Done: ${quoted(task.title)}.`,
        actions: [cardOf('completed', task, env)],
        data: summaryOf(task),
      };
    },
  }),

  reopen_task: defineTool({
    name: 'reopen_task',
    description: 'Mark a completed task as not done.',
    input: z.strictObject({ taskId: TaskId }),
    run: async (env, { taskId }) => {
      const task = await env.tasks.reopen(taskId);
      return {
        text: `Reopened ${quoted(task.title)}.`,
        actions: [cardOf('reopened', task, env)],
        data: summaryOf(task),
      };
    },
  }),

  delete_task: defineTool({
    name: 'delete_task',
    description: 'Delete a task for good.',
    input: z.strictObject({ taskId: TaskId }),
    run: async (env, { taskId }) => {
      const task = await env.tasks.get(taskId);
      await env.tasks.remove(taskId);
      return {
        text: `Deleted ${quoted(task.title)}.`,
        actions: [{ kind: 'deleted', taskId: task.id, title: task.title }],
        data: { deleted: task.id },
      };
    },
  }),

  rename_task: defineTool({
    name: 'rename_task',
    description: 'Change the title of a task.',
    input: z.strictObject({ taskId: TaskId, title: Title }),
    run: async (env, { taskId, title }) => {
      const task = await env.tasks.update(taskId, { title });
      return changed(task, env, `Renamed to ${quoted(task.title)}.`);
    },
  }),

  reschedule_task: defineTool({
    name: 'reschedule_task',
    description: 'Set or clear (null) the due date-time of a task.',
    input: z.strictObject({ taskId: TaskId, dueAt: When.nullable() }),
    run: async (env, { taskId, dueAt }) => {
      const task = await env.tasks.update(taskId, { dueAt });
      return changed(
        task,
        env,
        task.dueAt
          ? `Moved ${quoted(task.title)} to ${formatDueAt(task.dueAt, env.timeZone, env.now)}.`
          : `${quoted(task.title)} has no due date now.`,
      );
    },
  }),

  set_reminder: defineTool({
    name: 'set_reminder',
    description: 'Set or clear (null) the reminder instant of a task.',
    input: z.strictObject({ taskId: TaskId, remindAt: When.nullable() }),
    run: async (env, { taskId, remindAt }) => {
      const task = await env.tasks.update(taskId, { remindAt });
      return changed(
        task,
        env,
        task.remindAt
          ? `I'll remind you about ${quoted(task.title)} ${formatWhen(task.remindAt, env.timeZone, env.now)}.`
          : `Reminder for ${quoted(task.title)} cleared.`,
      );
    },
  }),

  set_priority: defineTool({
    name: 'set_priority',
    description: 'Set the priority of a task: none, low, medium or high.',
    input: z.strictObject({ taskId: TaskId, priority: PrioritySchema }),
    run: async (env, { taskId, priority }) => {
      const task = await env.tasks.update(taskId, { priority });
      return changed(task, env, `${quoted(task.title)} is now ${task.priority} priority.`);
    },
  }),

  set_tags: defineTool({
    name: 'set_tags',
    description: 'Add tags to, remove tags from, or replace the tags of a task.',
    input: z.strictObject({ taskId: TaskId, tags: Tags, mode: z.enum(['add', 'remove', 'set']).default('add') }),
    run: async (env, { taskId, tags, mode }) => {
      const current = await env.tasks.get(taskId);
      const next =
        mode === 'set'
          ? tags
          : mode === 'add'
            ? [...current.tags, ...tags]
            : current.tags.filter((t) => !tags.includes(t));
      const task = await env.tasks.update(taskId, { tags: [...new Set(next)] }, { ifMatch: `"${current.version}"` });
      const shown = task.tags.length ? task.tags.map((t) => `#${t}`).join(' ') : 'no tags';
      return changed(task, env, `${quoted(task.title)} now has ${shown}.`);
    },
  }),

  set_recurrence: defineTool({
    name: 'set_recurrence',
    description: 'Make a task repeat (it needs a due date) or stop it repeating (null).',
    input: z.strictObject({ taskId: TaskId, recurrence: Recurrence.nullable() }),
    run: async (env, { taskId, recurrence }) => {
      const task = await env.tasks.update(taskId, { recurrence });
      return changed(
        task,
        env,
        task.recurrence
          ? `${quoted(task.title)} now repeats ${formatRecurrence(task.recurrence)}.`
          : `${quoted(task.title)} no longer repeats.`,
      );
    },
  }),
} as const;

export type ToolName = keyof typeof TOOLS;
export const TOOL_NAMES = Object.keys(TOOLS) as ToolName[];

const isToolName = (name: string): name is ToolName => Object.hasOwn(TOOLS, name);

/** The catalogue as the LLM sees it: names, descriptions and JSON Schemas of the inputs. */
export function llmTools(): LlmTool[] {
  return TOOL_NAMES.map((name) => {
    const tool = TOOLS[name];
    const { $schema: _, ...parameters } = z.toJSONSchema(tool.input, { io: 'input', unrepresentable: 'any' });
    return { name, description: tool.description, parameters };
  });
}

export type ToolCallResult = { ok: true; outcome: ToolOutcome } | { ok: false; error: string };

/**
 * Runs a tool by name with untrusted arguments (from an LLM): unknown tools and arguments that
 * fail the schema come back as an error the model can read, not as an exception.
 */
export async function runTool(env: ToolEnv, name: string, args: unknown): Promise<ToolCallResult> {
  if (!isToolName(name)) return { ok: false, error: `unknown tool ${name}; use one of ${TOOL_NAMES.join(', ')}` };
  const tool: Tool<z.ZodType> = TOOLS[name];
  const parsed = tool.input.safeParse(args);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`);
    return { ok: false, error: `invalid arguments for ${name}: ${issues.join('; ')}` };
  }
  try {
    return { ok: true, outcome: await tool.run(env, parsed.data) };
  } catch (error) {
    const refusal = refusalOf(error);
    if (refusal === undefined) throw error;
    return { ok: false, error: refusal };
  }
}

/**
 * The message of a task-service refusal (a 4xx: no such task, a field it rejects), which a turn
 * reports to the user or the model; undefined for failures that are not about the request.
 */
export function refusalOf(error: unknown): string | undefined {
  if (!(error instanceof AppError) || error.status >= 500 || error.status === 401) return undefined;
  return error.code === 'not_found' ? 'that task does not exist (any more)' : error.message;
}
