// Quick add: one line ("Buy milk tomorrow 9am #home !high every week") -> a task and the parts that were
// understood, for the preview chips. The stored title is the text without those parts.
import { CreateTaskSchema, type Priority, TagSchema } from '../contracts/task';
import {
  DATE_ONLY_DUE_TIME,
  DATE_ONLY_REMIND_TIME,
  type FoundDate,
  findDates,
  isStorableInstant,
  resolveInstant,
  usableContext,
} from './dates';
import { formatWhen, priorityLabel } from './format';
import { COUNT_WORD, countOf, type FoundRecurrence, findRecurrence, firstOccurrence } from './recurrence';
import type { ParseContext, ParsedPart, QuickAdd } from './types';
import { instantOf, safeTimeZone, wallClockAt } from './zone';

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are replaced on purpose
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * The text with control characters turned into spaces and unpaired surrogates into U+FFFD: a quick-add
 * line is one line of storable text. Both keep the length, so part offsets index the original text.
 */
export function sanitizeLine(text: string): string {
  return text.replace(CONTROL, ' ').replace(LONE_SURROGATE, '\ufffd');
}

const PRIORITY_WORDS: Record<string, Priority> = {
  '!high': 'high',
  '!urgent': 'high',
  '!medium': 'medium',
  '!med': 'medium',
  '!low': 'low',
  '!none': 'none',
  p1: 'high',
  p2: 'medium',
  p3: 'low',
  p4: 'none',
};

const TAG = /(^|\s)#([^\s#]+)/g;
const PRIORITY = /(^|\s)(!high|!urgent|!medium|!med|!low|!none|p[1-4])(?=$|[\s,.;:])/gi;
const REMIND_BEFORE = new RegExp(
  `\\b(?:and\\s+)?remind(?:\\s+me)?\\s+${COUNT_WORD}\\s*(minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w)\\s+(?:before|earlier|ahead)\\b`,
  'i',
);
const REMIND_WORD = /\b(?:and\s+)?remind(?:\s+me)?(?:\s+(?:at|on|by))?\b/gi;
// Words that only joined a removed part to the title ("by Friday", "due tomorrow").
const CONNECTOR_BEFORE = /(?:\b(?:due(?:\s+(?:on|by|at))?|by|on|at|starting(?:\s+on)?|from)\s+)$/i;
// Each is applied in a loop rather than as one repeated group: a repeated group of repeated characters
// backtracks exponentially on a line like "a,,,,,,,,,,,,,,,,,,,,,,,,x".
const PUNCTUATION_END = /[\s,;:\-–]+$/;
const WORD_END = /\s+(?:at|on|by|due|and|from|starting|to|for)$/i;
const PUNCTUATION_START = /^[\s,;:\-–]+/;
const WORD_START = /^(?:at|on|by|due)\s+/i;

/** The title without punctuation and joining words left over at either end. */
function trimEdges(title: string): string {
  let before: string;
  let trimmed = title;
  do {
    before = trimmed;
    trimmed = trimmed.replace(PUNCTUATION_END, '').replace(WORD_END, '');
  } while (trimmed !== before);
  do {
    before = trimmed;
    trimmed = trimmed.replace(PUNCTUATION_START, '').replace(WORD_START, '');
  } while (trimmed !== before);
  return trimmed.trim();
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

type Span = { start: number; end: number };

const NO_DATE: FoundDate = { start: 0, end: 0, text: '', date: null, time: null, instant: null };

/** Options the chat interpreter uses on top of plain quick add. */
export type QuickAddOptions = {
  /** "remind me to ...": the reminder is the due time (and the due is the reminder when only that is given). */
  isReminder?: boolean;
};

function mask(text: string, span: Span): string {
  return text.slice(0, span.start) + ' '.repeat(span.end - span.start) + text.slice(span.end);
}

const QUOTED = /"[^"]*"|“[^”]*”/g;

/** A title that is one quoted phrase loses its quotes (single quotes too: they cannot hide parts, being apostrophes too). */
function unquote(title: string): string {
  const m = /^(?:"([^"]*)"|“([^”]*)”|'([^']*)')$/.exec(title);
  return m ? (m[1] ?? m[2] ?? m[3] ?? '').trim() : title;
}

function cleanTitle(text: string, spans: Span[]): string {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let title = '';
  let at = 0;
  for (const span of sorted) {
    if (span.start > at) title += text.slice(at, span.start);
    title += ' ';
    at = Math.max(at, span.end);
  }
  title += text.slice(at);
  return trimEdges(title.replace(/\s+/g, ' ').replace(/ ([,;:.])(?= |$)/g, '$1'));
}

/** Widens a date span over a connector right before it ("by Friday"), so the title keeps no "by". */
function withConnector(text: string, span: Span): Span {
  const m = CONNECTOR_BEFORE.exec(text.slice(0, span.start));
  return m ? { start: span.start - m[0].length, end: span.end } : span;
}

/** The due: the date phrase; with a rule and only a time ("every Monday 9am"), the rule's next day at that time. */
function dueInstant(found: FoundDate | undefined, recurrence: FoundRecurrence | null, ctx: ParseContext): Date | null {
  if (found && (found.date || found.instant || !recurrence)) return resolveInstant(found, DATE_ONLY_DUE_TIME, ctx);
  if (recurrence) return firstOccurrence(recurrence, found?.time ?? DATE_ONLY_DUE_TIME, ctx);
  return null;
}

/** A time-only reminder ("remind me at 8am") on a task due another day is on the due's date. */
function remindInstant(found: FoundDate, due: Date | null, ctx: ParseContext): Date {
  if (due && found.time && !found.date && !found.instant) {
    const timeZone = safeTimeZone(ctx.timeZone);
    const day = wallClockAt(due, timeZone);
    return instantOf({ ...day, ...found.time }, timeZone);
  }
  return resolveInstant(found, DATE_ONLY_REMIND_TIME, ctx);
}

/** Parses one line of task text. Never throws; the title may be empty when the line held only parts. */
export function parseQuickAdd(text: string, context: ParseContext, options: QuickAddOptions = {}): QuickAdd {
  const ctx = usableContext(context);
  const line = sanitizeLine(typeof text === 'string' ? text : '');
  const parts: ParsedPart[] = [];
  const removed: Span[] = [];
  // Text in double quotes is title, never parsed: '"Meet at 5" tomorrow' is due tomorrow.
  let masked = line.replace(QUOTED, (quoted) => 'x'.repeat(quoted.length));
  const take = (span: Span) => {
    removed.push(span);
    masked = mask(masked, span);
  };
  const part = (kind: ParsedPart['kind'], span: Span, label: string) => {
    parts.push({ kind, text: line.slice(span.start, span.end), start: span.start, end: span.end, label });
    take(span);
  };

  // Tags: "#home"; trailing punctuation is not part of the tag. Invalid tags stay in the title.
  const tags: string[] = [];
  for (const m of masked.matchAll(TAG)) {
    const raw = (m[2] ?? '').replace(/[.,;:!?)\]]+$/, '');
    const tag = raw.toLowerCase();
    if (!TagSchema.safeParse(tag).success) continue;
    // Beyond the contract's number of tags a tag stays in the title.
    if (!tags.includes(tag) && !CreateTaskSchema.safeParse({ title: 't', tags: [...tags, tag] }).success) continue;
    if (!tags.includes(tag)) tags.push(tag);
    const start = (m.index ?? 0) + (m[1] ?? '').length;
    part('tag', { start, end: start + 1 + raw.length }, `#${tag}`);
  }

  // Priority: the first "!high" / "p1" wins; later ones stay in the title.
  let priority: Priority = 'none';
  for (const m of masked.matchAll(PRIORITY)) {
    const word = (m[2] ?? '').toLowerCase();
    const start = (m.index ?? 0) + (m[1] ?? '').length;
    priority = PRIORITY_WORDS[word] ?? 'none';
    part('priority', { start, end: start + word.length }, priorityLabel(priority));
    break;
  }

  // "remind me 20 minutes before": needs a due, decided below.
  const before = REMIND_BEFORE.exec(masked);
  let beforeMs: number | null = null;
  if (before) {
    const unit = (before[2] ?? 'm').toLowerCase();
    const unitMs = UNIT_MS[unit.startsWith('mi') || unit === 'm' ? 'm' : (unit[0] ?? 'm')] ?? 60_000;
    beforeMs = countOf(before[1] ?? '1') * unitMs;
    masked = mask(masked, { start: before.index, end: before.index + before[0].length });
  }

  const recurrence = findRecurrence(masked);
  if (recurrence) part('recurrence', recurrence, recurrence.label);

  // "remind me (at)": the date right after it is the reminder; alone, the reminder is the due time.
  const remindWords = [...masked.matchAll(REMIND_WORD)].map((m) => ({
    start: m.index ?? 0,
    end: (m.index ?? 0) + m[0].length,
  }));
  for (const span of remindWords) masked = mask(masked, span);

  const dates = findDates(masked, ctx);
  const isRightAfter = (word: Span, date: FoundDate) =>
    /^\s*$/.test(line.slice(word.end, date.start).replace(/\b(?:at|on|by)\b/gi, ''));
  let reminderWord: Span | undefined;
  let reminderDate: FoundDate | undefined;
  for (const word of remindWords) {
    const date = dates.find((d) => d.start >= word.end && isRightAfter(word, d));
    if (date) {
      reminderWord = word;
      reminderDate = date;
      break;
    }
  }
  let dueDate = dates.find((d) => d !== reminderDate);

  // An instant the API refuses (before 1970, after 9999) is left in the title as not understood.
  let dueAt = dueInstant(dueDate, recurrence, ctx);
  if (!isStorableInstant(dueAt)) {
    dueAt = null;
    dueDate = undefined;
  }
  let remindAt: Date | null = null;
  if (reminderDate) remindAt = remindInstant(reminderDate, dueAt, ctx);
  if (!isStorableInstant(remindAt)) {
    remindAt = null;
    reminderDate = undefined;
  }
  if (options.isReminder && !dueAt && remindAt) dueAt = remindAt;
  const isDateOnlyDue = dueDate ? !dueDate.time && !dueDate.instant : true;
  // With a date-only due a reminder is that morning, not at the end of the day (unless the morning is over).
  const morningOfDue = (due: Date) => {
    if (!isDateOnlyDue) return due;
    const morning = remindInstant({ ...NO_DATE, time: { ...DATE_ONLY_REMIND_TIME, second: 0 } }, due, ctx);
    return morning.getTime() > ctx.now.getTime() ? morning : due;
  };
  if (options.isReminder && !remindAt && dueAt) remindAt = morningOfDue(dueAt);

  if (dueDate && dueAt) {
    const span = withConnector(line, dueDate);
    part('due', span, formatWhen(dueAt, ctx, { withTime: Boolean(dueDate.time || dueDate.instant) }));
  }
  if (reminderWord && reminderDate && remindAt) {
    const span = { start: reminderWord.start, end: reminderDate.end };
    part('remind', span, `Remind ${formatWhen(remindAt, ctx)}`);
  }
  const remindBefore = before && beforeMs !== null && dueAt ? new Date(dueAt.getTime() - beforeMs) : null;
  if (before && isStorableInstant(remindBefore)) {
    remindAt = remindBefore;
    part(
      'remind',
      { start: before.index, end: before.index + before[0].length },
      `Remind ${formatWhen(remindAt, ctx)}`,
    );
  }
  // A bare "remind me" with a due: the reminder fires at the due time (the morning of a date-only due).
  const bareWord = remindWords.find((w) => w !== reminderWord);
  if (bareWord && !remindAt && dueAt) {
    remindAt = morningOfDue(dueAt);
    part('remind', bareWord, `Remind ${formatWhen(remindAt, ctx)}`);
  }
  // A recurring rule's chip when the due came from the rule alone shows the first occurrence too.
  if (recurrence && dueAt && !dueDate) {
    const chip = parts.find((p) => p.kind === 'recurrence');
    if (chip) chip.label = `${recurrence.label}, from ${formatWhen(dueAt, ctx, { withTime: false })}`;
  }

  parts.sort((a, b) => a.start - b.start);
  return {
    task: {
      title: unquote(cleanTitle(line, removed)),
      dueAt: dueAt ? dueAt.toISOString() : null,
      remindAt: remindAt ? remindAt.toISOString() : null,
      tags,
      priority,
      recurrence: recurrence && dueAt ? recurrence.rule : null,
    },
    parts,
  };
}
