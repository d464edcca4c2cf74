// `npm run bench:chat`: server time of offline chat turns (flow 5) through the real stack.
//
// web reports each turn's parts in a Server-Timing header when SERVER_TIMING=1 (set only here):
// `route` (from the body parse to the reply: validation, rate limit, state store reads and the ETag
// write, the interpreter, the tools), of which `tasks` is the time spent waiting for task-service
// (service invocation through both sidecars and task-service's own work). The figure of interest is
// route − tasks: what the chat itself costs per turn, the state store round trips included.
import { CHAT_TURNS_PER_MINUTE } from '../lib/contracts';
import { BENCH_CONFIG } from './lib/config';
import { mapLimit } from './lib/load';
import { buildLine, machineLine, markdownTable, saveResults, writeReadmeSection } from './lib/report';
import { foreignSidecars, startBenchStack } from './lib/stack';
import { ms, summarize } from './lib/stats';
import { signUpMany } from './lib/users';

const TURNS = BENCH_CONFIG.BENCH_CHAT_TURNS;
const USERS = 20;
const CONCURRENCY = 2;
const TURNS_PER_USER = Math.ceil(TURNS / USERS);
const NAME = 'bench-chat';

/** A mix of what people type: lists, adds, changes by position and by words, help, nonsense. */
const PHRASES = [
  "what's due today?",
  'add buy milk tomorrow 9am #home !high',
  'show my tasks',
  'complete the first one',
  'remind me to call mom in 20 minutes',
  'show overdue work tasks',
  'move call mom to friday 3pm',
  'add pay rent every month on the 1st',
  'help',
  'mark buy milk done',
  'what is the meaning of life',
  'show upcoming tasks tagged home',
];

type Sample = { route: number; tasks: number; state: number; answer: number; client: number; engine: string };

function parseServerTiming(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(',')) {
    const [name = '', ...params] = part.trim().split(';');
    for (const p of params) {
      const [k, v = ''] = p.split('=');
      if (k === 'dur' || k === 'desc') out[name] = v;
    }
  }
  return out;
}

async function main() {
  // The warm-up turn and the measured ones of a user fit in the per-minute limit.
  if (TURNS_PER_USER + 1 > CHAT_TURNS_PER_MINUTE)
    throw new Error(`${TURNS_PER_USER} turns per user would hit the per-minute limit; raise USERS`);
  const stack = await startBenchStack(NAME, { env: { SERVER_TIMING: '1' } });
  const foreignSeen = new Set<string>();
  try {
    const url = stack.webUrl();
    const users = await signUpMany(url, USERS, { offset: 7000 });
    // Some tasks per user, so lists and targets have something to find.
    await mapLimit(users, 4, async (user) => {
      for (const title of ['Call mom', 'Buy milk', 'Dentist', 'Report for work', 'Water plants']) {
        const res = await fetch(`${url}/api/tasks`, {
          method: 'POST',
          headers: { cookie: user.cookie, 'content-type': 'application/json' },
          body: JSON.stringify({ title, dueAt: new Date(Date.now() + 3600_000).toISOString(), tags: ['work'] }),
        });
        if (res.status !== 201) throw new Error(`seeding failed: ${res.status}`);
      }
    });
    const turn = async (cookie: string, message: string, conversationId?: string) => {
      const t0 = performance.now();
      const res = await fetch(`${url}/api/chat`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ message, tz: 'Europe/Berlin', ...(conversationId ? { conversationId } : {}) }),
      });
      const client = performance.now() - t0;
      const body = (await res.json()) as { conversationId?: string };
      if (res.status !== 200) throw new Error(`turn answered ${res.status}: ${JSON.stringify(body)}`);
      const t = parseServerTiming(res.headers.get('server-timing'));
      const sample: Sample = {
        route: Number(t.route),
        tasks: Number(t.tasks),
        state: Number(t.state),
        answer: Number(t.answer),
        client,
        engine: t.engine ?? '?',
      };
      return { sample, conversationId: body.conversationId };
    };
    // Warm-up: one turn per user (compiles the route's code paths, opens connections); not counted.
    await mapLimit(users, CONCURRENCY, async (user) => {
      await turn(user.cookie, 'help');
    });
    console.log(`measuring ${USERS * TURNS_PER_USER} turns (${USERS} users, ${CONCURRENCY} at a time)...`);
    const samples: Sample[] = [];
    await mapLimit(users, CONCURRENCY, async (user, u) => {
      let conversationId: string | undefined;
      for (let i = 0; i < TURNS_PER_USER; i++) {
        const result = await turn(user.cookie, PHRASES[(u + i) % PHRASES.length] ?? 'help', conversationId);
        conversationId = result.conversationId;
        samples.push(result.sample);
      }
      for (const f of foreignSidecars(NAME)) foreignSeen.add(f);
    });

    const own = summarize(samples.map((s) => s.route - s.tasks));
    const route = summarize(samples.map((s) => s.route));
    const tasks = summarize(samples.map((s) => s.tasks));
    const state = summarize(samples.map((s) => s.state));
    const interpret = summarize(samples.map((s) => s.answer - s.tasks));
    const client = summarize(samples.map((s) => s.client));
    const engines = [...new Set(samples.map((s) => s.engine))].join(', ');
    const row = (what: string, s: ReturnType<typeof summarize>) => [what, ms(s.p50), ms(s.p99), ms(s.max)];
    const table = markdownTable(
      ['part of a turn', 'p50 ms', 'p99 ms', 'max ms'],
      [
        row('**server time excluding task-service** (route − tasks)', own),
        row('… of which state store (rate limit, conversation and profile reads, ETag writes)', state),
        row('… of which interpreter and tools without their task-service calls', interpret),
        row('task-service calls (invocation through both sidecars)', tasks),
        row('route total', route),
        row('client round trip', client),
      ],
    );
    const body = [
      '### Chat: offline turn server time',
      '',
      `\`npm run bench:chat\` (bench/chat.ts) starts the whole stack (web with its built server (dist/web/server.mjs: the fast lane in front of Next) and \`SERVER_TIMING=1\`, the services, a daprd per app, the scheduler, a Redis and databases of its own, no \`llm\` component), signs ${USERS} users up, gives each 5 tasks and sends ${samples.length} turns (${TURNS_PER_USER} per user in one conversation, ${CONCURRENCY} users at a time, after one warm-up turn each) cycling through ${PHRASES.length} phrasings (lists, adds with dates/tags/priority, "complete the first one", reschedules, help, nonsense). Server time comes from web's Server-Timing header: \`route\` runs from the body parse to the reply (validation, rate limit, state store, interpreter, tools); \`tasks\` is the time spent in task-service calls; the turn's own cost is route − tasks. Engine: ${engines}.`,
      '',
      `Machine: ${machineLine()}; ${buildLine()}. **One run on a shared, noisy machine** (1-minute load average ${stack.quiet.load.toFixed(1)} when it started${foreignSeen.size ? `; other stacks ran beside it: ${[...foreignSeen].join(', ')}` : ''}).`,
      '',
      table,
      '',
      `Goal p99 ≤ 50 ms excluding the task-service call: **${own.p99 <= 50 ? 'met' : 'not met'}** (${ms(own.p99)} ms).`,
    ].join('\n');
    console.log(`\n${body}\n`);
    writeReadmeSection('chat', body);
    console.log(`raw results: ${saveResults('chat', { machine: machineLine(), samples })}`);
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
