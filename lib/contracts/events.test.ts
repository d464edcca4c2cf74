import { describe, expect, it } from 'vitest';
import { NEW_TASK_DEFAULTS } from '../../tests/support/task-fixtures';
import { EVENT_TYPES, EVENTS, type EventData, type EventType, eventTypesOn, topicEventSchema } from './events';
import { TOPICS, type Topic } from './names';
import { AppError, appErrorFromProblem, problemOf } from './problem';
import type { Task } from './task';

const task: Task = {
  id: '6f1c1f40-4a43-4a55-9a3b-5a1e4b0c2f10',
  title: 't',
  ...NEW_TASK_DEFAULTS,
  tags: [],
  completed: true,
  completedAt: '2026-01-01T00:00:00.000Z',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 2,
};

const notification = {
  id: '42',
  kind: 'reminder',
  taskId: task.id,
  title: 't',
  body: 'Your reminder is due now.',
  createdAt: '2026-01-01T00:00:00.000Z',
  readAt: null,
} as const;

/** One payload of every event type in the catalogue, as its publisher writes it. */
const SAMPLES: { [T in EventType]: EventData<T> } = {
  [EVENT_TYPES.taskCreated]: { userId: 'u', task: { ...task, completed: false, completedAt: null, version: 1 } },
  [EVENT_TYPES.taskUpdated]: {
    userId: 'u',
    task: { ...task, completed: false, completedAt: null, recurrence: { freq: 'weekly', interval: 2, until: null } },
  },
  [EVENT_TYPES.taskCompleted]: { userId: 'u', task },
  [EVENT_TYPES.taskReopened]: { userId: 'u', task: { ...task, completed: false, completedAt: null } },
  [EVENT_TYPES.taskDeleted]: { userId: 'u', taskId: task.id },
  [EVENT_TYPES.reminderDue]: {
    userId: 'u',
    taskId: task.id,
    reminderId: `${task.id}:2026-01-01T09:00:00.000Z`,
    title: 't',
    dueAt: null,
    remindAt: '2026-01-01T09:00:00.000Z',
  },
  [EVENT_TYPES.notificationCreated]: { userId: 'u', notification },
};

describe('the event catalogue', () => {
  it('lists every event type once, each on a known topic', () => {
    expect(Object.keys(EVENTS).sort()).toEqual(Object.values(EVENT_TYPES).sort());
    for (const { topic } of Object.values(EVENTS)) expect(Object.values(TOPICS)).toContain(topic);
    const perTopic = Object.values(TOPICS).flatMap((topic) => eventTypesOn(topic));
    expect(perTopic.sort()).toEqual(Object.values(EVENT_TYPES).sort());
  });

  for (const type of Object.values(EVENT_TYPES)) {
    it(`${type}: a published payload round-trips through JSON to what its topic's subscribers accept`, () => {
      const { topic, schema } = EVENTS[type];
      const published = schema.parse(SAMPLES[type]);
      const delivered = JSON.parse(JSON.stringify({ type, data: published }));
      expect(topicEventSchema(topic).parse(delivered)).toEqual({ type, data: SAMPLES[type] });
      // Subscribers of the other topics refuse it (DROP), so a type cannot be read off the wrong topic.
      for (const other of Object.values(TOPICS).filter((t): t is Topic => t !== topic)) {
        expect(topicEventSchema(other).safeParse(delivered).success, other).toBe(false);
      }
    });

    it(`${type}: a payload of another shape is refused by its topic's subscribers`, () => {
      const { topic } = EVENTS[type];
      expect(topicEventSchema(topic).safeParse({ type, data: { userId: 'u' } }).success).toBe(false);
      expect(topicEventSchema(topic).safeParse({ type, data: { ...SAMPLES[type], userId: '' } }).success).toBe(false);
    });
  }
});

describe('events', () => {
  it('routes every event type to its topic', () => {
    expect(EVENTS[EVENT_TYPES.taskCompleted].topic).toBe(TOPICS.taskEvents);
    expect(EVENTS[EVENT_TYPES.reminderDue].topic).toBe(TOPICS.reminders);
    expect(EVENTS[EVENT_TYPES.notificationCreated].topic).toBe(TOPICS.notifications);
  });

  it('accepts a valid task event and rejects a payload that does not match its type', () => {
    expect(
      topicEventSchema(TOPICS.taskEvents).safeParse({ type: EVENT_TYPES.taskCompleted, data: { userId: 'u', task } })
        .success,
    ).toBe(true);
    expect(
      topicEventSchema(TOPICS.taskEvents).safeParse({ type: EVENT_TYPES.taskDeleted, data: { userId: 'u', task } })
        .success,
    ).toBe(false);
    expect(topicEventSchema(TOPICS.taskEvents).safeParse({ type: 'todo.task.exploded.v1', data: {} }).success).toBe(
      false,
    );
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
