// Per-user limits through the real path (web -> daprd -> task-service -> Postgres): quotas answer
// 409 quota_exceeded, rates 429 with Retry-After, refused writes leave nothing behind; web refuses
// SSE streams over the per-user and the per-process limit with 429.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, signUp, type TestUser } from '../support/session';
import { openEvents, type SseClient, waitUntil } from '../support/sse';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let tasksDb: ReturnType<TestStack['db']>;

beforeAll(async () => {
  stack = await startTestStack({
    name: 'it-limits',
    portOffset: 1000,
    env: {
      TASK_LIMIT_OPEN_TASKS: '3',
      TASK_LIMIT_PENDING_REMINDERS: '2',
      TASK_LIMIT_CREATES_PER_MINUTE: '4',
      TASK_LIMIT_REMINDERS_PER_MINUTE: '3',
      SSE_MAX_STREAMS_PER_USER: '2',
      SSE_MAX_STREAMS: '3',
    },
  });
  tasksDb = stack.db('tasks');
});

afterAll(async () => {
  await stack?.stop();
});

/** The rates count per wall-clock minute: start a rate test with at least 25 s left in the minute. */
async function atStartOfAWindow(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 25_000) await new Promise((r) => setTimeout(r, left + 100));
}

const FAR = new Date(Date.now() + 30 * 24 * 3600_000);
const remindAt = (minutes: number) => new Date(FAR.getTime() + minutes * 60_000).toISOString();

async function rowsOf(user: TestUser) {
  const tasks = await tasksDb`select id from tasks where user_id = ${user.id}`;
  const events =
    await tasksDb`select o.id from outbox o join tasks t on t.id::text = o.aggregate_id where t.user_id = ${user.id}`;
  return { tasks: tasks.length, events: events.length };
}

function expectProblem(res: { status: number; headers: Headers; body: unknown }, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body).toMatchObject({ status, code });
}

describe('task quotas and rates', () => {
  it('POST /api/tasks over the open-task quota is 409 quota_exceeded, writes nothing, and reopen is held to it too', async () => {
    await atStartOfAWindow();
    const user = await signUp(stack.webUrl());
    const api = apiAs(stack.webUrl(), user);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await api('/api/tasks', { method: 'POST', body: { title: `open ${i}` } });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    const before = await rowsOf(user);
    const refused = await api('/api/tasks', { method: 'POST', body: { title: 'one too many' } });
    expectProblem(refused, 409, 'quota_exceeded');
    expect(refused.body.errors.title[0]).toMatch(/3 open tasks/);
    expect(refused.headers.get('retry-after')).toBeNull();
    expect(await rowsOf(user)).toEqual(before);

    expect((await api(`/api/tasks/${ids[0]}/complete`, { method: 'POST' })).status).toBe(200);
    expect((await api('/api/tasks', { method: 'POST', body: { title: 'fits again' } })).status).toBe(201);
    expectProblem(await api(`/api/tasks/${ids[0]}/reopen`, { method: 'POST' }), 409, 'quota_exceeded');
    const [row] = await tasksDb`select completed from tasks where id = ${ids[0] as string}`;
    expect(row?.completed).toBe(true);
  });

  it('POST /api/tasks over the creation rate is 429 with Retry-After until the minute ends; the refusal is not counted', async () => {
    await atStartOfAWindow();
    const user = await signUp(stack.webUrl());
    const api = apiAs(stack.webUrl(), user);
    // 4 creates a minute, at most 3 open: complete one on the way so only the rate can refuse.
    const first = await api('/api/tasks', { method: 'POST', body: { title: 'r0' } });
    for (const title of ['r1', 'r2'])
      expect((await api('/api/tasks', { method: 'POST', body: { title } })).status).toBe(201);
    expect((await api(`/api/tasks/${first.body.id}/complete`, { method: 'POST' })).status).toBe(200);
    expect((await api('/api/tasks', { method: 'POST', body: { title: 'r3' } })).status).toBe(201);

    const before = await rowsOf(user);
    const refused = await api('/api/tasks', { method: 'POST', body: { title: 'r4' } });
    expectProblem(refused, 429, 'rate_limited');
    const wait = Number(refused.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    expect(await rowsOf(user)).toEqual(before);
    const [window] = await tasksDb`select count from user_rate_windows where user_id = ${user.id} and kind = 'create'`;
    expect(window?.count).toBe(4);
  });

  it('reminders: a third pending one is 409 naming remindAt, moving one is allowed, setting too many a minute is 429', async () => {
    await atStartOfAWindow();
    const user = await signUp(stack.webUrl());
    const api = apiAs(stack.webUrl(), user);
    const a = await api('/api/tasks', { method: 'POST', body: { title: 'a', remindAt: remindAt(1) } });
    expect(a.status).toBe(201);
    expect((await api('/api/tasks', { method: 'POST', body: { title: 'b', remindAt: remindAt(2) } })).status).toBe(201);

    const third = await api('/api/tasks', { method: 'POST', body: { title: 'c', remindAt: remindAt(3) } });
    expectProblem(third, 409, 'quota_exceeded');
    expect(Object.keys(third.body.errors)).toEqual(['remindAt']);
    const plain = await api('/api/tasks', { method: 'POST', body: { title: 'no reminder' } });
    expect(plain.status).toBe(201);
    expectProblem(
      await api(`/api/tasks/${plain.body.id}`, { method: 'PATCH', body: { remindAt: remindAt(4) } }),
      409,
      'quota_exceeded',
    );

    // Moving a pending reminder keeps the count (third reminder set this minute), a fourth is over the rate.
    expect((await api(`/api/tasks/${a.body.id}`, { method: 'PATCH', body: { remindAt: remindAt(5) } })).status).toBe(
      200,
    );
    const fast = await api(`/api/tasks/${a.body.id}`, { method: 'PATCH', body: { remindAt: remindAt(6) } });
    expectProblem(fast, 429, 'rate_limited');
    expect(Number(fast.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const [row] = await tasksDb`select remind_at, version from tasks where id = ${a.body.id}`;
    expect((row?.remind_at as Date | undefined)?.toISOString()).toBe(remindAt(5));
    expect(row?.version).toBe(2);
  });
});

describe('SSE stream limits', () => {
  const open: SseClient[] = [];
  afterAll(() => {
    for (const s of open) s.close();
  });

  const events = (user: TestUser) => fetch(`${stack.webUrl()}/api/events`, { headers: { cookie: user.cookie } });

  async function openReady(user: TestUser): Promise<SseClient> {
    const s = await openEvents(`${stack.webUrl()}/api/events`, user.cookie);
    open.push(s);
    expect(s.status).toBe(200);
    await s.waitFor((f) => f.event === 'ready');
    return s;
  }

  it('GET /api/events beyond a user’s streams, then beyond the process’s, is 429 problem+json with Retry-After', async () => {
    const [d, e, f] = [await signUp(stack.webUrl()), await signUp(stack.webUrl()), await signUp(stack.webUrl())];
    const d1 = await openReady(d);
    await openReady(d);
    const perUser = await events(d);
    expect(perUser.status).toBe(429);
    expect(perUser.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(perUser.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await perUser.json()) as { detail: string }).detail).toMatch(/2 live-update streams/);

    await openReady(e);
    const perProcess = await events(f);
    expect(perProcess.status).toBe(429);
    expect(Number(perProcess.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await perProcess.json()) as { detail: string }).detail).toMatch(/this server/);

    // A closed stream frees its slot (the server sees the disconnect and unsubscribes).
    d1.close();
    const admitted = await waitUntil('a slot to free up after a stream closed', async () => {
      const res = await events(f);
      if (res.status === 200) return res;
      await res.body?.cancel();
      return undefined;
    });
    expect(admitted.headers.get('content-type')).toContain('text/event-stream');
    await admitted.body?.cancel();
  });
});
