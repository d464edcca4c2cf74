// Dates and times in free text, read in the user's time zone. chrono-node finds the phrases and their
// calendar fields; the instant is computed here from the wall clock through Intl, so "tomorrow 9am"
// is 09:00 on that date's own offset even when a DST change lies between now and then.
import { casual, type ParsedResult } from 'chrono-node/en';
import { MAX_INSTANT, MIN_INSTANT } from '../contracts/text';
import type { ParseContext } from './types';
import {
  addDays,
  daysInMonth,
  instantOf,
  offsetMinutes,
  safeTimeZone,
  type WallClock,
  wallClockAt,
  wallClockMs,
} from './zone';

/** A time of day, used when the text names a date but no time. */
export type TimeOfDay = { hour: number; minute: number };

/** A date-only due ("tomorrow", "Friday") means "by the end of that day", so it is not overdue before then. */
export const DATE_ONLY_DUE_TIME: TimeOfDay = { hour: 23, minute: 59 };
/** A date-only reminder ("remind me about X tomorrow") fires in the morning. */
export const DATE_ONLY_REMIND_TIME: TimeOfDay = { hour: 9, minute: 0 };

/** One date phrase found in the text. */
export type FoundDate = {
  start: number;
  end: number;
  text: string;
  /** The calendar date named (year, month 1-12, day), or null when only a time was given. */
  date: { year: number; month: number; day: number } | null;
  /** The time of day named, or null when only a date was given. */
  time: { hour: number; minute: number; second: number } | null;
  /** Set when the phrase fixes the instant by itself: "in 20 minutes", or a time with an explicit zone. */
  instant: Date | null;
};

/** The hour of "morning" without a time. */
const MORNING_HOUR = 9;

const CASUAL_TIME_TAG = /^casualReference\/(morning|afternoon|evening|night|tonight|noon|midnight)$/;
// Three-letter weekday abbreviations on their own are too often words or names ("sun", "sat").
const WEEKDAY_ABBREVIATION = /^(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?$/i;
// Casual phrases that do not make a useful due date.
const REJECTED = /^(now|right now|weekend|this weekend)$/i;
// A part of the day on its own is a time only at the end of the text ("take out trash every Thursday night"),
// not where it starts a title ("Night shift", "Morning run").
const PART_OF_DAY = /^(morning|afternoon|evening|night)$/i;
// "every weekday" has no rule in the contract; chrono would read "weekday" as the next Monday.
const WEEKDAY_WORD = /\bweekdays?\b/i;

function accept(result: ParsedResult, text: string): boolean {
  const phrase = result.text.trim();
  if (WEEKDAY_ABBREVIATION.test(phrase) || REJECTED.test(phrase) || WEEKDAY_WORD.test(phrase)) return false;
  const after = text.slice(result.index + result.text.length);
  // "Monday's meeting" names a meeting, not a due date.
  if (/^['’]s\b/i.test(after)) return false;
  if (PART_OF_DAY.test(phrase) && /^\s*[\p{L}\p{N}]/u.test(after)) return false;
  const start = result.start;
  // A month without a day ("Call May", "in April") names no day to be due on; "next month" does.
  const isMonthOnly =
    start.isCertain('month') && !start.isCertain('day') && !start.isCertain('weekday') && !start.isCertain('hour');
  return !isMonthOnly || result.tags().has('result/relativeDate');
}

function hasTimeOfDay(result: ParsedResult): boolean {
  if (result.start.isCertain('hour')) return true;
  return [...result.tags()].some((tag) => CASUAL_TIME_TAG.test(tag));
}

function hasCalendarDate(result: ParsedResult): boolean {
  const s = result.start;
  return s.isCertain('day') || s.isCertain('weekday') || s.isCertain('month') || s.isCertain('year');
}

function get(result: ParsedResult, component: Parameters<ParsedResult['start']['get']>[0]): number {
  return result.start.get(component) ?? 0;
}

/**
 * "at 3" with no am/pm: a task at 3 in the morning is rarer than at 3 in the afternoon, so an hour from
 * 1 to 7 without a meridiem is read as pm. A leading zero ("07:30", "at 07") keeps the morning.
 */
function likelyHour(result: ParsedResult, hour: number): number {
  const s = result.start;
  if (!s.isCertain('hour') || s.isCertain('meridiem')) return hour;
  if (/\b0\d[:.h]?\d{2}\b/.test(result.text) || /\b0\d\b/.test(result.text)) return hour;
  return hour >= 1 && hour <= 7 ? hour + 12 : hour;
}

function toFound(result: ParsedResult, now: Date, timeZone: string): FoundDate {
  const base = { start: result.index, end: result.index + result.text.length, text: result.text };
  const isRelativeTime = result.tags().has('result/relativeDateAndTime');
  if (isRelativeTime) {
    // chrono added the duration to the reference's wall clock; the difference of wall clocks is the duration.
    const reference = wallClockAt(now, timeZone);
    const target: WallClock = {
      year: get(result, 'year'),
      month: get(result, 'month'),
      day: get(result, 'day'),
      hour: get(result, 'hour'),
      minute: get(result, 'minute'),
      second: get(result, 'second'),
    };
    const nowSeconds = Math.floor(now.getTime() / 1000) * 1000;
    return {
      ...base,
      date: null,
      time: null,
      instant: new Date(nowSeconds + wallClockMs(target) - wallClockMs(reference)),
    };
  }
  if (result.start.isCertain('timezoneOffset') && hasTimeOfDay(result)) {
    return { ...base, date: null, time: null, instant: result.date() };
  }
  const date = hasCalendarDate(result)
    ? { year: get(result, 'year'), month: get(result, 'month'), day: get(result, 'day') }
    : null;
  const time = hasTimeOfDay(result)
    ? { hour: likelyHour(result, get(result, 'hour')), minute: get(result, 'minute'), second: get(result, 'second') }
    : null;
  // chrono's "morning" is 06:00; a task or reminder "tomorrow morning" is more useful at 09:00.
  if (time && !result.start.isCertain('hour') && result.tags().has('casualReference/morning')) time.hour = MORNING_HOUR;
  return { ...base, date, time, instant: null };
}

/** The context with a usable clock and zone: an invalid `now` is the current time, an unknown zone UTC. */
export function usableContext<T extends ParseContext>(ctx: T): T {
  const isClockValid = ctx.now instanceof Date && Number.isFinite(ctx.now.getTime());
  const timeZone = safeTimeZone(ctx.timeZone);
  if (isClockValid && timeZone === ctx.timeZone) return ctx;
  return { ...ctx, now: isClockValid ? ctx.now : new Date(), timeZone };
}

/** Every date phrase chrono finds in `text`, in order, read forward from ctx.now in ctx.timeZone. */
export function findDates(text: string, ctx: ParseContext): FoundDate[] {
  const timeZone = safeTimeZone(ctx.timeZone);
  if (!Number.isFinite(ctx.now.getTime())) return [];
  const reference = { instant: ctx.now, timezone: offsetMinutes(ctx.now, timeZone) };
  let results: ParsedResult[];
  try {
    results = casual.parse(text, reference, { forwardDate: true });
  } catch {
    // chrono should not throw, but a parse must never fail because of a date library.
    return [];
  }
  const found = results.filter((r) => accept(r, text)).map((r) => toFound(r, ctx.now, timeZone));
  return [...found, ...findMonthDays(text, found, ctx.now, timeZone)].sort((a, b) => a.start - b.start);
}

// "on the 15th", "by the 1st", "on the first": chrono leaves these alone. A preposition is required so
// "Read the 2nd chapter" keeps its title.
const MONTH_DAY =
  /\b(?:on|by|before|until|till|due|for|from|after|to)\s+the\s+(\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|tenth|fifteenth|twentieth|last day of the month)\b/gi;
const MONTH_DAY_WORDS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  tenth: 10,
  fifteenth: 15,
  twentieth: 20,
  'last day of the month': 31,
};

const WORDS_AFTER_A_DAY = new Set([
  'at',
  'of',
  'and',
  'or',
  'in',
  'by',
  'before',
  'after',
  'until',
  'from',
  'to',
  'for',
  'remind',
  'every',
  'each',
  'p1',
  'p2',
  'p3',
  'p4',
]);

/** "on the 15th": the next 15th, today included; a short month ends on its last day. */
function findMonthDays(text: string, taken: FoundDate[], now: Date, timeZone: string): FoundDate[] {
  const found: FoundDate[] = [];
  const today = wallClockAt(now, timeZone);
  for (const m of text.matchAll(MONTH_DAY)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    const word = (m[1] ?? '').toLowerCase();
    const wanted = MONTH_DAY_WORDS[word] ?? Number.parseInt(word, 10);
    if (wanted < 1 || wanted > 31 || taken.some((d) => d.start < end && start < d.end)) continue;
    // "Go to the 2nd floor": a day of the month is not followed by a noun.
    const nextWord = /^\s+(\p{L}+)/u.exec(text.slice(end))?.[1]?.toLowerCase();
    if (nextWord && !WORDS_AFTER_A_DAY.has(nextWord)) continue;
    const month = today.day <= Math.min(wanted, daysInMonth(today.year, today.month)) ? 0 : 1;
    const total = today.month - 1 + month;
    const year = today.year + Math.floor(total / 12);
    const monthOfYear = (total % 12) + 1;
    const day = Math.min(wanted, daysInMonth(year, monthOfYear));
    found.push({ start, end, text: m[0], date: { year, month: monthOfYear, day }, time: null, instant: null });
  }
  return found;
}

/**
 * The instant a found date stands for. A date without a time takes `dateOnlyTime`; a time without a
 * date is the next such time (today if still ahead, else tomorrow).
 */
export function resolveInstant(found: FoundDate, dateOnlyTime: TimeOfDay, ctx: ParseContext): Date {
  if (found.instant) return found.instant;
  const timeZone = safeTimeZone(ctx.timeZone);
  const today = wallClockAt(ctx.now, timeZone);
  const time = found.time ?? { ...dateOnlyTime, second: 0 };
  const day = found.date ?? today;
  const wall: WallClock = { year: day.year, month: day.month, day: day.day, ...time };
  const instant = instantOf(wall, timeZone);
  if (!found.date && instant.getTime() <= ctx.now.getTime()) return instantOf(addDays(wall, 1), timeZone);
  return instant;
}

const MIN_MS = Date.parse(MIN_INSTANT);
const MAX_MS = Date.parse(MAX_INSTANT);

/** Whether the API accepts the instant (1970 through 9999): "in 99999 years" is not a due date. */
export function isStorableInstant(date: Date | null): date is Date {
  if (!date) return false;
  const ms = date.getTime();
  return Number.isFinite(ms) && ms >= MIN_MS && ms <= MAX_MS;
}
