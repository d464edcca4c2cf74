// Repetition phrases ("every day", "every 2 weeks", "every Monday", "every month on the 1st") and the
// first occurrence of a rule when the text gives no date of its own.
import { type Recurrence, RecurrenceSchema } from '../contracts/task';
import type { TimeOfDay } from './dates';
import { addDays, daysInMonth, instantOf, safeTimeZone, type WallClock, wallClockAt, weekdayOf } from './zone';

export type FoundRecurrence = {
  start: number;
  end: number;
  text: string;
  rule: Recurrence;
  /** The day the rule falls on, when the phrase names one. */
  anchor: { weekday?: number; monthDay?: number };
  label: string;
};

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
const WEEKDAY_LABELS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const WEEKDAY_WORD = '(sun|mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?)(?:day)?s?';

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  'forty-five': 45,
  'fourty-five': 45,
  sixty: 60,
  ninety: 90,
};
export const COUNT_WORD =
  '(\\d{1,4}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty-five|sixty|ninety)';

/** "20", "a", "twenty" -> number. */
export function countOf(word: string): number {
  const lower = word.toLowerCase();
  return NUMBER_WORDS[lower] ?? Number.parseInt(lower, 10);
}

function weekdayIndex(word: string): number {
  const lower = word.toLowerCase();
  return WEEKDAYS.findIndex((day) => day.startsWith(lower.slice(0, 3)));
}

const FREQ_OF_UNIT: Record<string, Recurrence['freq']> = {
  day: 'daily',
  week: 'weekly',
  month: 'monthly',
  year: 'yearly',
};
const UNIT_OF_FREQ: Record<Recurrence['freq'], string> = {
  daily: 'day',
  weekly: 'week',
  monthly: 'month',
  yearly: 'year',
};

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

/** "Every day", "Every other week", "Every 3 months", "Every Monday", "Every month on the 1st". */
export function labelOf(rule: Pick<Recurrence, 'freq' | 'interval'>, anchor: FoundRecurrence['anchor'] = {}): string {
  const every = rule.interval === 1 ? 'Every' : rule.interval === 2 ? 'Every other' : `Every ${rule.interval}`;
  if (anchor.weekday !== undefined) return `${every} ${WEEKDAY_LABELS[anchor.weekday]}`;
  const unit = UNIT_OF_FREQ[rule.freq];
  const base = rule.interval > 2 ? `${every} ${unit}s` : `${every} ${unit}`;
  return anchor.monthDay !== undefined ? `${base} on the ${ordinal(anchor.monthDay)}` : base;
}

const DAY_WORDS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  fifteenth: 15,
  twentieth: 20,
  last: 31,
};
const DAY_WORD =
  '(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|fifteenth|twentieth|last(?:\\s+day)?)';
// "1st", "15th", "first", "last day" (the last day of any month: clamped to its length).
const DAY_OF_MONTH = `(\\d{1,2}(?:st|nd|rd|th)|${DAY_WORD})`;
// The same after "on": "every month on 15" needs no suffix.
const DAY_AFTER_ON = `(\\d{1,2}(?:st|nd|rd|th)?|${DAY_WORD})`;

/** "15th" -> 15, "first" -> 1, "last day" -> 31. */
function monthDayOf(word: string | undefined): number {
  const lower = (word ?? '').toLowerCase().replace(/\s+day$/, '');
  return DAY_WORDS[lower] ?? Number.parseInt(lower, 10);
}

/** "other" and "second" -> 2, "third" -> 3, a count word or number -> that number; none -> 1. */
function intervalOf(word: string | undefined): number {
  const lower = (word ?? '').trim().toLowerCase();
  if (!lower) return 1;
  if (lower === 'other' || lower === 'second') return 2;
  if (lower === 'third') return 3;
  return countOf(lower);
}

const INTERVAL = `(other|second|third|${COUNT_WORD})`;
const OF_THE_MONTH = '(?:\\s+of\\s+(?:the|each|every)\\s+month)';

type Pattern = {
  regex: RegExp;
  read: (m: RegExpExecArray) => Omit<FoundRecurrence, 'start' | 'end' | 'text' | 'label'>;
};

// Most specific first: the first pattern that matches wins, so "Weekly review every Friday" repeats on
// Fridays (and keeps "Weekly" in its title).
const PATTERNS: Pattern[] = [
  // every month on the 1st / every 2 months on the 15th / every month on the last day
  {
    regex: new RegExp(
      `\\b(?:every|each)\\s+(?:${INTERVAL}\\s+)?months?\\s+on\\s+(?:the\\s+)?${DAY_AFTER_ON}${OF_THE_MONTH}?\\b`,
      'i',
    ),
    read: (m) => ({
      rule: { freq: 'monthly', interval: intervalOf(m[1]) },
      anchor: { monthDay: monthDayOf(m[3]) },
    }),
  },
  // on the 1st of every month / the 15th of each month / on the 1st every month / the last day of every month
  {
    regex: new RegExp(`\\b(?:on\\s+)?(?:the\\s+)?${DAY_OF_MONTH}\\s+(?:of\\s+)?(?:every|each)\\s+month\\b`, 'i'),
    read: (m) => ({ rule: { freq: 'monthly', interval: 1 }, anchor: { monthDay: monthDayOf(m[1]) } }),
  },
  // monthly on the 1st
  {
    regex: new RegExp(`\\bmonthly\\s+on\\s+(?:the\\s+)?${DAY_AFTER_ON}\\b`, 'i'),
    read: (m) => ({ rule: { freq: 'monthly', interval: 1 }, anchor: { monthDay: monthDayOf(m[1]) } }),
  },
  // every 1st / every 15th (of the month) / every first of the month
  {
    regex: new RegExp(
      `\\b(?:every|each)\\s+(?:(\\d{1,2}(?:st|nd|rd|th))${OF_THE_MONTH}?|(${DAY_WORD})${OF_THE_MONTH})\\b`,
      'i',
    ),
    read: (m) => ({ rule: { freq: 'monthly', interval: 1 }, anchor: { monthDay: monthDayOf(m[1] ?? m[2]) } }),
  },
  // every Monday / every other Friday / each tuesday
  {
    regex: new RegExp(`\\b(?:every|each)\\s+(other\\s+)?${WEEKDAY_WORD}\\b`, 'i'),
    read: (m) => ({
      rule: { freq: 'weekly', interval: m[1] ? 2 : 1 },
      anchor: { weekday: weekdayIndex(m[2] ?? '') },
    }),
  },
  // weekly on Monday / every week on Friday
  {
    regex: new RegExp(`\\b(?:weekly|(?:every|each)\\s+week)\\s+on\\s+${WEEKDAY_WORD}\\b`, 'i'),
    read: (m) => ({ rule: { freq: 'weekly', interval: 1 }, anchor: { weekday: weekdayIndex(m[1] ?? '') } }),
  },
  // every day / every 2 weeks / every other month / every second week / each year
  {
    regex: new RegExp(`\\b(?:every|each)\\s+(?:${INTERVAL}\\s+)?(day|week|month|year)s?\\b`, 'i'),
    read: (m) => ({
      rule: { freq: FREQ_OF_UNIT[(m[3] ?? 'day').toLowerCase()] ?? 'daily', interval: intervalOf(m[1]) },
      anchor: {},
    }),
  },
  // every morning / every evening: daily; the part of the day is left for the date parser (the time)
  {
    regex: /\b(?:every|each)(?=\s+(?:morning|afternoon|evening|night)\b)/i,
    read: () => ({ rule: { freq: 'daily', interval: 1 }, anchor: {} }),
  },
  // daily / weekly / biweekly / fortnightly / monthly / yearly / annually
  {
    regex: /\b(daily|weekly|bi-?weekly|fortnightly|monthly|yearly|annually)\b/i,
    read: (m) => {
      const word = (m[1] ?? '').toLowerCase().replace('-', '');
      if (word === 'biweekly' || word === 'fortnightly') return { rule: { freq: 'weekly', interval: 2 }, anchor: {} };
      const freq = word === 'annually' ? 'yearly' : (word as Recurrence['freq']);
      return { rule: { freq, interval: 1 }, anchor: {} };
    },
  },
];

/** The first repetition phrase in `text`, or null. Rules the contract refuses (every 400 days) and day 32 are ignored. */
export function findRecurrence(text: string): FoundRecurrence | null {
  for (const pattern of PATTERNS) {
    const m = pattern.regex.exec(text);
    if (!m) continue;
    const { rule, anchor } = pattern.read(m);
    if (!RecurrenceSchema.safeParse(rule).success) continue;
    if (anchor.monthDay !== undefined && !(anchor.monthDay >= 1 && anchor.monthDay <= 31)) continue;
    if (anchor.weekday !== undefined && anchor.weekday < 0) continue;
    return { start: m.index, end: m.index + m[0].length, text: m[0], rule, anchor, label: labelOf(rule, anchor) };
  }
  return null;
}

/**
 * The first occurrence of a rule from now: the next matching weekday or day of the month (clamped to the
 * month's last day), or, without an anchor, today if `time` is still ahead, else tomorrow.
 */
export function firstOccurrence(
  found: Pick<FoundRecurrence, 'anchor'>,
  time: TimeOfDay & { second?: number },
  ctx: { now: Date; timeZone: string },
): Date {
  const timeZone = safeTimeZone(ctx.timeZone);
  const today = wallClockAt(ctx.now, timeZone);
  const start: WallClock = { ...today, hour: time.hour, minute: time.minute, second: time.second ?? 0 };
  const isAhead = (w: WallClock) => instantOf(w, timeZone).getTime() > ctx.now.getTime();
  const { weekday, monthDay } = found.anchor;
  if (weekday !== undefined) {
    for (let i = 0; i <= 7; i += 1) {
      const day = addDays(start, i);
      if (weekdayOf(day) === weekday && isAhead(day)) return instantOf(day, timeZone);
    }
  }
  if (monthDay !== undefined) {
    for (let i = 0; i <= 2; i += 1) {
      const total = start.month - 1 + i;
      const year = start.year + Math.floor(total / 12);
      const month = (total % 12) + 1;
      const day: WallClock = { ...start, year, month, day: Math.min(monthDay, daysInMonth(year, month)) };
      if (isAhead(day)) return instantOf(day, timeZone);
    }
  }
  return instantOf(isAhead(start) ? start : addDays(start, 1), timeZone);
}
