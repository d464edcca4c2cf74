// `npx tsx bench/sse-memory.ts`: what one open SSE stream (`GET /api/events`) keeps alive in web.
// Starts the bench stack with web able to write heap snapshots (on SIGTTIN), signs N/10 users up,
// takes a snapshot, opens N streams (10 per user), takes another, and prints web's RSS and JS heap
// per stream and the object kinds whose count and size grew, per stream (snapshot B minus A,
// divided by N). A heap snapshot forces a full GC first, so both are of live objects only.
//
// Knobs (environment): BENCH_SSE_STREAMS=2000. Run under the stack lock like every benchmark.
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ROOT } from '../scripts/local-config';
import { BENCH_CONFIG } from './lib/config';
import { mapLimit } from './lib/load';
import { ensureOpenFiles, pidListeningOn, rssKb } from './lib/proc';
import { markdownTable } from './lib/report';
import { openSse, type SseStream } from './lib/sse';
import { startBenchStack } from './lib/stack';
import { signUpMany } from './lib/users';

const STREAMS = BENCH_CONFIG.BENCH_SSE_STREAMS;
const PER_USER = 10;
ensureOpenFiles(STREAMS + 4096);
const dir = path.join(ROOT, 'bench', 'results', `heap-${new Date().toISOString().replace(/[:.]/g, '-')}`);
mkdirSync(dir, { recursive: true });

type Kinds = Map<string, { count: number; bytes: number }>;

/** Object kinds of a heap snapshot: "<type> <constructor or name>" -> count and shallow bytes. */
function kindsOf(file: string): { kinds: Kinds; total: number } {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [
    number,
    number,
    number,
  ];
  const kinds: Kinds = new Map();
  let total = 0;
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt] as number] ?? '?';
    const size = snap.nodes[i + sizeAt] as number;
    total += size;
    let name = type;
    if (type === 'object' || type === 'closure' || type === 'native' || type === 'hidden' || type === 'array') {
      name = `${type} ${(snap.strings[snap.nodes[i + nameAt] as number] ?? '?').slice(0, 60)}`;
    } else if (type.includes('string')) name = 'string';
    const k = kinds.get(name) ?? { count: 0, bytes: 0 };
    k.count += 1;
    k.bytes += size;
    kinds.set(name, k);
  }
  return { kinds, total };
}

function endsWithBrace(file: string, size: number): boolean {
  const fd = openSync(file, 'r');
  try {
    const tail = Buffer.alloc(Math.min(16, size));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    return tail.toString().trimEnd().endsWith('}');
  } finally {
    closeSync(fd);
  }
}

async function snapshot(pid: number, label: string): Promise<string> {
  const before = new Set(readdirSync(dir));
  process.kill(pid, 'SIGTTIN');
  const deadline = Date.now() + 300_000;
  for (;;) {
    const fresh = readdirSync(dir).filter((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    // Node creates the file, then fills it (after a full GC): wait until it is complete JSON.
    if (fresh[0]) {
      const file = path.join(dir, fresh[0]);
      let size = -1;
      for (;;) {
        await sleep(2000);
        const now = statSync(file).size;
        if (now > 0 && now === size && endsWithBrace(file, now)) break;
        size = now;
        if (Date.now() > deadline) throw new Error('heap snapshot not complete within 5 min');
      }
      console.log(`heap snapshot ${label}: ${file} (${(size / 2 ** 20).toFixed(0)} MiB)`);
      return file;
    }
    if (Date.now() > deadline) throw new Error('no heap snapshot within 5 min');
    await sleep(500);
  }
}

const stack = await startBenchStack('bench-sse-memory', {
  quietWaitS: 0,
  webNodeArgs: ['--heapsnapshot-signal=SIGTTIN', `--diagnostic-dir=${dir}`],
});
const streams: SseStream[] = [];
try {
  const webUrl = stack.webUrl();
  const pid = pidListeningOn(stack.app('web').appPort);
  if (!pid) throw new Error('web pid not found');
  const users = await signUpMany(webUrl, Math.ceil(STREAMS / PER_USER), {
    concurrency: 4,
    onProgress: (n) => console.log(`signed up ${n} users`),
  });
  // Warm the route (module load, JIT) so the baseline holds what any served stream left behind.
  const warm = users.slice(0, 5).map((u) => openSse(`${webUrl}/api/events`, u.cookie, () => {}));
  await Promise.all(warm.map((s) => s.ready));
  for (const s of warm) s.close();
  await sleep(2000);

  const rssA = rssKb(pid);
  const a = kindsOf(await snapshot(pid, 'before'));
  const t0 = Date.now();
  await mapLimit(
    Array.from({ length: STREAMS }, (_, i) => i),
    100,
    async (i) => {
      const user = users[Math.floor(i / PER_USER)];
      if (!user) return;
      const s = openSse(`${webUrl}/api/events`, user.cookie, () => {});
      streams.push(s);
      await s.ready;
    },
  );
  console.log(`${STREAMS} streams open in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await sleep(2000);
  const rssB = rssKb(pid);
  const b = kindsOf(await snapshot(pid, 'after'));

  const rows = [...b.kinds]
    .map(([name, kb]) => {
      const ka = a.kinds.get(name) ?? { count: 0, bytes: 0 };
      return { name, count: (kb.count - ka.count) / STREAMS, bytes: (kb.bytes - ka.bytes) / STREAMS };
    })
    .filter((r) => r.bytes > 0)
    .sort((x, y) => y.bytes - x.bytes)
    .slice(0, 30);
  console.log(
    `\nweb RSS ${(rssA / 1024).toFixed(0)} -> ${(rssB / 1024).toFixed(0)} MiB: ${((rssB - rssA) / STREAMS).toFixed(1)} KB per stream; ` +
      `JS heap (live, after GC) ${(a.total / 2 ** 20).toFixed(0)} -> ${(b.total / 2 ** 20).toFixed(0)} MiB: ${((b.total - a.total) / STREAMS / 1024).toFixed(1)} KB per stream\n`,
  );
  console.log(
    markdownTable(
      ['object kind (heap snapshot type and constructor)', 'per stream: count', 'per stream: bytes'],
      rows.map((r) => [r.name, r.count.toFixed(1), r.bytes.toFixed(0)]),
    ),
  );
} finally {
  for (const s of streams) s.close();
  await stack.stop();
  // Snapshots are hundreds of MB: keep them only when asked.
  if (!BENCH_CONFIG.BENCH_KEEP_SNAPSHOTS && existsSync(dir)) rmSync(dir, { recursive: true, force: true });
}
