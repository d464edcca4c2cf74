// Wall-clock time in an IANA time zone and back, through Intl only (works in the browser and on the
// server whatever the system time zone is). Instants are found per date, so DST changes are honoured.

/** A local date and time in some time zone; month is 1-12. */
export type WallClock = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether Intl knows the zone (an unknown zone would make every later call throw). */
export function isValidTimeZone(timeZone: string): boolean {
  if (formatters.has(timeZone)) return true;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The zone itself when Intl knows it, otherwise UTC: a bad zone must not break parsing. */
export function safeTimeZone(timeZone: string | undefined): string {
  return timeZone && isValidTimeZone(timeZone) ? timeZone : 'UTC';
}

/** The wall clock in `timeZone` at `instant`. */
export function wallClockAt(instant: Date | number, timeZone: string): WallClock {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const value = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const era = parts.find((p) => p.type === 'era')?.value;
  const year = value('year');
  return {
    year: era === 'BC' || era === 'B' ? 1 - year : year,
    month: value('month'),
    day: value('day'),
    hour: value('hour'),
    minute: value('minute'),
    second: value('second'),
  };
}

/** The wall clock read as if it were UTC, in ms (for arithmetic on local dates). */
export function wallClockMs(w: WallClock): number {
  const date = new Date(Date.UTC(2000, w.month - 1, w.day, w.hour, w.minute, w.second));
  date.setUTCFullYear(w.year);
  return date.getTime();
}

/** The inverse of wallClockMs. */
export function wallClockFromMs(ms: number): WallClock {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** Minutes east of UTC in `timeZone` at `instant` (Berlin in summer: 120). */
export function offsetMinutes(instant: Date | number, timeZone: string): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const wholeSeconds = Math.floor(ms / 1000) * 1000;
  return Math.round((wallClockMs(wallClockAt(wholeSeconds, timeZone)) - wholeSeconds) / 60_000);
}

const DAY_MS = 86_400_000;

/**
 * The instant at which `timeZone` shows the wall clock `w`. A time that occurs twice (the hour
 * repeated when clocks go back) is the first of the two; a time skipped when clocks go forward is
 * moved forward by the gap (02:30 on the spring-forward night in New York is 03:30 EDT).
 */
export function instantOf(w: WallClock, timeZone: string): Date {
  const local = wallClockMs(w);
  const before = offsetMinutes(local - DAY_MS, timeZone);
  const after = offsetMinutes(local + DAY_MS, timeZone);
  const candidates = [...new Set([before, after])]
    .map((offset) => local - offset * 60_000)
    .filter((ms) => wallClockMs(wallClockAt(ms, timeZone)) === local)
    .sort((a, b) => a - b);
  return new Date(candidates[0] ?? local - before * 60_000);
}

/** Days from Sunday (0) for a wall-clock date. */
export function weekdayOf(w: Pick<WallClock, 'year' | 'month' | 'day'>): number {
  return new Date(wallClockMs({ ...w, hour: 12, minute: 0, second: 0 })).getUTCDay();
}

/** The wall-clock date `days` days after `w` (same time of day). */
export function addDays(w: WallClock, days: number): WallClock {
  return wallClockFromMs(wallClockMs(w) + days * DAY_MS);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
