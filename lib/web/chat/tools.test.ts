import { describe, expect, it } from 'vitest';
import { type ChatTaskClient, llmTools, runTool, TOOL_NAMES, type ToolEnv } from './tools';

const untouchable = async (): Promise<never> => {
  throw new Error('task-service must not be called');
};
const tasks: ChatTaskClient = {
  list: untouchable,
  get: untouchable,
  create: untouchable,
  update: untouchable,
  remove: untouchable,
  complete: untouchable,
  reopen: untouchable,
};
const env: ToolEnv = { tasks, timeZone: 'UTC', now: new Date() };

describe('chat tool catalogue', () => {
  it('offers every tool to the LLM as a JSON Schema object with its required fields', () => {
    const tools = llmTools();
    expect(tools.map((t) => t.name)).toEqual([
      'add_task',
      'list_tasks',
      'complete_task',
      'reopen_task',
      'delete_task',
      'rename_task',
      'reschedule_task',
      'set_reminder',
      'set_priority',
      'set_tags',
      'set_recurrence',
    ]);
    expect(TOOL_NAMES).toHaveLength(11);
    for (const tool of tools) {
      expect(tool.parameters.type).toBe('object');
      expect(tool.parameters.$schema).toBeUndefined();
      expect(tool.description.length).toBeGreaterThan(5);
    }
    const add = tools.find((t) => t.name === 'add_task');
    expect(add?.parameters.required).toEqual(['title']);
    const reschedule = tools.find((t) => t.name === 'reschedule_task');
    expect(reschedule?.parameters.required).toEqual(['taskId', 'dueAt']);
  });

  it('refuses unknown tools and arguments that fail the schema without calling task-service', async () => {
    expect(await runTool(env, 'drop_database', {})).toEqual({
      ok: false,
      error: expect.stringMatching(/^unknown tool drop_database; use one of add_task, /),
    });
    expect(await runTool(env, 'complete_task', { taskId: 'not-a-uuid' })).toEqual({
      ok: false,
      error: 'invalid arguments for complete_task: taskId: taskId must be a task id from list_tasks',
    });
    expect(await runTool(env, 'set_priority', { taskId: crypto.randomUUID(), priority: 'urgent', extra: 1 })).toEqual({
      ok: false,
      error: expect.stringContaining('invalid arguments for set_priority'),
    });
  });
});
