// One real path through every process: web -> task-service (Dapr invocation) -> Postgres + outbox
// -> relay -> pub/sub -> web's fan-out -> SSE, and for a completed recurring task -> worker (state
// store record) -> task-service (the next occurrence).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_PORTS } from '../../scripts/stack';
import { isLoopback, listenersOfRun } from '../support/listening';
import { apiAs, signUp, type TestUser } from '../support/session';
import { openEvents, waitUntil } from '../support/sse';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let user: TestUser;
let tasksDb: ReturnType<TestStack['db']>;
let stateDb: ReturnType<TestStack['db']>;

beforeAll(async () => {
  stack = await startTestStack({ name: 'it-foundation', portOffset: 1000 });
  tasksDb = stack.db('tasks');
  stateDb = stack.db('state');
  user = await signUp(stack.webUrl());
});

afterAll(async () => {
  await stack?.stop();
});

describe('foundation path', () => {
  it('POST /api/tasks stores the task in task-service, web streams its events, the worker records the completion it acts on', async () => {
    const events = await openEvents(`${stack.webUrl()}/api/events`, user.cookie);
    await events.waitFor((f) => f.event === 'ready');
    const api = apiAs(stack.webUrl(), user);

    const recurrence = { freq: 'daily', interval: 1 };
    const created = await api('/api/tasks', {
      method: 'POST',
      body: { title: 'Buy milk', dueAt: '2026-03-10T08:00:00.000Z', recurrence },
    });
    expect(created.status).toBe(201);
    const taskId: string = created.body.id;

    const [row] = await tasksDb`select title, user_id from tasks where id = ${taskId}`;
    expect(row).toEqual({ title: 'Buy milk', user_id: user.id });

    const sentEvent = (type: string) =>
      waitUntil(`the ${type} outbox row to be sent`, async () => {
        const [r] =
          await tasksDb`select event_id, sent_at from outbox where aggregate_id = ${taskId} and type = ${type}`;
        return r?.sent_at ? r : undefined;
      });
    const createdEvent = await sentEvent('todo.task.created.v1');
    const frame = await events.waitFor((f) => f.event === 'task' && f.data.includes(taskId));
    expect(JSON.parse(frame.data)).toEqual({ type: 'todo.task.created.v1', taskId });

    expect((await api(`/api/tasks/${taskId}/complete`, { method: 'POST' })).status).toBe(200);
    const completedEvent = await sentEvent('todo.task.completed.v1');
    await waitUntil('the worker to record the completion in the state store', async () => {
      const rows = await stateDb`select key from state where key = ${`worker||processed:${completedEvent.event_id}`}`;
      return rows.length === 1;
    });
    const next = await waitUntil('the next occurrence', async () => {
      const rows = await tasksDb`select due_at from tasks where user_id = ${user.id} and id <> ${taskId}`;
      return rows.length > 0 ? rows : undefined;
    });
    expect(next.map((r) => r.due_at.toISOString())).toEqual(['2026-03-11T08:00:00.000Z']);
    // The creation, delivered to the worker before the completion, needed nothing of it: no record.
    const createdRecord =
      await stateDb`select key from state where key = ${`worker||processed:${createdEvent.event_id}`}`;
    expect(createdRecord).toHaveLength(0);
    events.close();

    const listed = await api('/api/tasks');
    expect(listed.body.items.map((t: { id: string }) => t.id)).toContain(taskId);
  });

  it('GET /api/health and /api/ready answer; services reject calls that bypass their sidecar; sidecars require the app token', async () => {
    expect((await fetch(`${stack.webUrl()}/api/health`)).status).toBe(200);
    const ready = await fetch(`${stack.webUrl()}/api/ready`);
    expect(ready.status).toBe(200);
    // ready means the sidecar and both services answered; an anonymous caller learns nothing more
    expect(await ready.json()).toEqual({ status: 'ready' });
    const direct = await fetch(`${stack.app('task-service').appUrl}/tasks`, { headers: { 'x-user-id': user.id } });
    expect(direct.status).toBe(401);
    expect((await fetch(`${stack.app('task-service').appUrl}/healthz`)).status).toBe(200);
    // And every sidecar requires its app's DAPR_API_TOKEN.
    const web = stack.app('web');
    expect((await fetch(`${web.sidecarUrl}/v1.0/invoke/task-service/method/healthz`)).status).toBe(401);
    const withToken = await fetch(`${web.sidecarUrl}/v1.0/invoke/task-service/method/healthz`, {
      headers: { 'dapr-api-token': web.tokens.daprApiToken },
    });
    expect(withToken.status).toBe(200);
  });
  it('GET /api/events is an unbuffered event stream with a heartbeat, and 401 without a session', async () => {
    expect((await fetch(`${stack.webUrl()}/api/events`)).status).toBe(401);
    const controller = new AbortController();
    const res = await fetch(`${stack.webUrl()}/api/events`, {
      headers: { cookie: user.cookie },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(res.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    let text = '';
    const decoder = new TextDecoder();
    const deadline = Date.now() + 20_000;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      text += decoder.decode(chunk, { stream: true });
      if (text.includes(': heartbeat') || Date.now() > deadline) break;
    }
    controller.abort();
    expect(text).toMatch(/^: connected\n\nevent: ready\n/);
    expect(text).toContain(': heartbeat');
  });

  it('every process of the stack (apps, sidecars, scheduler) listens on loopback only', () => {
    const listeners = listenersOfRun(stack.runDir);
    // Something of every part was seen, so an empty or partial listing cannot pass.
    for (const app of stack.apps) {
      expect(listeners.map((l) => l.port)).toContain(app.appPort);
      expect(listeners.map((l) => l.port)).toContain(app.daprHTTPPort);
      expect(listeners.map((l) => l.port)).toContain(app.daprGRPCPort);
      expect(listeners.map((l) => l.port)).toContain(app.metricsPort);
    }
    expect(listeners.map((l) => l.port)).toContain(stack.schedulerPort);
    // The one exception, outside this project: Dapr 1.18.2's scheduler accepts --healthz-listen-address
    // but never passes it on (cmd/scheduler/app/app.go), and its healthz server listens on ":<port>"
    // (pkg/healthz/server/server.go). It answers only /healthz.
    const schedulerHealthz = stack.schedulerPort - BASE_PORTS.scheduler + BASE_PORTS.schedulerHealthz;
    const exposed = listeners.filter(
      (l) => !isLoopback(l.address) && !(l.command === 'scheduler' && l.port === schedulerHealthz),
    );
    expect(exposed.map((l) => `${l.command} (pid ${l.pid}) on ${l.address}:${l.port}`)).toEqual([]);
  });
});
