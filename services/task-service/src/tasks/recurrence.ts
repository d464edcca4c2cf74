// Recurrence math. Monthly and yearly rules keep the day of the series' first occurrence
// (its anchor), landing on the last day of shorter months: Jan 31 -> Feb 28 -> Mar 31.
import type { Recurrence } from '@/lib/contracts';

const DAY_MS = 86_400_000;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** The anchor moved by `months` whole months, clamped to the end of the target month. */
export function addMonthsClamped(anchor: Date, months: number): Date {
  const total = anchor.getUTCMonth() + months;
  const year = anchor.getUTCFullYear() + Math.floor(total / 12);
  const month = ((total % 12) + 12) % 12;
  const day = Math.min(anchor.getUTCDate(), daysInMonth(year, month));
  return new Date(
    Date.UTC(
      year,
      month,
      day,
      anchor.getUTCHours(),
      anchor.getUTCMinutes(),
      anchor.getUTCSeconds(),
      anchor.getUTCMilliseconds(),
    ),
  );
}

/**
 * The occurrence after `current` in a series that started at `anchor`, or null when it
 * would fall after `rule.until`.
 */
export function nextOccurrence(current: Date, rule: Recurrence, anchor: Date = current): Date | null {
  let next: Date;
  if (rule.freq === 'daily' || rule.freq === 'weekly') {
    const days = rule.interval * (rule.freq === 'weekly' ? 7 : 1);
    next = new Date(current.getTime() + days * DAY_MS);
  } else {
    const step = rule.interval * (rule.freq === 'yearly' ? 12 : 1);
    const elapsed =
      (current.getUTCFullYear() - anchor.getUTCFullYear()) * 12 + (current.getUTCMonth() - anchor.getUTCMonth());
    let n = Math.max(1, Math.floor(elapsed / step) + 1);
    next = addMonthsClamped(anchor, n * step);
    while (next.getTime() <= current.getTime()) {
      n += 1;
      next = addMonthsClamped(anchor, n * step);
    }
  }
  if (rule.until && next.getTime() > new Date(rule.until).getTime()) return null;
  return next;
}
