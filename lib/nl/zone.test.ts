import { describe, expect, it } from 'vitest';
import { describeQuery, formatDue, formatWhen, recurrenceLabel } from './format';
import { instantOf, isValidTimeZone, offsetMinutes, wallClockAt } from './zone';

const wall = (year: number, month: number, day: number, hour: number, minute = 0) => ({
  year,
  month,
  day,
  hour,
  minute,
  second: 0,
});

describe('time zone math', () => {
  it('gives the offset in minutes east of UTC for the date', () => {
    expect(offsetMinutes(new Date('2026-07-01T12:00:00Z'), 'Europe/Berlin')).toBe(120);
    expect(offsetMinutes(new Date('2026-01-01T12:00:00Z'), 'Europe/Berlin')).toBe(60);
    expect(offsetMinutes(new Date('2026-01-01T12:00:00Z'), 'America/New_York')).toBe(-300);
    expect(offsetMinutes(new Date('2026-01-01T12:00:00Z'), 'Asia/Kolkata')).toBe(330);
  });

  it('finds the instant of a wall clock on each side of a DST change', () => {
    expect(instantOf(wall(2026, 3, 7, 9), 'America/New_York').toISOString()).toBe('2026-03-07T14:00:00.000Z');
    expect(instantOf(wall(2026, 3, 8, 9), 'America/New_York').toISOString()).toBe('2026-03-08T13:00:00.000Z');
  });

  it('moves a skipped time forward by the gap', () => {
    expect(instantOf(wall(2026, 3, 8, 2, 30), 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(instantOf(wall(2026, 3, 29, 2, 30), 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('takes the first of a repeated time', () => {
    expect(instantOf(wall(2026, 11, 1, 1, 30), 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(instantOf(wall(2026, 10, 25, 2, 30), 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('reads the wall clock back', () => {
    expect(wallClockAt(new Date('2026-06-15T06:30:00Z'), 'Asia/Kolkata')).toEqual(wall(2026, 6, 15, 12));
  });

  it('tells known zones from unknown ones', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('labels', () => {
  const ctx = { now: new Date('2026-06-15T12:00:00Z'), timeZone: 'Europe/Berlin' };

  it('names days relative to today in the user zone', () => {
    expect(formatWhen('2026-06-15T07:00:00Z', ctx)).toBe('Today 09:00');
    expect(formatWhen('2026-06-15T22:30:00Z', ctx)).toBe('Tomorrow 00:30');
    expect(formatWhen('2026-06-14T10:00:00Z', ctx)).toBe('Yesterday 12:00');
    expect(formatWhen('2026-06-19T13:00:00Z', ctx)).toBe('Friday 15:00');
    expect(formatWhen('2026-06-25T13:00:00Z', ctx, { withTime: false })).toBe('Thu 25 Jun');
    expect(formatWhen('2027-01-04T13:00:00Z', ctx)).toBe('Mon 4 Jan 2027 14:00');
  });

  it('drops the time of a date-only due (end of the day)', () => {
    expect(formatDue('2026-06-16T21:59:00Z', ctx)).toBe('Tomorrow');
    expect(formatDue('2026-06-16T07:00:00Z', ctx)).toBe('Tomorrow 09:00');
    expect(formatDue('not a date', ctx)).toBe('');
  });
});

describe('reply phrases', () => {
  it('names repetition rules', () => {
    expect(recurrenceLabel({ freq: 'daily', interval: 1 })).toBe('Every day');
    expect(recurrenceLabel({ freq: 'weekly', interval: 2 })).toBe('Every other week');
    expect(recurrenceLabel({ freq: 'monthly', interval: 3 })).toBe('Every 3 months');
    expect(recurrenceLabel({ freq: 'yearly', interval: 1 })).toBe('Every year');
  });

  it('describes list requests', () => {
    expect(describeQuery({})).toBe('tasks');
    expect(describeQuery({ view: 'overdue', tag: 'work' })).toBe('overdue tasks tagged #work');
    expect(describeQuery({ view: 'today', priority: 'high', q: 'dentist' })).toBe(
      'tasks due today with high priority matching “dentist”',
    );
    expect(describeQuery({ priority: 'none' })).toBe('tasks without priority');
  });
});
