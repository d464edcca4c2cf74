import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError, type CreateTask, type ListTasksQuery, type Task, type UpdateTask } from '@/lib/contracts';
import type { Intent } from '@/lib/nl/types';
import { type Interpreter, interpreter } from './interpreter';
import { EMPTY_MEMORY, type Memory } from './memory';
import { executeIntent, runOffline } from './offline';
import type { ChatTaskClient, ToolEnv } from './tools';

/** task-service's behaviour for one user, in memory: enough for the executor's decisions. */
function memoryTasks(now: Date) {
  const tasks = new Map<string, Task>();
  const find = (id: string) => {
    const task = tasks.get(id);
    if (!task) throw new AppError('not_found', `task ${id} does not exist`);
    return task;
  };
  const save = (task: Task) => {
    tasks.set(task.id, task);
    return task;
  };
  const client: ChatTaskClient = {
    list: async (query: Partial<ListTasksQuery>) => {
      let items = [...tasks.values()];
      if (query.view === 'completed') items = items.filter((t) => t.completed);
      if (query.view === 'today')
        items = items.filter((t) => !t.completed && t.dueAt?.slice(0, 10) === now.toISOString().slice(0, 10));
      if (query.q) items = items.filter((t) => t.title.toLowerCase().includes((query.q ?? '').toLowerCase()));
      if (query.tag) items = items.filter((t) => t.tags.includes(query.tag ?? ''));
      return { items: items.slice(0, query.limit ?? 50), nextCursor: null };
    },
    get: async (id) => find(id),
    create: async (input: CreateTask) => {
      if (input.recurrence && !input.dueAt)
        throw new AppError('bad_request', 'Invalid body: recurrence: a recurring task needs dueAt');
      const at = now.toISOString();
      const task: Task = {
        id: randomUUID(),
        ...input,
        completed: false,
        completedAt: null,
        createdAt: at,
        updatedAt: at,
        version: 1,
      };
      return { task: save(task), isReplayed: false };
    },
    update: async (id, patch: UpdateTask) => {
      const task = find(id);
      return save({ ...task, ...patch, notes: patch.notes ?? task.notes, version: task.version + 1 } as Task);
    },
    remove: async (id) => {
      find(id);
      tasks.delete(id);
    },
    complete: async (id) => save({ ...find(id), completed: true, completedAt: now.toISOString() }),
    reopen: async (id) => save({ ...find(id), completed: false, completedAt: null }),
  };
  return { client, tasks };
}

const matcher: Pick<Interpreter, 'matchTasks'> = interpreter;

const NOW = new Date('2026-03-10T12:00:00Z');

async function setup(titles: Array<string | { title: string; dueAt?: string; completed?: boolean; tags?: string[] }>) {
  const store = memoryTasks(NOW);
  const env: ToolEnv = { tasks: store.client, timeZone: 'Europe/Berlin', now: NOW };
  for (const spec of titles) {
    const t = typeof spec === 'string' ? { title: spec } : spec;
    const { task } = await store.client.create({
      title: t.title,
      notes: null,
      priority: 'none',
      tags: t.tags ?? [],
      dueAt: t.dueAt ?? null,
      remindAt: null,
      recurrence: null,
    });
    if (t.completed) await store.client.complete(task.id);
  }
  let memory: Memory = EMPTY_MEMORY;
  const say = async (intent: Intent) => {
    const result = await executeIntent(intent, env, memory, matcher);
    memory = result.memory;
    return result;
  };
  const byTitle = (title: string) => [...store.tasks.values()].find((t) => t.title === title);
  return { env, store, say, byTitle, memory: () => memory };
}

describe('chat offline executor', () => {
  it('add creates the task through the client and answers with a created card', async () => {
    const { say, byTitle } = await setup([]);
    const result = await say({
      kind: 'add',
      task: {
        title: 'Call mom',
        dueAt: '2026-03-10T14:20:00.000Z',
        remindAt: '2026-03-10T14:20:00.000Z',
        tags: ['family'],
        priority: 'high',
        recurrence: null,
      },
    });
    const task = byTitle('Call mom');
    expect(task?.tags).toEqual(['family']);
    expect(result.actions).toEqual([
      {
        kind: 'created',
        taskId: task?.id,
        title: 'Call mom',
        detail: 'due Today 15:20, reminder Today 15:20, high priority, #family',
      },
    ]);
    expect(result.reply).toBe('Added “Call mom” (due Today 15:20, reminder Today 15:20, high priority, #family).');
  });

  it('a list is numbered and remembered, so "complete the second one" completes the second task shown', async () => {
    const { say, byTitle, memory } = await setup([
      { title: 'Pay rent', dueAt: '2026-03-10T08:00:00.000Z' },
      { title: 'Dentist', dueAt: '2026-03-10T15:00:00.000Z' },
      { title: 'Next week', dueAt: '2026-03-17T15:00:00.000Z' },
    ]);
    const listed = await say({ kind: 'list', query: { view: 'today' } });
    expect(listed.reply).toMatch(/^Due today:\n1\. (Pay rent|Dentist)/);
    expect(listed.actions.map((a) => a.kind)).toEqual(['listed', 'listed']);
    const second = memory().lastShown[1];
    expect(second).toBeDefined();
    const done = await say({ kind: 'complete', target: { by: 'position', index: 1 } });
    expect(done.actions).toEqual([expect.objectContaining({ kind: 'completed', taskId: second?.id })]);
    expect(byTitle(second?.title ?? '')?.completed).toBe(true);
    expect(byTitle('Next week')?.completed).toBe(false);
  });

  it('an ambiguous target is answered with a question listing the candidates, and nothing changes', async () => {
    const { say, store, memory } = await setup(['Call mom', 'Call dad', 'Buy milk']);
    const before = structuredClone([...store.tasks.values()]);
    const result = await say({ kind: 'delete', target: { by: 'words', words: 'call' } });
    expect(result.reply).toMatch(/^Which one do you mean\?\n1\. Call (mom|dad)\n2\. Call (mom|dad)\n/);
    expect(result.actions).toEqual([]);
    expect([...store.tasks.values()]).toEqual(before);
    // The candidates become the list "the second one" refers to.
    expect(
      memory()
        .lastShown.map((t) => t.title)
        .sort(),
    ).toEqual(['Call dad', 'Call mom']);
    const picked = memory().lastShown[1];
    await say({ kind: 'delete', target: { by: 'position', index: 1 } });
    expect(store.tasks.has(picked?.id ?? '')).toBe(false);
    expect(store.tasks.size).toBe(2);
  });

  it('a bulk delete asks first, changes nothing until "yes", then deletes exactly those tasks', async () => {
    const { say, store } = await setup([
      { title: 'Old 1', completed: true },
      { title: 'Old 2', completed: true },
      'Still open',
    ]);
    const asked = await say({ kind: 'bulk', action: 'delete', query: { view: 'completed' } });
    expect(asked.reply).toMatch(/^That would delete 2 tasks: “Old \d”, “Old \d”\. Shall I\? \(yes \/ no\)$/);
    expect(store.tasks.size).toBe(3);
    const confirmed = await say({ kind: 'confirm' });
    expect(confirmed.reply).toBe('Deleted 2 tasks.');
    expect(confirmed.actions.map((a) => a.kind)).toEqual(['deleted', 'deleted']);
    expect([...store.tasks.values()].map((t) => t.title)).toEqual(['Still open']);
    // The confirmation is used up.
    expect((await say({ kind: 'confirm' })).reply).toBe("There's nothing waiting for a yes right now.");
  });

  it('another request in between drops an unconfirmed bulk change; "no" cancels one', async () => {
    const { say, store } = await setup([{ title: 'Old', completed: true }]);
    await say({ kind: 'bulk', action: 'delete', query: { view: 'completed' } });
    await say({ kind: 'list', query: {} });
    expect((await say({ kind: 'confirm' })).reply).toBe("There's nothing waiting for a yes right now.");
    await say({ kind: 'bulk', action: 'delete', query: { view: 'completed' } });
    expect((await say({ kind: 'cancel' })).reply).toBe('OK, I left those tasks alone.');
    expect((await say({ kind: 'confirm' })).actions).toEqual([]);
    expect(store.tasks.size).toBe(1);
  });

  it('an expired confirmation does nothing', async () => {
    const { env, store } = await setup([{ title: 'Old', completed: true }]);
    const asked = await executeIntent(
      { kind: 'bulk', action: 'delete', query: { view: 'completed' } },
      env,
      EMPTY_MEMORY,
      matcher,
    );
    const later = { ...env, now: new Date(NOW.getTime() + 11 * 60_000) };
    const result = await executeIntent({ kind: 'confirm' }, later, asked.memory, matcher);
    expect(result.reply).toBe("There's nothing waiting for a yes right now.");
    expect(store.tasks.size).toBe(1);
  });

  it('names what it cannot find, and positions beyond the last list', async () => {
    const { say } = await setup(['Buy milk']);
    expect((await say({ kind: 'complete', target: { by: 'words', words: 'dentist' } })).reply).toBe(
      "I couldn't find a task matching “dentist”.",
    );
    expect((await say({ kind: 'complete', target: { by: 'position', index: 0 } })).reply).toMatch(
      /haven't shown you a list/,
    );
    await say({ kind: 'list', query: {} });
    expect((await say({ kind: 'complete', target: { by: 'position', index: 4 } })).reply).toBe(
      'The last list I showed had 1 task.',
    );
  });

  it('a refusal of task-service becomes a friendly reply, not an error', async () => {
    const { say, store } = await setup([]);
    const result = await say({
      kind: 'add',
      task: {
        title: 'Water plants',
        dueAt: null,
        remindAt: null,
        tags: [],
        priority: 'none',
        recurrence: { freq: 'weekly', interval: 1 },
      },
    });
    expect(result.reply).toBe("I couldn't add that: Invalid body: recurrence: a recurring task needs dueAt.");
    expect(store.tasks.size).toBe(0);
  });

  it('set-tags adds to, removes from and replaces the tags of the matched task', async () => {
    const { say, byTitle } = await setup([{ title: 'Report', tags: ['work'] }]);
    await say({ kind: 'set-tags', target: { by: 'quoted', title: 'Report' }, tags: ['urgent'], mode: 'add' });
    expect(byTitle('Report')?.tags).toEqual(['work', 'urgent']);
    await say({ kind: 'set-tags', target: { by: 'quoted', title: 'Report' }, tags: ['work'], mode: 'remove' });
    expect(byTitle('Report')?.tags).toEqual(['urgent']);
    const result = await say({
      kind: 'set-tags',
      target: { by: 'quoted', title: 'Report' },
      tags: ['q1'],
      mode: 'set',
    });
    expect(byTitle('Report')?.tags).toEqual(['q1']);
    expect(result.reply).toBe('“Report” now has #q1.');
  });

  it('reopen looks among completed tasks first', async () => {
    const { say, store } = await setup(['Stretch', { title: 'Stretch', completed: true }]);
    const done = [...store.tasks.values()].find((t) => t.completed);
    const result = await say({ kind: 'reopen', target: { by: 'words', words: 'stretch' } });
    expect(result.actions).toEqual([expect.objectContaining({ kind: 'reopened', taskId: done?.id })]);
    expect([...store.tasks.values()].map((t) => t.completed)).toEqual([false, false]);
  });

  it('a message it cannot understand, or a failing parser, gets examples instead of an error', async () => {
    const { env } = await setup([]);
    const failing: Interpreter = {
      interpret: () => {
        throw new Error('parser bug');
      },
      matchTasks: () => [],
    };
    const result = await runOffline('flurb', env, EMPTY_MEMORY, failing);
    expect(result.reply).toMatch(/^Sorry, I did not understand that\. You can say things like "/);
    const help = await executeIntent({ kind: 'help' }, env, EMPTY_MEMORY, matcher);
    expect(help.reply).toContain('remind me to call mom in 20 minutes');
  });

  it('through the real parser: add with dates, tags and priority; list; "complete the second one"; bulk with yes', async () => {
    const { env, store } = await setup([]);
    let memory: Memory = EMPTY_MEMORY;
    const say = async (message: string) => {
      const result = await runOffline(message, env, memory, interpreter);
      memory = result.memory;
      return result;
    };
    const added = await say('add buy milk tomorrow 9am #home !high');
    expect(added.actions).toEqual([
      expect.objectContaining({
        kind: 'created',
        title: 'Buy milk',
        detail: 'due Tomorrow 09:00, high priority, #home',
      }),
    ]);
    const milk = [...store.tasks.values()][0];
    expect(milk).toMatchObject({
      title: 'Buy milk',
      dueAt: '2026-03-11T08:00:00.000Z',
      tags: ['home'],
      priority: 'high',
    });
    await say('add call mom');
    await say('add water plants');
    const listed = await say('show my tasks');
    expect(listed.actions).toHaveLength(3);
    const second = memory.lastShown[1];
    const done = await say('complete the second one');
    expect(done.actions).toEqual([expect.objectContaining({ kind: 'completed', taskId: second?.id })]);
    const asked = await say('delete all completed');
    expect(asked.reply).toMatch(/^That would delete 1 task: /);
    expect(store.tasks.size).toBe(3);
    const yes = await say('yes');
    expect(yes.reply).toBe('Deleted 1 task.');
    expect(store.tasks.has(second?.id ?? '')).toBe(false);
    expect(store.tasks.size).toBe(2);
  });
});
