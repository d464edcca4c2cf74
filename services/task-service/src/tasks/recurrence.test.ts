import { describe, expect, it } from 'vitest';
import { addMonthsClamped, nextOccurrence } from './recurrence';

const d = (s: string) => new Date(s);

describe('nextOccurrence', () => {
  it('adds the interval in days for daily and weeks for weekly rules', () => {
    expect(nextOccurrence(d('2026-03-01T09:00:00Z'), { freq: 'daily', interval: 3 })?.toISOString()).toBe(
      '2026-03-04T09:00:00.000Z',
    );
    expect(nextOccurrence(d('2026-03-01T09:00:00Z'), { freq: 'weekly', interval: 2 })?.toISOString()).toBe(
      '2026-03-15T09:00:00.000Z',
    );
  });

  it('lands a monthly rule on the 31st on the last day of shorter months and returns to the 31st', () => {
    const rule = { freq: 'monthly' as const, interval: 1 };
    const anchor = d('2026-01-31T08:00:00Z');
    const feb = nextOccurrence(anchor, rule, anchor);
    expect(feb?.toISOString()).toBe('2026-02-28T08:00:00.000Z');
    const mar = nextOccurrence(feb as Date, rule, anchor);
    expect(mar?.toISOString()).toBe('2026-03-31T08:00:00.000Z');
    const apr = nextOccurrence(mar as Date, rule, anchor);
    expect(apr?.toISOString()).toBe('2026-04-30T08:00:00.000Z');
  });

  it('handles leap years for yearly rules on Feb 29', () => {
    const anchor = d('2028-02-29T00:00:00Z');
    const next = nextOccurrence(anchor, { freq: 'yearly', interval: 1 }, anchor);
    expect(next?.toISOString()).toBe('2029-02-28T00:00:00.000Z');
    expect(nextOccurrence(d('2031-02-28T00:00:00Z'), { freq: 'yearly', interval: 1 }, anchor)?.toISOString()).toBe(
      '2032-02-29T00:00:00.000Z',
    );
  });

  it('returns null past the until date', () => {
    const rule = { freq: 'daily' as const, interval: 1, until: '2026-03-02T00:00:00Z' };
    expect(nextOccurrence(d('2026-03-01T09:00:00Z'), rule)).toBeNull();
  });

  it('keeps an occurrence exactly on the until date', () => {
    const rule = { freq: 'daily' as const, interval: 1, until: '2026-03-02T09:00:00Z' };
    expect(nextOccurrence(d('2026-03-01T09:00:00Z'), rule)?.toISOString()).toBe('2026-03-02T09:00:00.000Z');
  });
});

describe('addMonthsClamped', () => {
  it('crosses year boundaries in both directions', () => {
    expect(addMonthsClamped(d('2026-11-30T00:00:00Z'), 3).toISOString()).toBe('2027-02-28T00:00:00.000Z');
    expect(addMonthsClamped(d('2026-03-31T00:00:00Z'), -1).toISOString()).toBe('2026-02-28T00:00:00.000Z');
  });
});
