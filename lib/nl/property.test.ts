// Properties over arbitrary input: the parser never throws and never hands out a task the API refuses.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyText } from '../../tests/support/any-text';
import { CreateTaskSchema, ListTasksQuerySchema } from '../contracts/task';
import { IsoDateTimeSchema } from '../contracts/text';
import { interpret } from './interpret';
import { parseQuickAdd, sanitizeLine } from './quick-add';

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Nope/Zone',
];
const VOCABULARY = [
  '99999',
  'years',
  'weeks before',
  'show',
  'search',
  'tasks',
  'overdue',
  'remind me about',
  'set priority of',
  'high',
  'tag',
  'untag',
  '#work',
  'rename',
  'to',
  'make',
  'repeat',
  'every week',
  '"quoted title"',
  'the second one',
  "what's due",
  'buy',
  'milk',
  'call',
  'mom',
  'tomorrow',
  'today',
  'tonight',
  '9am',
  'at',
  '3',
  'on',
  'the',
  '1st',
  '31st',
  'every',
  'day',
  'week',
  'other',
  'monday',
  'month',
  'year',
  '2',
  '400',
  'weeks',
  'in',
  '20',
  'minutes',
  'hours',
  'remind',
  'me',
  'before',
  'by',
  'friday',
  '#home',
  '#Work',
  '#',
  '##',
  '#ü',
  '!high',
  '!low',
  'p1',
  'p4',
  'March',
  '8',
  '2:30am',
  'Dec 31',
  'next',
  'weekday',
  'daily',
  'biweekly',
  '"',
  "'",
  ',',
  '-',
  'due',
  'to',
  'mark',
  'done',
  'delete',
  'all',
  'completed',
  'move',
  'rename',
  'tag',
  'with',
  'yes',
  'no',
  '\u0000',
  '\ud800',
  '😀',
  'année',
];

const phrase = fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 14 }).map((words) => words.join(' '));
// Runs of punctuation and short words: the shapes on which a backtracking regular expression blows up.
const runs = fc
  .array(fc.constantFrom(',', ' ', ';', '-', ':', '#a', 'a', ' at', ' is', '"', "'", '!', '.'), { maxLength: 80 })
  .map((pieces) => pieces.join(''));
const text = fc.oneof(phrase, runs, fc.string({ maxLength: 300 }), anyText(300));
const context = fc.record({
  now: fc.date({ min: new Date('1971-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }),
  timeZone: fc.constantFrom(...ZONES),
});

/** Valid, or refused only for its title, which is then empty or too long: a clear reason for the box to show. */
function isValidOrTitleOnly(task: unknown, title: string): boolean {
  const result = CreateTaskSchema.safeParse(task);
  if (result.success) return true;
  const onlyTitle = result.error.issues.every((issue) => issue.path.join('.') === 'title');
  return onlyTitle && (title.trim() === '' || title.length > 200);
}

describe('parser properties', () => {
  it('parseQuickAdd never throws and returns a valid task, or one whose only fault is an empty or long title', () => {
    fc.assert(
      fc.property(text, context, (input, ctx) => {
        const { task, parts } = parseQuickAdd(input, ctx);
        expect(isValidOrTitleOnly(task, task.title)).toBe(true);
        for (const part of parts) {
          expect(part.start).toBeGreaterThanOrEqual(0);
          expect(part.end).toBeLessThanOrEqual(input.length);
          expect(part.start).toBeLessThan(part.end);
          expect(sanitizeLine(input).slice(part.start, part.end)).toBe(part.text);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('interpret never throws, and an add it returns is a valid task unless its title is too long', () => {
    fc.assert(
      fc.property(text, context, (input, ctx) => {
        const intent = interpret(input, ctx);
        expect(typeof intent.kind).toBe('string');
        if (intent.kind === 'add') {
          expect(intent.task.title).not.toBe('');
          expect(isValidOrTitleOnly(intent.task, intent.task.title)).toBe(true);
        }
        if (intent.kind === 'list' || intent.kind === 'bulk') {
          expect(ListTasksQuerySchema.safeParse(intent.query).success).toBe(true);
        }
        if (intent.kind === 'reschedule' && intent.dueAt !== null) {
          expect(IsoDateTimeSchema.safeParse(intent.dueAt).success).toBe(true);
        }
        if (intent.kind === 'set-reminder' && intent.remindAt !== null) {
          expect(IsoDateTimeSchema.safeParse(intent.remindAt).success).toBe(true);
        }
        if ('target' in intent && intent.target.by === 'words') expect(intent.target.words.trim()).not.toBe('');
      }),
      { numRuns: 1500 },
    );
  });

  it('parses with an invalid clock or zone instead of throwing', () => {
    const broken = { now: new Date(Number.NaN), timeZone: 'Not/AZone' };
    expect(parseQuickAdd('Water plants every day at 8am', broken).task.recurrence).toEqual({
      freq: 'daily',
      interval: 1,
    });
    expect(interpret('move the dentist to friday', broken).kind).toBe('reschedule');
  });
});
