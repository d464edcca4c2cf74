import { describe, expect, it } from 'vitest';
import { backoffMs, publishInOrder } from './relay';
import type { OutboxRow } from './schema';

const row = (id: number): OutboxRow => ({
  id,
  eventId: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
  aggregateId: 'task-1',
  topic: 'task-events',
  type: 'todo.task.created.v1',
  data: {},
  createdAt: new Date(),
  sentAt: null,
  attempts: 0,
  lastError: null,
  traceparent: null,
});

describe('publishInOrder', () => {
  it('publishes every row in id order', async () => {
    const published: number[] = [];
    const result = await publishInOrder([row(1), row(2), row(3)], async (r) => {
      published.push(r.id);
    });
    expect(published).toEqual([1, 2, 3]);
    expect(result).toEqual({ sent: [1, 2, 3] });
  });

  it('stops at the first failure so no later event overtakes it', async () => {
    const published: number[] = [];
    const result = await publishInOrder([row(1), row(2), row(3)], async (r) => {
      if (r.id === 2) throw new Error('broker down');
      published.push(r.id);
    });
    expect(published).toEqual([1]);
    expect(result.sent).toEqual([1]);
    expect(result.failed?.id).toBe(2);
  });
});

describe('backoffMs', () => {
  it('doubles from 100 ms and stays at 10 s', () => {
    expect([0, 1, 2, 3].map(backoffMs)).toEqual([0, 100, 200, 400]);
    expect(backoffMs(30)).toBe(10_000);
  });
});
