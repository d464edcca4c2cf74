import { randomUUID } from 'node:crypto';
import { NextRequest } from 'next/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NEW_TASK_DEFAULTS } from '../../../tests/support/task-fixtures';

vi.mock('server-only', () => ({}));
const TOKEN = 'app-api-token-for-the-unit-test';
const { loadServerConfig } = await import('@/lib/platform/config');
const { WebConfigSchema } = await import('@/lib/web/env');
loadServerConfig('web', WebConfigSchema, {
  APP_API_TOKEN: TOKEN,
  DAPR_HTTP_PORT: '3500',
  DAPR_API_TOKEN: 'dapr-api-token-for-the-unit-test',
});
const { POST } = await import('./fanout');
const { hub } = await import('@/lib/web/hub');

const task = (id: string) => ({
  id,
  title: 't',
  ...NEW_TASK_DEFAULTS,
  tags: [],
  completed: false,
  completedAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
});
const created = (userId: string, taskId: string) => ({
  id: randomUUID(),
  type: 'todo.task.created.v1',
  source: 'task-service',
  data: { userId, task: task(taskId) },
});

const post = (topic: string, body: unknown, token = TOKEN) =>
  POST(
    new NextRequest(`http://localhost/api/internal/fanout/${topic}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'dapr-api-token': token },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({ topic }) },
  );

function streamOf(userId: string) {
  const send = vi.fn();
  const off = hub.subscribe(userId, { send, heartbeat: () => {}, close: () => {} });
  return { send, off };
}

describe('POST /api/internal/fanout/{topic}', () => {
  const offs: (() => void)[] = [];
  afterEach(() => {
    for (const off of offs.splice(0)) off();
  });

  it('answers each entry of a bulk delivery: SUCCESS for a valid event, DROP for a malformed one', async () => {
    const a = streamOf('user-a');
    offs.push(a.off);
    const taskId = randomUUID();
    const res = await post('task-events', {
      id: randomUUID(),
      topic: 'task-events',
      entries: [
        { entryId: 'e1', event: created('user-a', taskId), contentType: 'application/cloudevents+json', metadata: {} },
        { entryId: 'e2', event: { id: 'x', type: 'todo.task.created.v1', data: { userId: 'user-a' } } },
        { entryId: 'e3', event: JSON.stringify(created('user-a', taskId)) },
      ],
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      statuses: [
        { entryId: 'e1', status: 'SUCCESS' },
        { entryId: 'e2', status: 'DROP' },
        { entryId: 'e3', status: 'SUCCESS' },
      ],
    });
    expect(a.send).toHaveBeenCalledTimes(2);
    expect(a.send.mock.calls[0]?.[0]).toEqual({ event: 'task', data: { type: 'todo.task.created.v1', taskId } });
  });

  it('still accepts a single CloudEvent (a subscription without bulk)', async () => {
    const b = streamOf('user-b');
    offs.push(b.off);
    const res = await post('task-events', created('user-b', randomUUID()));
    expect(await res.json()).toEqual({ status: 'SUCCESS' });
    expect(b.send).toHaveBeenCalledTimes(1);
  });

  it('drops every entry of an unknown topic and refuses a caller without the sidecar token', async () => {
    const res = await post('other', { entries: [{ entryId: 'e1', event: created('u', randomUUID()) }] });
    expect(await res.json()).toEqual({ statuses: [{ entryId: 'e1', status: 'DROP' }] });
    expect((await post('task-events', created('u', randomUUID()), 'wrong-token-of-some-length')).status).toBe(401);
  });
});
