// The browser's pure logic: relative dates, datetime-local round trips, view counts, tags, and
// which failures raise the "service unavailable" banner.
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { Task } from '@/lib/contracts/task';
import { NEW_TASK_DEFAULTS } from '../tests/support/task-fixtures';
import { ApiError } from './api';
import { formatDay, formatWhen, isoToLocalInput, lastDays, localInputToIso } from './datetime';
import { downServices } from './service-banner';
import { isValidTag, parseTagList } from './task-labels';
import { countsOf, tagsOf } from './task-summary';

const NOW = new Date(2026, 10, 23, 14, 30); // Monday 23 Nov 2026, 14:30 local

function task(fields: Partial<Task>): Task {
  return {
    id: crypto.randomUUID(),
    title: 'task',
    ...NEW_TASK_DEFAULTS,
    tags: [],
    completed: false,
    completedAt: null,
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    version: 1,
    ...fields,
  };
}

describe('relative dates', () => {
  it('names today, tomorrow, yesterday and the days of the coming week', () => {
    expect(formatDay(new Date(2026, 10, 23, 23, 59), NOW)).toBe('Today');
    expect(formatDay(new Date(2026, 10, 24, 0, 0), NOW)).toBe('Tomorrow');
    expect(formatDay(new Date(2026, 10, 22, 8, 0), NOW)).toBe('Yesterday');
    expect(formatDay(new Date(2026, 10, 26, 8, 0), NOW)).toBe(
      new Intl.DateTimeFormat(undefined, { weekday: 'long' }).format(new Date(2026, 10, 26)),
    );
    expect(formatDay(new Date(2027, 0, 5), NOW)).toMatch(/2027/);
  });

  it('formats a due time with a 24-hour clock: "Tomorrow 09:00"', () => {
    expect(formatWhen(new Date(2026, 10, 24, 9, 0).toISOString(), NOW)).toBe('Tomorrow 09:00');
    expect(formatWhen(new Date(2026, 10, 23, 17, 5).toISOString(), NOW)).toBe('Today 17:05');
    expect(formatWhen('not a date', NOW)).toBe('not a date');
  });

  it('lists the last 14 local days ending today, oldest first', () => {
    const days = lastDays(14, NOW);
    expect(days).toHaveLength(14);
    expect(days.at(-1)?.key).toBe('2026-11-23');
    expect(days[0]?.key).toBe('2026-11-10');
  });
});

describe('datetime-local values', () => {
  it.each(['2026-03-29T09:00', '2026-10-25T23:30', '2099-12-31T00:00', '2026-11-23T14:30'])(
    '%s survives the trip to ISO and back',
    (value) => {
      const iso = localInputToIso(value);
      expect(iso).not.toBeNull();
      expect(isoToLocalInput(iso)).toBe(value);
    },
  );

  it('refuses what is not a datetime-local value and shows nothing for null', () => {
    expect(localInputToIso('tomorrow')).toBeNull();
    expect(localInputToIso('')).toBeNull();
    expect(isoToLocalInput(null)).toBe('');
    expect(isoToLocalInput('garbage')).toBe('');
  });
});

describe('view counts and tags', () => {
  const at = (day: number, hour: number) => new Date(2026, 10, day, hour, 0).toISOString();
  const tasks = [
    task({ dueAt: at(23, 9), tags: ['home'] }), // today, already past: today and overdue
    task({ dueAt: at(23, 20), tags: ['home', 'work'] }), // today, later
    task({ dueAt: at(25, 9), tags: ['work'] }), // upcoming
    task({ dueAt: at(20, 9) }), // overdue
    task({}), // no date
    task({ dueAt: at(23, 8), completed: true, completedAt: at(23, 10), tags: ['done'] }), // completed
  ];

  it('counts like the task service: today, upcoming, overdue, all open, completed', () => {
    expect(countsOf({ tasks, isTruncated: false }, NOW)).toEqual({
      today: '2',
      upcoming: '1',
      overdue: '2',
      all: '5',
      completed: '1',
    });
  });

  it('hides zero counts except All, and marks a truncated summary', () => {
    expect(countsOf({ tasks: [], isTruncated: false }, NOW)).toEqual({
      today: '',
      upcoming: '',
      overdue: '',
      all: '0',
      completed: '',
    });
    expect(countsOf({ tasks: [task({})], isTruncated: true }, NOW).all).toBe('1+');
    expect(countsOf(undefined, NOW)).toEqual({});
  });

  it('lists the tags of open tasks, most used first', () => {
    expect(tagsOf({ tasks, isTruncated: false })).toEqual(['home', 'work']);
  });

  it('reads tags the way the contract stores them', () => {
    expect(parseTagList('Home, #work  errands,home')).toEqual(['home', 'work', 'errands']);
    expect(isValidTag('deep-work_2')).toBe(true);
    expect(isValidTag('no spaces')).toBe(false);
    expect(isValidTag('x'.repeat(33))).toBe(false);
  });
});

describe('the service banner', () => {
  async function failedQueries(errors: Record<string, unknown>) {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    for (const [area, error] of Object.entries(errors)) {
      await client
        .fetchQuery({
          queryKey: [area, 'x'],
          queryFn: () => Promise.reject(error),
        })
        .catch(() => undefined);
    }
    return client.getQueryCache().getAll();
  }
  const problem = (status: number) => new ApiError({ type: 'about:blank', title: 'x', status });

  it('names the areas that answered 5xx or did not answer at all', async () => {
    expect(downServices(await failedQueries({ tasks: problem(503), notifications: new TypeError('fetch') }))).toBe(
      'notifications,tasks',
    );
  });

  it('stays away for client errors and unknown areas', async () => {
    expect(
      downServices(await failedQueries({ tasks: problem(404), settings: problem(401), other: problem(503) })),
    ).toBe('');
  });
});
