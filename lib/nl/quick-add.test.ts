import { describe, expect, it } from 'vitest';
import { CreateTaskSchema, type Priority, type Recurrence } from '../contracts/task';
import { parseQuickAdd } from './quick-add';
import { CONTEXTS, type ContextName, NY_SPRING, UTC } from './test-contexts';

type Row = {
  text: string;
  at: ContextName;
  title: string;
  dueAt?: string;
  remindAt?: string;
  tags?: string[];
  priority?: Priority;
  recurrence?: Recurrence;
};

// Expected instants are worked out by hand from the wall clock and the zone's offset on that date.
const ROWS: Row[] = [
  // New York, the day before clocks go forward (EST -5 today, EDT -4 tomorrow)
  {
    text: 'Buy milk tomorrow 9am #home !high',
    at: 'NY_SPRING',
    title: 'Buy milk',
    dueAt: '2026-03-08T13:00:00.000Z',
    tags: ['home'],
    priority: 'high',
  },
  { text: 'Buy milk tomorrow at 9am', at: 'NY_SPRING', title: 'Buy milk', dueAt: '2026-03-08T13:00:00.000Z' },
  { text: 'Call mom tomorrow', at: 'NY_SPRING', title: 'Call mom', dueAt: '2026-03-09T03:59:00.000Z' },
  { text: 'Call mom today', at: 'NY_SPRING', title: 'Call mom', dueAt: '2026-03-08T04:59:00.000Z' },
  { text: 'Pay bills 9am', at: 'NY_SPRING', title: 'Pay bills', dueAt: '2026-03-08T13:00:00.000Z' },
  { text: 'Pay bills at 11am', at: 'NY_SPRING', title: 'Pay bills', dueAt: '2026-03-07T16:00:00.000Z' },
  { text: 'Stretch in 20 minutes', at: 'NY_SPRING', title: 'Stretch', dueAt: '2026-03-07T15:20:00.000Z' },
  { text: 'Check oven in 1 hour', at: 'NY_SPRING', title: 'Check oven', dueAt: '2026-03-07T16:00:00.000Z' },
  { text: 'Night shift in 18 hours', at: 'NY_SPRING', title: 'Night shift', dueAt: '2026-03-08T09:00:00.000Z' },
  { text: 'Dentist March 8 2:30am', at: 'NY_SPRING', title: 'Dentist', dueAt: '2026-03-08T07:30:00.000Z' },
  {
    text: 'Pay rent every month on the 1st',
    at: 'NY_SPRING',
    title: 'Pay rent',
    dueAt: '2026-04-02T03:59:00.000Z',
    recurrence: { freq: 'monthly', interval: 1 },
  },
  {
    text: 'Water plants every day',
    at: 'NY_SPRING',
    title: 'Water plants',
    dueAt: '2026-03-08T04:59:00.000Z',
    recurrence: { freq: 'daily', interval: 1 },
  },
  {
    text: 'Water plants every day at 8am',
    at: 'NY_SPRING',
    title: 'Water plants',
    dueAt: '2026-03-08T12:00:00.000Z',
    recurrence: { freq: 'daily', interval: 1 },
  },
  {
    text: 'Team sync every monday 10am p2',
    at: 'NY_SPRING',
    title: 'Team sync',
    dueAt: '2026-03-09T14:00:00.000Z',
    priority: 'medium',
    recurrence: { freq: 'weekly', interval: 1 },
  },
  {
    text: 'Dentist Friday at 3 remind me 1 hour before',
    at: 'NY_SPRING',
    title: 'Dentist',
    dueAt: '2026-03-13T19:00:00.000Z',
    remindAt: '2026-03-13T18:00:00.000Z',
  },
  {
    text: 'Buy milk tomorrow 9am remind me at 8am',
    at: 'NY_SPRING',
    title: 'Buy milk',
    dueAt: '2026-03-08T13:00:00.000Z',
    remindAt: '2026-03-08T12:00:00.000Z',
  },
  {
    text: 'Report due tomorrow remind me',
    at: 'NY_SPRING',
    title: 'Report',
    dueAt: '2026-03-09T03:59:00.000Z',
    remindAt: '2026-03-08T13:00:00.000Z',
  },
  { text: 'Standup every weekday 9am', at: 'NY_SPRING', title: 'Standup every weekday 9am' },
  { text: 'Call mom by Friday', at: 'NY_SPRING', title: 'Call mom', dueAt: '2026-03-14T03:59:00.000Z' },
  // New York, the day before clocks go back (EDT -4 today, EST -5 tomorrow)
  { text: 'Buy milk tomorrow 9am', at: 'NY_FALL', title: 'Buy milk', dueAt: '2026-11-01T14:00:00.000Z' },
  { text: 'Feed cat tomorrow 1:30am', at: 'NY_FALL', title: 'Feed cat', dueAt: '2026-11-01T05:30:00.000Z' },
  { text: 'Feed cat in 24 hours', at: 'NY_FALL', title: 'Feed cat', dueAt: '2026-11-01T14:00:00.000Z' },
  { text: 'Vote Tuesday 7am', at: 'NY_FALL', title: 'Vote', dueAt: '2026-11-03T12:00:00.000Z' },
  {
    text: 'Taxes every year',
    at: 'NY_FALL',
    title: 'Taxes',
    dueAt: '2026-11-01T03:59:00.000Z',
    recurrence: { freq: 'yearly', interval: 1 },
  },
  // Berlin, the day before clocks go forward (CET +1 today, CEST +2 tomorrow)
  {
    text: 'Kaffee kaufen tomorrow 9am #einkauf',
    at: 'BERLIN_SPRING',
    title: 'Kaffee kaufen',
    dueAt: '2026-03-29T07:00:00.000Z',
    tags: ['einkauf'],
  },
  {
    text: 'Call grandma tomorrow 2:30am',
    at: 'BERLIN_SPRING',
    title: 'Call grandma',
    dueAt: '2026-03-29T01:30:00.000Z',
  },
  {
    text: 'Book flights on Monday 18:00 !low',
    at: 'BERLIN_SPRING',
    title: 'Book flights',
    dueAt: '2026-03-30T16:00:00.000Z',
    priority: 'low',
  },
  {
    text: 'Gym every other day',
    at: 'BERLIN_SPRING',
    title: 'Gym',
    dueAt: '2026-03-28T22:59:00.000Z',
    recurrence: { freq: 'daily', interval: 2 },
  },
  {
    text: 'Review p1 tomorrow',
    at: 'BERLIN_SPRING',
    title: 'Review',
    dueAt: '2026-03-29T21:59:00.000Z',
    priority: 'high',
  },
  // Berlin, the day before clocks go back (CEST +2 today, CET +1 tomorrow)
  { text: 'Call dad tomorrow 9am', at: 'BERLIN_FALL', title: 'Call dad', dueAt: '2026-10-25T08:00:00.000Z' },
  { text: 'Night check tomorrow 2:30am', at: 'BERLIN_FALL', title: 'Night check', dueAt: '2026-10-25T00:30:00.000Z' },
  {
    text: 'Clean gutters every saturday 8am',
    at: 'BERLIN_FALL',
    title: 'Clean gutters',
    dueAt: '2026-10-31T07:00:00.000Z',
    recurrence: { freq: 'weekly', interval: 1 },
  },
  // Berlin in summer (CEST +2): titles with words that look like dates or rules
  {
    text: 'Weekly review every friday 4pm #work',
    at: 'BERLIN_SUMMER',
    title: 'Weekly review',
    dueAt: '2026-06-19T14:00:00.000Z',
    tags: ['work'],
    recurrence: { freq: 'weekly', interval: 1 },
  },
  {
    text: 'Take out trash every thursday night',
    at: 'BERLIN_SUMMER',
    title: 'Take out trash',
    dueAt: '2026-06-18T18:00:00.000Z',
    recurrence: { freq: 'weekly', interval: 1 },
  },
  {
    text: 'Read 20 pages every evening',
    at: 'BERLIN_SUMMER',
    title: 'Read 20 pages',
    dueAt: '2026-06-15T18:00:00.000Z',
    recurrence: { freq: 'daily', interval: 1 },
  },
  {
    text: 'Morning run every day',
    at: 'BERLIN_SUMMER',
    title: 'Morning run',
    dueAt: '2026-06-15T21:59:00.000Z',
    recurrence: { freq: 'daily', interval: 1 },
  },
  {
    text: 'Pay rent on the first of every month',
    at: 'BERLIN_SUMMER',
    title: 'Pay rent',
    dueAt: '2026-07-01T21:59:00.000Z',
    recurrence: { freq: 'monthly', interval: 1 },
  },
  {
    text: 'Pay bills every month on the last day',
    at: 'BERLIN_SUMMER',
    title: 'Pay bills',
    dueAt: '2026-06-30T21:59:00.000Z',
    recurrence: { freq: 'monthly', interval: 1 },
  },
  {
    text: 'Gym every second week',
    at: 'BERLIN_SUMMER',
    title: 'Gym',
    dueAt: '2026-06-15T21:59:00.000Z',
    recurrence: { freq: 'weekly', interval: 2 },
  },
  {
    text: 'Cancel Netflix before the 1st',
    at: 'BERLIN_SUMMER',
    title: 'Cancel Netflix',
    dueAt: '2026-07-01T21:59:00.000Z',
  },
  {
    text: 'Renew car insurance next month',
    at: 'BERLIN_SUMMER',
    title: 'Renew car insurance',
    dueAt: '2026-07-15T21:59:00.000Z',
  },
  { text: "Prepare slides for Monday's meeting", at: 'BERLIN_SUMMER', title: "Prepare slides for Monday's meeting" },
  { text: 'Go to the 2nd floor', at: 'BERLIN_SUMMER', title: 'Go to the 2nd floor' },
  { text: 'Read the first chapter', at: 'BERLIN_SUMMER', title: 'Read the first chapter' },
  // Kolkata (+05:30, no DST)
  { text: 'Buy milk tomorrow 9am', at: 'KOLKATA', title: 'Buy milk', dueAt: '2026-06-16T03:30:00.000Z' },
  { text: 'Meeting at 3', at: 'KOLKATA', title: 'Meeting', dueAt: '2026-06-15T09:30:00.000Z' },
  {
    text: 'Pay rent every month on the 31st',
    at: 'KOLKATA',
    title: 'Pay rent',
    dueAt: '2026-06-30T18:29:00.000Z',
    recurrence: { freq: 'monthly', interval: 1 },
  },
  {
    text: 'Submit report in 45 minutes #work',
    at: 'KOLKATA',
    title: 'Submit report',
    dueAt: '2026-06-15T07:15:00.000Z',
    tags: ['work'],
  },
  {
    text: 'Backup every week',
    at: 'KOLKATA',
    title: 'Backup',
    dueAt: '2026-06-15T18:29:00.000Z',
    recurrence: { freq: 'weekly', interval: 1 },
  },
  // UTC: titles, tags, priorities, rules
  { text: 'Plain title', at: 'UTC', title: 'Plain title' },
  { text: 'Buy 2 tickets', at: 'UTC', title: 'Buy 2 tickets' },
  { text: 'Read chapter 5', at: 'UTC', title: 'Read chapter 5' },
  { text: 'Call May', at: 'UTC', title: 'Call May' },
  { text: '  spaced   out  title  ', at: 'UTC', title: 'spaced out title' },
  { text: '#a #B_c #ÜBER', at: 'UTC', title: '#ÜBER', tags: ['a', 'b_c'] },
  { text: 'Fix bug #123, urgent', at: 'UTC', title: 'Fix bug, urgent', tags: ['123'] },
  { text: 'C# course', at: 'UTC', title: 'C# course' },
  {
    text: 'x #t1 #t2 #t3 #t4 #t5 #t6 #t7 #t8 #t9 #t10 #t11',
    at: 'UTC',
    title: 'x #t11',
    tags: ['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9', 't10'],
  },
  { text: '#home buy #home', at: 'UTC', title: 'buy', tags: ['home'] },
  { text: `#${'a'.repeat(33)} long tag`, at: 'UTC', title: `#${'a'.repeat(33)} long tag` },
  { text: 'Email boss p3', at: 'UTC', title: 'Email boss', priority: 'low' },
  { text: 'Email boss p4', at: 'UTC', title: 'Email boss', priority: 'none' },
  { text: 'Email !HIGH boss', at: 'UTC', title: 'Email boss', priority: 'high' },
  { text: 'Two priorities !high !low', at: 'UTC', title: 'Two priorities !low', priority: 'high' },
  { text: 'Hello!high', at: 'UTC', title: 'Hello!high' },
  {
    text: 'Biweekly report',
    at: 'UTC',
    title: 'report',
    dueAt: '2026-06-15T23:59:00.000Z',
    recurrence: { freq: 'weekly', interval: 2 },
  },
  {
    text: 'Renew passport yearly',
    at: 'UTC',
    title: 'Renew passport',
    dueAt: '2026-06-15T23:59:00.000Z',
    recurrence: { freq: 'yearly', interval: 1 },
  },
  {
    text: 'Invoice every 15th',
    at: 'UTC',
    title: 'Invoice',
    dueAt: '2026-06-15T23:59:00.000Z',
    recurrence: { freq: 'monthly', interval: 1 },
  },
  {
    text: 'Invoice on the 1st of every month',
    at: 'UTC',
    title: 'Invoice',
    dueAt: '2026-07-01T23:59:00.000Z',
    recurrence: { freq: 'monthly', interval: 1 },
  },
  {
    text: 'Trash every tuesday',
    at: 'UTC',
    title: 'Trash',
    dueAt: '2026-06-16T23:59:00.000Z',
    recurrence: { freq: 'weekly', interval: 1 },
  },
  {
    text: 'Sync every monday at 9am',
    at: 'UTC',
    title: 'Sync',
    dueAt: '2026-06-22T09:00:00.000Z',
    recurrence: { freq: 'weekly', interval: 1 },
  },
  {
    text: 'Sync every monday at 1pm',
    at: 'UTC',
    title: 'Sync',
    dueAt: '2026-06-15T13:00:00.000Z',
    recurrence: { freq: 'weekly', interval: 1 },
  },
  {
    text: 'Water every 3 days',
    at: 'UTC',
    title: 'Water',
    dueAt: '2026-06-15T23:59:00.000Z',
    recurrence: { freq: 'daily', interval: 3 },
  },
  {
    text: 'Standup every week on friday',
    at: 'UTC',
    title: 'Standup',
    dueAt: '2026-06-19T23:59:00.000Z',
    recurrence: { freq: 'weekly', interval: 1 },
  },
  {
    text: 'Review every other friday',
    at: 'UTC',
    title: 'Review',
    dueAt: '2026-06-19T23:59:00.000Z',
    recurrence: { freq: 'weekly', interval: 2 },
  },
  { text: 'Conference Dec 31 5pm', at: 'UTC', title: 'Conference', dueAt: '2026-12-31T17:00:00.000Z' },
  { text: 'Meeting 12/25', at: 'UTC', title: 'Meeting', dueAt: '2026-12-25T23:59:00.000Z' },
  { text: 'Dinner tonight at 7:30', at: 'UTC', title: 'Dinner', dueAt: '2026-06-15T19:30:00.000Z' },
  { text: 'Call at 07:30', at: 'UTC', title: 'Call', dueAt: '2026-06-16T07:30:00.000Z' },
  { text: 'Pay 100 now', at: 'UTC', title: 'Pay 100 now' },
  { text: '', at: 'UTC', title: '' },
  { text: 'tomorrow 9am', at: 'UTC', title: '', dueAt: '2026-06-16T09:00:00.000Z' },
  { text: 'Buy\u0000milk\ttomorrow', at: 'UTC', title: 'Buy milk', dueAt: '2026-06-16T23:59:00.000Z' },
  { text: 'Call remind me 10 minutes before', at: 'UTC', title: 'Call remind me 10 minutes before' },
  {
    text: 'Taxes due April 15 remind me 2 days before',
    at: 'UTC',
    title: 'Taxes',
    dueAt: '2027-04-15T23:59:00.000Z',
    remindAt: '2027-04-13T23:59:00.000Z',
  },
  { text: 'Call mom remind me at 5pm', at: 'UTC', title: 'Call mom', remindAt: '2026-06-15T17:00:00.000Z' },
  // Double quotes protect a title from parsing; a title that is all one quote loses the quotes.
  { text: '"Meet at 5" tomorrow', at: 'UTC', title: 'Meet at 5', dueAt: '2026-06-16T23:59:00.000Z' },
  { text: 'Read "#1 hits" p2', at: 'UTC', title: 'Read "#1 hits"', priority: 'medium' },
  { text: "'Buy milk' #home", at: 'UTC', title: 'Buy milk', tags: ['home'] },
  // Instants the API refuses stay in the title.
  {
    text: 'Plan ahead tomorrow remind me 99999 weeks before',
    at: 'UTC',
    title: 'Plan ahead remind me 99999 weeks before',
    dueAt: '2026-06-16T23:59:00.000Z',
  },
  // Due today with no time and the morning over: the reminder is at the due, not in the past.
  {
    text: 'Call mom today remind me',
    at: 'UTC',
    title: 'Call mom',
    dueAt: '2026-06-15T23:59:00.000Z',
    remindAt: '2026-06-15T23:59:00.000Z',
  },
];

describe('parseQuickAdd table', () => {
  it.each(ROWS)('"$text" ($at)', (row) => {
    const { task } = parseQuickAdd(row.text, CONTEXTS[row.at]);
    expect(task).toEqual({
      title: row.title,
      dueAt: row.dueAt ?? null,
      remindAt: row.remindAt ?? null,
      tags: row.tags ?? [],
      priority: row.priority ?? 'none',
      recurrence: row.recurrence ?? null,
    });
    if (row.title !== '') expect(CreateTaskSchema.safeParse(task).success).toBe(true);
  });
});

describe('parseQuickAdd parts', () => {
  it('gives each chip its span in the original text and a label', () => {
    const text = 'Buy milk tomorrow 9am #home !high';
    const { parts } = parseQuickAdd(text, NY_SPRING);
    expect(parts).toEqual([
      { kind: 'due', text: 'tomorrow 9am', start: 9, end: 21, label: 'Tomorrow 09:00' },
      { kind: 'tag', text: '#home', start: 22, end: 27, label: '#home' },
      { kind: 'priority', text: '!high', start: 28, end: 33, label: 'High' },
    ]);
    for (const part of parts) expect(text.slice(part.start, part.end)).toBe(part.text);
  });

  it('includes a connector word in the due chip and labels a date-only due without a time', () => {
    const { parts } = parseQuickAdd('Call mom by Friday', NY_SPRING);
    expect(parts).toEqual([{ kind: 'due', text: 'by Friday', start: 9, end: 18, label: 'Friday' }]);
  });

  it('labels a rule without a date with its first occurrence', () => {
    const { parts } = parseQuickAdd('Pay rent every month on the 1st', UTC);
    expect(parts).toEqual([
      {
        kind: 'recurrence',
        text: 'every month on the 1st',
        start: 9,
        end: 31,
        label: 'Every month on the 1st, from Wed 1 Jul',
      },
    ]);
  });

  it('shows a reminder chip for "remind me 20 minutes before"', () => {
    const { parts } = parseQuickAdd('Call Ann at 4pm remind me 20 minutes before', UTC);
    expect(parts.map((p) => [p.kind, p.text, p.label])).toEqual([
      ['due', 'at 4pm', 'Today 16:00'],
      ['remind', 'remind me 20 minutes before', 'Remind Today 15:40'],
    ]);
  });

  it('returns no parts for plain text', () => {
    expect(parseQuickAdd('Plain title', UTC).parts).toEqual([]);
  });
});

describe('parseQuickAdd time zones', () => {
  it('reads an unknown time zone as UTC instead of throwing', () => {
    const { task } = parseQuickAdd('Buy milk tomorrow 9am', { now: UTC.now, timeZone: 'Mars/Olympus' });
    expect(task.dueAt).toBe('2026-06-16T09:00:00.000Z');
  });

  it('gives the same instants whatever the system time zone is', () => {
    // The user is in New York the day before clocks go forward; the process may run anywhere.
    const expected: Record<string, string> = {
      'Buy milk tomorrow 9am': '2026-03-08T13:00:00.000Z',
      'Stretch in 20 minutes': '2026-03-07T15:20:00.000Z',
      'Night shift in 18 hours': '2026-03-08T09:00:00.000Z',
      'Renew license in 3 days': '2026-03-11T03:59:00.000Z',
      'Feed cat tomorrow 2:30am': '2026-03-08T07:30:00.000Z',
      'Walk every day at 8am': '2026-03-08T12:00:00.000Z',
    };
    const saved = process.env.TZ;
    const seen: Record<string, (string | null)[]> = {};
    try {
      for (const tz of ['UTC', 'America/New_York', 'America/Los_Angeles', 'Europe/Berlin', 'Australia/Lord_Howe']) {
        process.env.TZ = tz;
        for (const text of Object.keys(expected)) {
          seen[text] = [...(seen[text] ?? []), parseQuickAdd(text, NY_SPRING).task.dueAt];
        }
      }
    } finally {
      if (saved === undefined) Reflect.deleteProperty(process.env, 'TZ');
      else process.env.TZ = saved;
    }
    for (const [text, dueAt] of Object.entries(expected)) expect(seen[text]).toEqual(Array(5).fill(dueAt));
  });
});
