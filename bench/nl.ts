// `npm run bench:nl`: time per call of the offline chat interpreter (interpret) and of quick add
// (parseQuickAdd) over 1,000 different phrases each, in the process, no stack. Prints a markdown table
// and writes it into README.md between the bench:nl markers. Figures are reported, never asserted.
//
// Knobs (environment): BENCH_NL_ROUNDS=5 (passes over the 1,000 phrases), BENCH_NO_README=1 (trial run).
import { performance } from 'node:perf_hooks';
import { interpret, parseQuickAdd } from '../lib/nl';
import { BENCH_CONFIG } from './lib/config';
import { buildLine, machineLine, markdownTable, writeReadmeSection } from './lib/report';
import { ms, summarize } from './lib/stats';

const ROUNDS = BENCH_CONFIG.BENCH_NL_ROUNDS;
const PHRASES = 1000;

const VERBS = ['call', 'buy', 'pay', 'fix', 'book', 'email', 'clean', 'plan', 'review', 'renew'];
const THINGS = [
  'mom',
  'milk',
  'the rent',
  'the bike',
  'flights',
  'the report',
  'the garage',
  'taxes',
  'the dentist',
  'passport',
];
// 50 titles x 20 templates = 1,000 different phrases.
const TITLES = Array.from({ length: 50 }, (_, i) => `${VERBS[i % 10]} ${THINGS[(i * 3 + Math.floor(i / 10)) % 10]}`);
const WHEN = ['tomorrow 9am', 'Friday 3pm', 'in 20 minutes', 'next week', 'on the 15th', 'at 5pm', 'Dec 31'];
const TEMPLATES: ((title: string, when: string) => string)[] = [
  (t, w) => `remind me to ${t} ${w}`,
  (t, w) => `add ${t} ${w} #home !high`,
  (t) => `add ${t} every month on the 1st`,
  () => "what's due today?",
  () => 'show overdue work tasks',
  (t) => `search ${t}`,
  (t) => `mark ${t} done`,
  () => 'complete the second one',
  (t, w) => `move ${t} to ${w}`,
  (t) => `rename ${t} to ${t} again`,
  (t) => `set priority of ${t} to high`,
  (t) => `tag ${t} with #work`,
  (t, w) => `remind me about ${t} ${w}`,
  (t) => `clear the reminder on ${t}`,
  (t) => `make ${t} repeat every week`,
  (t) => `delete the ${t} task`,
  () => 'delete all completed',
  () => 'yes',
  () => 'help',
  (t) => `tell me something about ${t}`,
];

function phrases(): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < PHRASES; i += 1) {
    const template = TEMPLATES[i % TEMPLATES.length];
    const title = TITLES[Math.floor(i / TEMPLATES.length) % TITLES.length] ?? 'task';
    const when = WHEN[i % WHEN.length] ?? 'tomorrow';
    if (template) out.push(template(title, when));
  }
  return out;
}

function time(label: string, inputs: string[], call: (text: string) => unknown) {
  for (const text of inputs.slice(0, 200)) call(text); // warm-up: JIT and Intl formatter caches
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const text of inputs) {
      const start = performance.now();
      call(text);
      samples.push(performance.now() - start);
    }
  }
  const s = summarize(samples);
  return [label, s.count, ms(s.mean), ms(s.p50), ms(s.p90), ms(s.p99), ms(s.max)];
}

// Long repetitive messages (up to the chat limit of 2,000 characters) that make backtracking regular
// expressions slow: their time shows that no rule backtracks badly.
const ADVERSARIAL = [
  `add ${'#a,'.repeat(600)}zz`,
  `remove ${'#a '.repeat(600)}zz`,
  `add ${'#a and '.repeat(280)}zz`,
  `mark ${'a '.repeat(990)}x`,
  `${'x is '.repeat(390)}zz`,
  'every '.repeat(330),
  'remind me '.repeat(199),
  '#'.repeat(2000),
  `${'buy milk '.repeat(210)}tomorrow`,
  '1 '.repeat(1000),
  `${'please '.repeat(280)}ok`,
  `delete ${'the '.repeat(490)}`,
  '"'.repeat(2000),
  `tag ${'a with '.repeat(280)}`,
  `move ${'x to '.repeat(390)}y`,
  `move x to ${'tomorrow '.repeat(215)}`,
  `set priority of ${'x to '.repeat(390)}high`,
  `remind me about ${'x at '.repeat(390)}5pm`,
  `show ${'work, '.repeat(330)}tasks`,
  `a${',;'.repeat(990)}x`,
  `a${' ,'.repeat(990)}x`,
  `buy milk${' at'.repeat(600)} x`,
];

const ctx = { now: new Date(), timeZone: 'Europe/Berlin' };
const chat = phrases();
const quick = chat.map((p) => p.replace(/^(?:remind me to|add)\s+/, ''));
const rows = [
  time('interpret()', chat, (text) => interpret(text, ctx)),
  time('parseQuickAdd()', quick, (text) => parseQuickAdd(text, ctx)),
  time(`interpret(), ${ADVERSARIAL.length} adversarial messages`, ADVERSARIAL, (text) => interpret(text, ctx)),
  time(`parseQuickAdd(), ${ADVERSARIAL.length} adversarial lines`, ADVERSARIAL, (text) => parseQuickAdd(text, ctx)),
];
const table = markdownTable(['call', 'calls', 'mean ms', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'], rows);
console.log(table);
writeReadmeSection(
  'nl',
  [
    '### Offline parser',
    '',
    `\`npm run bench:nl\` (bench/nl.ts) calls the offline chat interpreter and quick add in one process, ${ROUNDS} passes over ${PHRASES.toLocaleString('en-US')} phrases each (${new Set(chat).size} distinct; every kind of request, with dates), after a warm-up; each call is timed on its own. No stack, no I/O: this is the parsing part of an offline chat turn. The adversarial rows are long repetitive messages of up to 2,000 characters (the chat limit) that would expose a backtracking regular expression.`,
    '',
    table,
    '',
    `${machineLine()}; ${buildLine()}.`,
  ].join('\n'),
);
