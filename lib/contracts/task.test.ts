import { describe, expect, it } from 'vitest';
import { NEW_TASK_DEFAULTS } from '../../tests/support/task-fixtures';
import { fieldErrorsOf } from './problem';
import { CreateTaskSchema, ListTasksQuerySchema, UpdateTaskSchema } from './task';

const errorsOf = (result: { success: boolean; error?: unknown }) =>
  result.success ? {} : fieldErrorsOf(result.error as Parameters<typeof fieldErrorsOf>[0]);

describe('CreateTaskSchema', () => {
  it('fills defaults and trims the title', () => {
    expect(CreateTaskSchema.parse({ title: '  Buy milk ' })).toEqual({ title: 'Buy milk', ...NEW_TASK_DEFAULTS });
  });

  it('rejects a title over 200 chars, an empty title, bad tags and too many tags, naming each field', () => {
    expect(Object.keys(errorsOf(CreateTaskSchema.safeParse({ title: 'x'.repeat(201) })))).toEqual(['title']);
    expect(Object.keys(errorsOf(CreateTaskSchema.safeParse({ title: '   ' })))).toEqual(['title']);
    expect(Object.keys(errorsOf(CreateTaskSchema.safeParse({ title: 'a', tags: ['Bad Tag'] })))).toEqual(['tags.0']);
    const many = Array.from({ length: 11 }, (_, i) => `t${i}`);
    expect(Object.keys(errorsOf(CreateTaskSchema.safeParse({ title: 'a', tags: many })))).toEqual(['tags']);
  });

  it('names an unknown field', () => {
    expect(errorsOf(CreateTaskSchema.safeParse({ title: 'a', colour: 'red' }))).toEqual({
      colour: ['unknown field "colour"'],
    });
  });

  it('requires an offset on dates and dueAt on recurring tasks', () => {
    expect(Object.keys(errorsOf(CreateTaskSchema.safeParse({ title: 'a', dueAt: '2026-01-01 10:00' })))).toEqual([
      'dueAt',
    ]);
    const recurring = CreateTaskSchema.safeParse({ title: 'a', recurrence: { freq: 'daily', interval: 1 } });
    expect(errorsOf(recurring)).toEqual({ recurrence: ['a recurring task needs dueAt'] });
    const badInterval = CreateTaskSchema.safeParse({
      title: 'a',
      dueAt: '2026-01-01T10:00:00Z',
      recurrence: { freq: 'daily', interval: 0 },
    });
    expect(Object.keys(errorsOf(badInterval))).toEqual(['recurrence.interval']);
  });

  it('de-duplicates tags', () => {
    expect(CreateTaskSchema.parse({ title: 'a', tags: ['x', 'x', 'y'] }).tags).toEqual(['x', 'y']);
  });
});

describe('UpdateTaskSchema', () => {
  it('rejects an empty patch and accepts clearing a date', () => {
    expect(UpdateTaskSchema.safeParse({}).success).toBe(false);
    expect(UpdateTaskSchema.parse({ remindAt: null })).toEqual({ remindAt: null });
  });
});

describe('ListTasksQuerySchema', () => {
  it('coerces limit and rejects values outside 1-100 and unknown time zones', () => {
    expect(ListTasksQuerySchema.parse({ limit: '5' }).limit).toBe(5);
    expect(ListTasksQuerySchema.safeParse({ limit: '0' }).success).toBe(false);
    expect(ListTasksQuerySchema.safeParse({ limit: '101' }).success).toBe(false);
    expect(ListTasksQuerySchema.safeParse({ tz: 'Mars/Olympus' }).success).toBe(false);
    expect(ListTasksQuerySchema.parse({ tz: 'Europe/Berlin' }).tz).toBe('Europe/Berlin');
  });
});
