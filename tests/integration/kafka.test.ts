// Kafka, as deployed: the pub/sub paths through daprd's real `pubsub.kafka` components (the
// definitions of k8s/base/dapr/components.yaml) on a test broker (kfake, scripts/install-kfake.sh)
// with only the topics those components allow: outbox -> task-events -> worker, reminder ->
// notification -> SSE, dead letters, per-replica fan-out to two web instances, topic scopes.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForFanout } from '../support/kafka';
import { apiAs, signUp, type TestUser } from '../support/session';
import { openEvents, type SseClient, type SseFrame, waitUntil } from '../support/sse';
import { startTestStack, type TestStack } from '../support/stack';

const KAFKA_PORT = 19093;
let stack: TestStack;
let tasksDb: ReturnType<TestStack['db']>;
let stateDb: ReturnType<TestStack['db']>;

const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();
const notificationFor = (taskId: string) => (f: SseFrame) =>
  f.event === 'notification' && JSON.parse(f.data).taskId === taskId;
const taskFrameFor = (taskId: string) => (f: SseFrame) => f.event === 'task' && JSON.parse(f.data).taskId === taskId;

async function streamOf(user: TestUser, replica = 0): Promise<SseClient> {
  const events = await openEvents(`${stack.webUrl(replica)}/api/events`, user.cookie);
  await events.waitFor((f) => f.event === 'ready');
  return events;
}

type PublishOptions = { id?: string; type?: string; partitionKey?: string };

/** Publishes through an app's own sidecar, as its code would; returns the HTTP status and body. */
async function publishAs(appId: string, pubsub: string, topic: string, data: unknown, options: PublishOptions = {}) {
  const app = stack.app(appId);
  const query = new URLSearchParams({
    'metadata.cloudevent.id': options.id ?? randomUUID(),
    'metadata.cloudevent.type': options.type ?? 'todo.task.completed.v1',
    ...(options.partitionKey ? { 'metadata.partitionKey': options.partitionKey } : {}),
  });
  const res = await fetch(`${app.sidecarUrl}/v1.0/publish/${pubsub}/${topic}?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'dapr-api-token': app.tokens.daprApiToken },
    body: JSON.stringify(data),
  });
  return { status: res.status, body: await res.text() };
}

/** The CloudEvents of a topic as the broker holds them. */
async function cloudEventsOn(topic: string): Promise<{ id: string; type: string; data: unknown }[]> {
  const records = (await stack.kafka?.read(topic)) ?? [];
  return records.map((r) => JSON.parse(r.value));
}

beforeAll(async () => {
  stack = await startTestStack({
    name: 'it-kafka',
    portOffset: 1000,
    replicas: { web: 1 },
    ownKafka: { port: KAFKA_PORT },
  });
  tasksDb = stack.db('tasks');
  stateDb = stack.db('state');

  await waitForFanout([stack.webUrl(0), stack.webUrl(1)]);
}, 300_000);

afterAll(async () => {
  await stack?.stop();
});

describe('Kafka components', () => {
  it('every sidecar runs the deployed pubsub.kafka components: pubsub for the services, pubsub-fanout for web', async () => {
    const componentsOf = async (appId: string, replica = 0) => {
      const app = stack.app(appId, replica);
      const res = await fetch(`${app.sidecarUrl}/v1.0/metadata`, {
        headers: { 'dapr-api-token': app.tokens.daprApiToken },
      });
      const meta = (await res.json()) as { components: { name: string; type: string }[] };
      return Object.fromEntries(
        meta.components.filter((c) => c.name.startsWith('pubsub')).map((c) => [c.name, c.type]),
      );
    };
    for (const appId of ['task-service', 'notification-service', 'worker'])
      expect(await componentsOf(appId)).toEqual({ pubsub: 'pubsub.kafka' });
    expect(await componentsOf('web', 0)).toEqual({ 'pubsub-fanout': 'pubsub.kafka' });
    expect(await componentsOf('web', 1)).toEqual({ 'pubsub-fanout': 'pubsub.kafka' });
  });
});

describe('flows over Kafka', () => {
  it('outbox -> task-events -> worker: completing a recurring task creates exactly its next occurrence', async () => {
    const user = await signUp(stack.webUrl());
    const api = apiAs(stack.webUrl(), user);
    const { body: task } = await api('/api/tasks', {
      method: 'POST',
      body: {
        title: 'Water the garden',
        dueAt: '2026-03-10T08:00:00.000Z',
        recurrence: { freq: 'weekly', interval: 1 },
      },
    });
    expect((await api(`/api/tasks/${task.id}/complete`, { method: 'POST' })).status).toBe(200);
    const next = await waitUntil(
      'the next occurrence',
      async () => {
        const rows = await tasksDb`select id, due_at from tasks where user_id = ${user.id} and id <> ${task.id}`;
        return rows.length > 0 ? rows : undefined;
      },
      30_000,
    );
    expect(next).toHaveLength(1);
    expect(next[0]?.due_at.toISOString()).toBe('2026-03-17T08:00:00.000Z');

    // The event went through the broker: it is on task-events, and the worker recorded it.
    const [event] =
      await tasksDb`select event_id from outbox where aggregate_id = ${task.id} and type = 'todo.task.completed.v1'`;
    const onTopic = await cloudEventsOn('task-events');
    expect(onTopic.filter((e) => e.id === event?.event_id)).toHaveLength(1);
    await waitUntil('the worker to record the event', async () => {
      const rows = await stateDb`select key from state where key = ${`worker||processed:${event?.event_id}`}`;
      return rows.length === 1;
    });
  });

  it('reminder -> reminders -> worker -> notifications -> SSE on both web instances, at its time and never before', async () => {
    const user = await signUp(stack.webUrl());
    const on0 = await streamOf(user, 0);
    const on1 = await streamOf(user, 1);
    const remindAt = inSeconds(4);
    const { body: task } = await apiAs(stack.webUrl(), user)('/api/tasks', {
      method: 'POST',
      body: { title: 'Call the plumber', remindAt },
    });
    const frames = await Promise.all([on0, on1].map((s) => s.waitFor(notificationFor(task.id), 60_000)));
    for (const frame of frames) {
      expect(frame.at).toBeGreaterThanOrEqual(Date.parse(remindAt));
      expect(JSON.parse(frame.data)).toMatchObject({ kind: 'reminder', taskId: task.id, title: 'Call the plumber' });
    }
    console.log(
      `Kafka: reminder delay remindAt -> SSE frame: ${frames.map((f) => f.at - Date.parse(remindAt)).join(' ms, ')} ms (web 0, web 1)`,
    );
    expect(frames[0]?.id).toBe(frames[1]?.id);
    const reminders = await cloudEventsOn('reminders');
    expect(reminders.filter((e) => (e.data as { taskId?: string }).taskId === task.id)).toHaveLength(1);
    const notifications = await cloudEventsOn('notifications');
    expect(
      notifications.filter((e) => (e.data as { notification?: { taskId?: string } }).notification?.taskId === task.id),
    ).toHaveLength(1);
    for (const s of [on0, on1]) s.close();
  });

  it('two web instances each receive every fan-out message, and only for their own user', async () => {
    const alice = await signUp(stack.webUrl(), 'alice');
    const bob = await signUp(stack.webUrl(), 'bob');
    const aliceStreams = [await streamOf(alice, 0), await streamOf(alice, 1)];
    const bobStreams = [await streamOf(bob, 0), await streamOf(bob, 1)];
    const api = apiAs(stack.webUrl(), alice);
    const ids: string[] = [];
    const createdAt: number[] = [];
    for (let i = 0; i < 10; i++) {
      const { status, body } = await api('/api/tasks', { method: 'POST', body: { title: `fan-out ${i}` } });
      expect(status).toBe(201);
      createdAt.push(Date.now());
      ids.push(body.id);
    }
    const latencies: number[] = [];
    for (const s of aliceStreams) {
      for (const [i, id] of ids.entries()) {
        const frame = await s.waitFor(taskFrameFor(id), 30_000);
        latencies.push(frame.at - (createdAt[i] ?? 0));
      }
      expect(s.frames.filter((f) => f.event === 'task' && ids.includes(JSON.parse(f.data).taskId))).toHaveLength(10);
    }
    latencies.sort((a, b) => a - b);
    console.log(
      `Kafka: create 201 -> task frame on each web instance (20 frames): p50 ${latencies[10]} ms, max ${latencies[19]} ms`,
    );
    await new Promise((r) => setTimeout(r, 1000));
    for (const s of bobStreams) expect(s.frames.filter((f) => f.event === 'task')).toHaveLength(0);
    for (const s of [...aliceStreams, ...bobStreams]) s.close();
  });
});

describe('dead letters and topic scopes', () => {
  it('a malformed task event ends up on task-events-dead, published by the worker’s sidecar, and is never recorded as processed', async () => {
    const id = randomUUID();
    const published = await publishAs(
      'task-service',
      'pubsub',
      'task-events',
      { userId: 'x', task: { id: 'nope' } },
      { id },
    );
    expect(published.status).toBe(204);
    const dead = await waitUntil(
      'the event on task-events-dead',
      async () => (await cloudEventsOn('task-events-dead')).find((e) => e.id === id),
      30_000,
    );
    expect(dead).toMatchObject({ id, type: 'todo.task.completed.v1', data: { userId: 'x' } });
    const processed = await stateDb`select key from state where key = ${`worker||processed:${id}`}`;
    expect(processed).toHaveLength(0);
  });

  it('each app publishes only the topics it owns, and web publishes nothing', async () => {
    const forbidden: [string, string, string][] = [
      ['task-service', 'pubsub', 'notifications'],
      ['task-service', 'pubsub', 'task-events-dead'],
      ['task-service', 'pubsub', 'some-other-topic'],
      ['notification-service', 'pubsub', 'task-events'],
      ['notification-service', 'pubsub', 'reminders'],
      ['worker', 'pubsub', 'task-events'],
      ['worker', 'pubsub', 'notifications'],
      ['web', 'pubsub-fanout', 'task-events'],
      ['web', 'pubsub-fanout', 'notifications'],
    ];
    for (const [appId, pubsub, topic] of forbidden) {
      const res = await publishAs(appId, pubsub, topic, { probe: true });
      expect({ appId, topic, status: res.status, body: res.body }).toMatchObject({
        appId,
        topic,
        status: 403,
        body: expect.stringContaining(`topic ${topic} is not allowed for app id ${appId}`),
      });
    }
    // web has no pubsub component at all (it is scoped to the services).
    expect((await publishAs('web', 'pubsub', 'task-events', { probe: true })).status).toBe(404);
    // Nothing forbidden reached the broker.
    for (const topic of ['notifications', 'task-events', 'reminders', 'task-events-dead']) {
      const events = await cloudEventsOn(topic);
      expect(events.filter((e) => (e.data as { probe?: boolean })?.probe)).toHaveLength(0);
    }
  });

  it('a malformed fan-out message is dropped by each web instance and holds back nothing after it on its partition', async () => {
    const user = await signUp(stack.webUrl());
    const streams = [await streamOf(user, 0), await streamOf(user, 1)];
    // Same partition key: on Kafka a message that is never acknowledged blocks its partition for
    // that consumer group, so the valid one behind it arrives only if the bad one was let go.
    const partitionKey = randomUUID();
    const type = 'todo.notification.created.v1';
    const badId = randomUUID();
    const bad = await publishAs(
      'notification-service',
      'pubsub',
      'notifications',
      { userId: user.id, notification: 1 },
      { id: badId, type, partitionKey },
    );
    expect(bad.status).toBe(204);
    const notification = {
      id: '900000000001',
      kind: 'reminder',
      taskId: randomUUID(),
      title: 'behind the bad one',
      body: 'Your reminder is due now.',
      createdAt: new Date().toISOString(),
      readAt: null,
    };
    const goodId = randomUUID();
    const good = await publishAs(
      'notification-service',
      'pubsub',
      'notifications',
      { userId: user.id, notification },
      { id: goodId, type, partitionKey },
    );
    expect(good.status).toBe(204);
    const records = (await stack.kafka?.read('notifications')) ?? [];
    const partitions = records.filter((r) => [badId, goodId].includes(JSON.parse(r.value).id)).map((r) => r.partition);
    expect(partitions).toHaveLength(2);
    expect(new Set(partitions).size).toBe(1);
    await Promise.all(streams.map((s) => s.waitFor(notificationFor(notification.taskId), 15_000)));
    for (const s of streams) s.close();
  });
});
