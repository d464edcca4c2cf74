// Kafka as the prod overlay configures it: TLS verified against the cluster CA and SASL/SCRAM-SHA-512
// (k8s/overlays/prod/kafka/*.yaml applied to the base components, each secretKeyRef filled in), on
// a test broker (kfake) that requires both. Every sidecar must connect for these flows to pass.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_DIR } from '../../scripts/local-config';
import { prodKafkaMetadata, startKfake, type TestKafka, waitForFanout } from '../support/kafka';
import { apiAs, signUp } from '../support/session';
import { openEvents, waitUntil } from '../support/sse';
import { startTestStack, type TestStack } from '../support/stack';

const NAME = 'it-kafka-auth';
const KAFKA_PORT = 19094;
const credentials = { user: 'todo', password: randomBytes(18).toString('base64url') };
let kafka: TestKafka;
let stack: TestStack;

beforeAll(async () => {
  kafka = await startKfake({
    port: KAFKA_PORT,
    isTls: true,
    scram: credentials,
    runDir: path.join(LOCAL_DIR, 'run', NAME),
  });
  // The Secrets of docs/kubernetes.md, as the Dapr operator would resolve them.
  const metadata = prodKafkaMetadata(kafka.brokers, {
    'kafka-username': credentials.user,
    'kafka-password': credentials.password,
    'kafka-ca-cert': kafka.caCert as string,
  });
  stack = await startTestStack({ name: NAME, portOffset: 1000, kafka: { brokers: kafka.brokers }, metadata });
  await waitForFanout([stack.webUrl()]);
}, 300_000);

afterAll(async () => {
  await stack?.stop();
  await kafka?.stop();
});

describe('Kafka with TLS and SASL/SCRAM (prod overlay settings)', () => {
  it('the broker refuses a client without TLS, or with a wrong password', async () => {
    await expect(kafka.read('task-events', { isTls: false })).rejects.toThrow(/TLS/);
    await expect(kafka.read('task-events', { credentials: null })).rejects.toThrow(/SASL/);
    await expect(kafka.read('task-events', { credentials: { ...credentials, password: 'wrong' } })).rejects.toThrow();
  });

  it('outbox -> task-events -> worker and reminder -> notification -> SSE pass through the authenticated broker', async () => {
    const user = await signUp(stack.webUrl());
    const api = apiAs(stack.webUrl(), user);
    const events = await openEvents(`${stack.webUrl()}/api/events`, user.cookie);
    await events.waitFor((f) => f.event === 'ready');

    const { body: recurring } = await api('/api/tasks', {
      method: 'POST',
      body: { title: 'Weekly review', dueAt: '2026-03-06T16:00:00.000Z', recurrence: { freq: 'weekly', interval: 1 } },
    });
    expect((await api(`/api/tasks/${recurring.id}/complete`, { method: 'POST' })).status).toBe(200);
    const tasksDb = stack.db('tasks');
    await waitUntil('the next occurrence', async () => {
      const rows = await tasksDb`select id from tasks where user_id = ${user.id} and id <> ${recurring.id}`;
      return rows.length === 1;
    });

    const remindAt = new Date(Date.now() + 3000).toISOString();
    const { body: task } = await api('/api/tasks', { method: 'POST', body: { title: 'Renew the TLS cert', remindAt } });
    const frame = await events.waitFor(
      (f) => f.event === 'notification' && JSON.parse(f.data).taskId === task.id,
      60_000,
    );
    expect(frame.at).toBeGreaterThanOrEqual(Date.parse(remindAt));
    events.close();

    const onTopic = (await kafka.read('reminders')).map((r) => JSON.parse(r.value));
    expect(onTopic.some((e) => e.data.taskId === task.id)).toBe(true);
  });
});
