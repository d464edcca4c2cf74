import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, type EventData, TOPICS } from '../../contracts';
import { outboxRowOf } from './enqueue';

const taskId = '6f1c1f40-4a43-4a55-9a3b-5a1e4b0c2f10';

describe('outboxRowOf', () => {
  it('takes the topic from the event catalogue', () => {
    expect(outboxRowOf(EVENT_TYPES.taskDeleted, taskId, { userId: 'u', taskId })).toEqual({
      type: EVENT_TYPES.taskDeleted,
      topic: TOPICS.taskEvents,
      aggregateId: taskId,
      data: { userId: 'u', taskId },
      // No tracing SDK in a unit test: no trace to continue.
      traceparent: null,
    });
  });

  it('refuses a payload the subscribers of its topic would drop', () => {
    const wrong = { userId: 'u', taskId: 'not-a-uuid' } as EventData<typeof EVENT_TYPES.taskDeleted>;
    expect(() => outboxRowOf(EVENT_TYPES.taskDeleted, taskId, wrong)).toThrow(/todo.task.deleted.v1 payload/);
    const missing = { userId: 'u' } as unknown as EventData<typeof EVENT_TYPES.reminderDue>;
    expect(() => outboxRowOf(EVENT_TYPES.reminderDue, taskId, missing)).toThrow(/event catalogue/);
  });
});
