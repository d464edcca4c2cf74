// Date helpers for the browser: local <input type="datetime-local"> values and display.
// Everything here formats with the browser's locale and zone, so call it only after hydration
// (client-fetched data, effects) and never for markup the server also renders.

const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');

/** The browser's IANA time zone, sent as `tz` so "today" and "overdue" mean the user's day. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/**
 * Turns a datetime-local value ("2026-05-01T09:00") into ISO-8601 with the browser's
 * offset for that instant ("2026-05-01T09:00:00+02:00"), so DST is respected.
 * Returns null for an empty or unparseable value.
 */
export function localInputToIso(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(y, mo - 1, d, h, mi, Number.isNaN(s) ? 0 : s);
  if (Number.isNaN(date.getTime())) return null;
  const offsetMinutes = -date.getTimezoneOffset();
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const offset = `${sign}${pad(Math.trunc(offsetMinutes / 60))}:${pad(offsetMinutes % 60)}`;
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${offset}`
  );
}

/** The datetime-local value ("2026-05-01T09:00") of an ISO instant in the browser's zone; "" for null. */
export function isoToLocalInput(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

const sameDay = (a: Date, b: Date) =>
  a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

const startOfDay = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate());
const addDays = (date: Date, days: number) => new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);

// 24-hour clock ("09:00"), the form the product uses everywhere.
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const weekdayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long' });
const dateFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', month: 'short', day: 'numeric' });
const dateYearFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', year: 'numeric' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });

/** "Today", "Tomorrow", "Yesterday", a weekday within the coming week, else "Mon, May 4" (with year if not this year). */
export function formatDay(date: Date, now: Date = new Date()): string {
  if (sameDay(date, now)) return 'Today';
  if (sameDay(date, addDays(now, 1))) return 'Tomorrow';
  if (sameDay(date, addDays(now, -1))) return 'Yesterday';
  const days = Math.round((startOfDay(date).getTime() - startOfDay(now).getTime()) / 86_400_000);
  if (days > 1 && days < 7) return weekdayFormat.format(date);
  return date.getFullYear() === now.getFullYear() ? dateFormat.format(date) : dateYearFormat.format(date);
}

/** Short, human form of an ISO date-time: "Today 09:00", "Tomorrow 17:30", "Mon, May 4 09:00". */
export function formatWhen(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${formatDay(date, now)} ${timeFormat.format(date)}`;
}

/** Long form for a `title` / `dateTime` tooltip. */
export function formatFull(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : fullFormat.format(date);
}

export function isPast(iso: string, now: Date = new Date()): boolean {
  const time = new Date(iso).getTime();
  return !Number.isNaN(time) && time < now.getTime();
}

/** The browser-local calendar day of an instant, as "YYYY-MM-DD" (for grouping and bucketing). */
export function localDayKey(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The last `count` local days ending today, oldest first, as keys and dates. */
export function lastDays(count: number, now: Date = new Date()): { key: string; date: Date }[] {
  return Array.from({ length: count }, (_, i) => {
    const date = addDays(now, i - count + 1);
    return { key: localDayKey(date), date };
  });
}
