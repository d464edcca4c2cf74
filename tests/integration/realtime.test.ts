import { execFileSync } from 'node:child_process';
// Reminders through the real scheduler, notifications, SSE with replay, two-instance fan-out,
// e-mail through the real SMTP binding, and recurrence under duplicate delivery.
import { randomUUID } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, signUp, type TestUser } from '../support/session';
import { openEvents, type SseClient, waitUntil } from '../support/sse';
import { startTestStack, type TestStack } from '../support/stack';

const SMTP_PORT = 12525;
let stack: TestStack;
const mails: { to: string; raw: string }[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, session, callback) {
    let raw = '';
    stream.on('data', (c: Buffer) => {
      raw += c.toString();
    });
    stream.on('end', () => {
      mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), raw });
      callback();
    });
  },
});
let tasksDb: ReturnType<TestStack['db']>;
let notificationsDb: ReturnType<TestStack['db']>;
let stateDb: ReturnType<TestStack['db']>;

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(SMTP_PORT, '127.0.0.1', resolve));
  stack = await startTestStack({
    name: 'it-realtime',
    portOffset: 1000,
    replicas: { web: 1 },
    metadata: { email: { port: String(SMTP_PORT) } },
  });
  tasksDb = stack.db('tasks');
  notificationsDb = stack.db('notifications');
  stateDb = stack.db('state');
});

afterAll(async () => {
  await stack?.stop();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();
const notificationFor = (taskId: string) => (f: { event: string; data: string }) =>
  f.event === 'notification' && JSON.parse(f.data).taskId === taskId;

async function streamOf(user: TestUser, replica = 0, lastEventId?: string): Promise<SseClient> {
  const events = await openEvents(`${stack.webUrl(replica)}/api/events`, user.cookie, lastEventId);
  await events.waitFor((f) => f.event === 'ready');
  return events;
}

describe('reminders', () => {
  it('a reminder reaches the open SSE stream at its time, never before', async () => {
    const user = await signUp(stack.webUrl());
    const events = await streamOf(user);
    const remindAt = inSeconds(4);
    const { body: task } = await apiAs(stack.webUrl(), user)('/api/tasks', {
      method: 'POST',
      body: { title: 'Call the plumber', remindAt },
    });
    const frame = await events.waitFor(notificationFor(task.id), 60_000);
    const delay = frame.at - Date.parse(remindAt);
    console.log(`reminder delay remindAt -> SSE frame: ${delay} ms`);
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(JSON.parse(frame.data)).toMatchObject({ kind: 'reminder', taskId: task.id, title: 'Call the plumber' });
    expect(frame.id).toBe(JSON.parse(frame.data).id);
    const [row] = await notificationsDb`select created_at from notifications where task_id = ${task.id}`;
    expect(row?.created_at.getTime()).toBeGreaterThanOrEqual(Date.parse(remindAt));
    events.close();
  });

  it('a completed task’s reminder never fires, and an edited reminder fires once at the new time', async () => {
    const user = await signUp(stack.webUrl());
    const api = apiAs(stack.webUrl(), user);
    const events = await streamOf(user);
    const { body: done } = await api('/api/tasks', {
      method: 'POST',
      body: { title: 'done early', remindAt: inSeconds(3) },
    });
    expect((await api(`/api/tasks/${done.id}/complete`, { method: 'POST' })).status).toBe(200);
    const { body: moved } = await api('/api/tasks', {
      method: 'POST',
      body: { title: 'moved', remindAt: inSeconds(3) },
    });
    const newTime = inSeconds(6);
    expect((await api(`/api/tasks/${moved.id}`, { method: 'PATCH', body: { remindAt: newTime } })).status).toBe(200);
    const frame = await events.waitFor(notificationFor(moved.id), 60_000);
    expect(frame.at).toBeGreaterThanOrEqual(Date.parse(newTime));
    await new Promise((r) => setTimeout(r, 3000));
    expect(events.frames.filter(notificationFor(moved.id))).toHaveLength(1);
    expect(events.frames.filter(notificationFor(done.id))).toHaveLength(0);
    const rows = await notificationsDb`select id from notifications where task_id = ${done.id}`;
    expect(rows).toHaveLength(0);
    events.close();
  });

  it('reopening a task whose reminder is still ahead schedules it again', async () => {
    const user = await signUp(stack.webUrl());
    const api = apiAs(stack.webUrl(), user);
    const events = await streamOf(user);
    const remindAt = inSeconds(5);
    const { body: task } = await api('/api/tasks', { method: 'POST', body: { title: 'reopened', remindAt } });
    expect((await api(`/api/tasks/${task.id}/complete`, { method: 'POST' })).status).toBe(200);
    expect((await api(`/api/tasks/${task.id}/reopen`, { method: 'POST' })).status).toBe(200);
    const frame = await events.waitFor(notificationFor(task.id), 60_000);
    expect(frame.at).toBeGreaterThanOrEqual(Date.parse(remindAt));
    events.close();
  });

  it('replays notifications after Last-Event-ID and answers an unknown cursor with one resync', async () => {
    const user = await signUp(stack.webUrl());
    const api = apiAs(stack.webUrl(), user);
    const first = await streamOf(user);
    const { body: t1 } = await api('/api/tasks', { method: 'POST', body: { title: 'first', remindAt: inSeconds(2) } });
    const f1 = await first.waitFor(notificationFor(t1.id), 60_000);
    first.close();

    // While the browser is away, a second reminder fires.
    const { body: t2 } = await api('/api/tasks', { method: 'POST', body: { title: 'second', remindAt: inSeconds(2) } });
    await waitUntil(
      'the second notification',
      async () => {
        const { body } = await api('/api/notifications');
        return body.items.some((n: { taskId: string }) => n.taskId === t2.id);
      },
      60_000,
    );

    const resumed = await streamOf(user, 0, f1.id);
    const replayed = await resumed.waitFor(notificationFor(t2.id), 10_000);
    expect(Number(replayed.id)).toBeGreaterThan(Number(f1.id));
    await new Promise((r) => setTimeout(r, 500));
    expect(resumed.frames.filter(notificationFor(t1.id))).toHaveLength(0);
    resumed.close();

    const unknown = await streamOf(user, 0, '999999999999');
    await unknown.waitFor((f) => f.event === 'resync', 10_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(unknown.frames.filter((f) => f.event === 'resync')).toHaveLength(1);
    unknown.close();
  });

  it('two web instances each deliver their user’s notification, and never another user’s', async () => {
    const alice = await signUp(stack.webUrl(), 'alice');
    const bob = await signUp(stack.webUrl(), 'bob');
    const aliceOn0 = await streamOf(alice, 0);
    const aliceOn1 = await streamOf(alice, 1);
    const bobOn1 = await streamOf(bob, 1);
    const bobOn0 = await streamOf(bob, 0);
    const { body: at } = await apiAs(stack.webUrl(0), alice)('/api/tasks', {
      method: 'POST',
      body: { title: 'a', remindAt: inSeconds(2) },
    });
    const { body: bt } = await apiAs(stack.webUrl(1), bob)('/api/tasks', {
      method: 'POST',
      body: { title: 'b', remindAt: inSeconds(2) },
    });
    await Promise.all([
      aliceOn0.waitFor(notificationFor(at.id), 60_000),
      aliceOn1.waitFor(notificationFor(at.id), 60_000),
      bobOn0.waitFor(notificationFor(bt.id), 60_000),
      bobOn1.waitFor(notificationFor(bt.id), 60_000),
    ]);
    await new Promise((r) => setTimeout(r, 1000));
    for (const s of [aliceOn0, aliceOn1]) expect(s.frames.filter(notificationFor(bt.id))).toHaveLength(0);
    for (const s of [bobOn0, bobOn1]) expect(s.frames.filter(notificationFor(at.id))).toHaveLength(0);
    // Task events fan out the same way.
    await bobOn1.waitFor((f) => f.event === 'task' && f.data.includes(bt.id));
    expect(aliceOn1.frames.some((f) => f.event === 'task' && f.data.includes(bt.id))).toBe(false);
    for (const s of [aliceOn0, aliceOn1, bobOn0, bobOn1]) s.close();
  });

  it('sends the reminder by e-mail when the user turned e-mail reminders on', async () => {
    const user = await signUp(stack.webUrl());
    const api = apiAs(stack.webUrl(), user);
    expect((await api('/api/settings')).body).toEqual({ emailReminders: false });
    expect((await api('/api/settings', { method: 'PUT', body: { emailReminders: true } })).body).toEqual({
      emailReminders: true,
    });
    const title = `Water the plants ${randomUUID().slice(0, 8)}`;
    await api('/api/tasks', { method: 'POST', body: { title, remindAt: inSeconds(2) } });
    const mail = await waitUntil('the reminder e-mail', async () => mails.find((m) => m.to === user.email), 60_000);
    expect(mail.raw).toContain(title);

    const quiet = await signUp(stack.webUrl());
    const quietTitle = `No mail ${randomUUID().slice(0, 8)}`;
    const events = await streamOf(quiet);
    const { body: t } = await apiAs(stack.webUrl(), quiet)('/api/tasks', {
      method: 'POST',
      body: { title: quietTitle, remindAt: inSeconds(1) },
    });
    await events.waitFor(notificationFor(t.id), 60_000);
    await new Promise((r) => setTimeout(r, 2000));
    expect(mails.some((m) => m.raw.includes(quietTitle))).toBe(false);
    events.close();
  });
});

describe('recurrence', () => {
  it('completing a recurring task creates exactly one next occurrence, even when the event is delivered twice', async () => {
    const user = await signUp(stack.webUrl());
    const api = apiAs(stack.webUrl(), user);
    const dueAt = '2026-01-31T09:00:00.000Z';
    const { body: task } = await api('/api/tasks', {
      method: 'POST',
      body: {
        title: 'Pay rent',
        dueAt,
        remindAt: '2026-01-30T09:00:00.000Z',
        recurrence: { freq: 'monthly', interval: 1 },
      },
    });
    const { body: completed } = await api(`/api/tasks/${task.id}/complete`, { method: 'POST' });
    const occurrences = () =>
      tasksDb`select id, due_at, remind_at from tasks where user_id = ${user.id} and id <> ${task.id}`;
    await waitUntil('the next occurrence', async () => (await occurrences()).length === 1, 30_000);

    // Deliver the same completed event twice more, through the real broker.
    const [event] =
      await tasksDb`select event_id from outbox where aggregate_id = ${task.id} and type = 'todo.task.completed.v1'`;
    const publisher = stack.app('task-service');
    for (let i = 0; i < 2; i++) {
      const res = await fetch(
        `${publisher.sidecarUrl}/v1.0/publish/pubsub/task-events?metadata.cloudevent.id=${event?.event_id}&metadata.cloudevent.type=todo.task.completed.v1`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'dapr-api-token': publisher.tokens.daprApiToken },
          body: JSON.stringify({ userId: user.id, task: completed }),
        },
      );
      expect(res.status).toBe(204);
    }
    // And invoke next-occurrence again directly with the same event id, as a racing delivery would.
    const worker = stack.app('worker');
    const again = await fetch(`${worker.sidecarUrl}/v1.0/invoke/task-service/method/tasks/${task.id}/next-occurrence`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'dapr-api-token': worker.tokens.daprApiToken,
        'x-user-id': user.id,
      },
      body: JSON.stringify({ eventId: event?.event_id }),
    });
    expect(again.status).toBe(201);
    await new Promise((r) => setTimeout(r, 3000));
    const rows = await occurrences();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.due_at.toISOString()).toBe('2026-02-28T09:00:00.000Z');
    expect(rows[0]?.remind_at.toISOString()).toBe('2026-02-27T09:00:00.000Z');
    expect((await again.json()).id).toBe(rows[0]?.id);
  });

  it('a malformed event goes to the dead-letter topic instead of being acknowledged as processed', async () => {
    const publisher = stack.app('task-service');
    const id = randomUUID();
    const res = await fetch(
      `${publisher.sidecarUrl}/v1.0/publish/pubsub/task-events?metadata.cloudevent.id=${id}&metadata.cloudevent.type=todo.task.completed.v1`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'dapr-api-token': publisher.tokens.daprApiToken },
        body: JSON.stringify({ userId: 'x', task: { id: 'not-a-task' } }),
      },
    );
    expect(res.status).toBe(204);
    // The dead-letter stream in this stack's Redis database (2, see tests/support/stack.ts).
    const deadLetters = await waitUntil(
      'the message on task-events-dead',
      async () => {
        const out = execFileSync('redis-cli', [
          '-n',
          '2',
          'XREVRANGE',
          'task-events-dead',
          '+',
          '-',
          'COUNT',
          '50',
        ]).toString();
        return out.includes(id) ? out : undefined;
      },
      20_000,
    );
    expect(deadLetters).toContain(id);
    const processed = await stateDb`select key from state where key = ${`worker||processed:${id}`}`;
    expect(processed).toHaveLength(0);
  });
});
