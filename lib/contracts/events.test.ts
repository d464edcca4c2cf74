import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, EVENTS, TaskEventSchema } from './events';
import { TOPICS } from './names';
import { AppError, appErrorFromProblem, problemOf } from './problem';

const task = {
  id: '6f1c1f40-4a43-4a55-9a3b-5a1e4b0c2f10',
  title: 't',
  notes: null,
  priority: 'none',
  tags: [],
  dueAt: null,
  remindAt: null,
  recurrence: null,
  completed: true,
  completedAt: '2026-01-01T00:00:00.000Z',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 2,
};

describe('events', () => {
  it('routes every event type to its topic', () => {
    expect(EVENTS[EVENT_TYPES.taskCompleted].topic).toBe(TOPICS.taskEvents);
    expect(EVENTS[EVENT_TYPES.reminderDue].topic).toBe(TOPICS.reminders);
    expect(EVENTS[EVENT_TYPES.notificationCreated].topic).toBe(TOPICS.notifications);
  });

  it('accepts a valid task event and rejects a payload that does not match its type', () => {
    expect(TaskEventSchema.safeParse({ type: EVENT_TYPES.taskCompleted, data: { userId: 'u', task } }).success).toBe(
      true,
    );
    expect(TaskEventSchema.safeParse({ type: EVENT_TYPES.taskDeleted, data: { userId: 'u', task } }).success).toBe(
      false,
    );
    expect(TaskEventSchema.safeParse({ type: 'todo.task.exploded.v1', data: {} }).success).toBe(false);
  });
});

describe('problem+json', () => {
  it('maps codes to statuses and survives a round trip between services', () => {
    const error = new AppError('precondition_failed', 'stale', { errors: { version: ['old'] } });
    const problem = problemOf(error);
    expect(problem).toMatchObject({
      status: 412,
      title: 'Precondition failed',
      detail: 'stale',
      errors: { version: ['old'] },
    });
    const back = appErrorFromProblem(412, problem);
    expect(back.code).toBe('precondition_failed');
    expect(back.errors).toEqual({ version: ['old'] });
  });

  it('keeps a quota code apart from a plain conflict, and carries a numeric Retry-After only', () => {
    const quota = appErrorFromProblem(409, problemOf(new AppError('quota_exceeded', 'too many open tasks')));
    expect(quota.code).toBe('quota_exceeded');
    expect(appErrorFromProblem(409, problemOf(new AppError('conflict', 'taken'))).code).toBe('conflict');
    const limited = appErrorFromProblem(429, problemOf(new AppError('rate_limited', 'slow down')), '42');
    expect(limited.headers).toEqual({ 'retry-after': '42' });
    expect(
      appErrorFromProblem(429, problemOf(new AppError('rate_limited', 'x')), 'soon\r\nx: y').headers,
    ).toBeUndefined();
  });

  it('turns a non-problem upstream answer into 503 rather than passing it through', () => {
    expect(appErrorFromProblem(500, 'oops').status).toBe(503);
  });
});
