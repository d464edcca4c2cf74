// `npm run bench:api -- --quick`: web's CPU per request and the BFF's saturation throughput against
// the sidecar path, in a few minutes. The same stack, targets and load shapes as the full benchmark:
//   1. CPU per request: open loop at a fixed rate (latency from the scheduled start), sidecar and
//      BFF paths interleaved, each process's CPU time from /proc over the run; for creates the
//      window stays open until the `task` frame of every create reached the user's open SSE stream,
//      so the fan-out delivery is counted. web's idle CPU (measured first) is subtracted.
//      Creates straight at task-service (direct) give web's CPU per fan-out event alone.
//   2. Saturation: closed loop, sidecar and BFF alternating, several rounds; BFF/sidecar ratio of
//      the mean throughput.
// Ends with the one summary line scripts read (printed by the caller after the stack stopped).
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BENCH_CONFIG } from './config';
import { closedLoop, type Fire, openLoop, type RunResult } from './load';
import { measureNodeFloor } from './node-floor';
import { cpuMeter, cpuTimesMs, hostNeighbours, topCpu } from './proc';
import { markdownTable } from './report';
import { openSse } from './sse';
import { BENCH_PORT_OFFSET, type BenchStack, stackRoles, waitOutboxDrained } from './stack';
import { ms } from './stats';

export type QuickPath = 'direct' | 'sidecar' | 'BFF';
export type QuickOp = 'create' | 'list' | 'health';

const RATE = BENCH_CONFIG.BENCH_QUICK_RATE;
const RATE_DURATION_MS = BENCH_CONFIG.BENCH_QUICK_DURATION_S * 1000;
const SAT_DURATION_MS = BENCH_CONFIG.BENCH_QUICK_SAT_S * 1000;
const SAT_ROUNDS = BENCH_CONFIG.BENCH_QUICK_ROUNDS;
const CONCURRENCY = BENCH_CONFIG.BENCH_CONCURRENCY;
const IDLE_MS = 4000;

type CpuRow = {
  op: QuickOp;
  path: QuickPath;
  result: RunResult;
  /** CPU ms per successful request (per fan-out event for direct creates), per role, idle subtracted. */
  perRequest: Record<string, number>;
  /** Frames that reached the SSE stream in the window (creates only). */
  frames?: number;
  /** Of web's CPU per request, the part spent in the kernel (system time: sockets, epoll), idle not subtracted. */
  webSystem: number;
  windowS: number;
};
type SatRow = { op: QuickOp; path: QuickPath; round: number; result: RunResult; cpu: Record<string, number> };

export type QuickContext = {
  stack: BenchStack;
  webUrl: string;
  cookie: string;
  fireOf: (op: QuickOp, p: QuickPath) => Fire;
  /** Creates answered 201 so far, over every path (each yields one `task` frame on the user's stream). */
  created: () => number;
  /** When set, web runs with bench/lib/cpu-profile-hook.mjs: profile each BFF CPU run into this folder. */
  profileDir?: string;
};

export type QuickResult = {
  summaryLine: string;
  report: string;
  raw: {
    idle: Record<string, number>;
    floor: { answer: number; proxy: number };
    cpuRows: CpuRow[];
    satRows: SatRow[];
    neighbours: string;
  };
};

/** Waits until the outbox is drained and every create's `task` frame arrived (or 30 s passed). */
async function settle(ctx: QuickContext, frames: () => number): Promise<void> {
  await waitOutboxDrained(ctx.stack);
  const deadline = Date.now() + 30_000;
  while (frames() < ctx.created() && Date.now() < deadline) await sleep(50);
}

/** Signals web's profiling hook and, on a stop, waits for the profile file and renames it. */
async function toggleProfile(ctx: QuickContext, webPid: number | undefined, stopAs?: string): Promise<void> {
  if (!ctx.profileDir || !webPid) return;
  const before = new Set(existsSync(ctx.profileDir) ? readdirSync(ctx.profileDir) : []);
  process.kill(webPid, 'SIGUSR2');
  if (!stopAs) return;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const fresh = readdirSync(ctx.profileDir).filter((f) => f.endsWith('.cpuprofile') && !before.has(f));
    if (fresh[0]) {
      renameSync(path.join(ctx.profileDir, fresh[0]), path.join(ctx.profileDir, `${stopAs}.cpuprofile`));
      const heap = path.join(ctx.profileDir, fresh[0].replace(/\.cpuprofile$/, '.heapprofile'));
      if (existsSync(heap)) renameSync(heap, path.join(ctx.profileDir, `${stopAs}.heapprofile`));
      return;
    }
    await sleep(200);
  }
  console.log(`no CPU profile written for ${stopAs} within 30 s`);
}

/**
 * With a profile folder and daprd profiling on: a Go CPU profile of web's and task-service's daprd
 * over the next `seconds` (pprof's /debug/pprof/profile blocks that long), saved as
 * `daprd-<app>-<op>.pb.gz` (read with `go tool pprof -top <file>`).
 */
function profileDaprds(ctx: QuickContext, op: QuickOp, seconds: number): Promise<void> {
  if (!ctx.profileDir) return Promise.resolve();
  const dir = ctx.profileDir;
  return Promise.all(
    ['web', 'task-service'].map(async (appId) => {
      const port = ctx.stack.app(appId).profilePort;
      if (!port) return;
      try {
        const res = await fetch(`http://127.0.0.1:${port}/debug/pprof/profile?seconds=${seconds}`, {
          signal: AbortSignal.timeout((seconds + 30) * 1000),
        });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, `daprd-${appId}-${op}.pb.gz`), Buffer.from(await res.arrayBuffer()));
      } catch (error) {
        console.log(`no daprd profile of ${appId} (${op}): ${String(error)}`);
      }
    }),
  ).then(() => {});
}

export async function runQuick(ctx: QuickContext): Promise<QuickResult> {
  const roles = stackRoles(ctx.stack);
  const webPid = roles.web?.[0];
  const stackPids = () => Object.values(roles).flat();
  const neighbours = hostNeighbours(stackPids);
  const loadAtStart = os.loadavg();

  // A browser tab of the user: every create's `task` event must reach it.
  let frames = 0;
  const stream = openSse(`${ctx.webUrl}/api/events`, ctx.cookie, (e) => {
    if (e.event === 'task') frames += 1;
  });
  await stream.ready;
  try {
    const paths: QuickPath[] = ['sidecar', 'BFF'];
    // Warm-up: JIT, connection pools of every hop, Next's route modules.
    await closedLoop(ctx.fireOf('health', 'BFF'), { concurrency: 4, durationMs: 2000 });
    for (const op of ['list', 'create'] as const) {
      for (const p of ['direct', ...paths] as const) {
        const r = await closedLoop(ctx.fireOf(op, p), { concurrency: 4, durationMs: 2000 });
        console.log(`warm-up ${op} ${p}: ${r.ok} ok, ${r.errors.total} errors ${r.errorSamples[0] ?? ''}`);
      }
    }
    await settle(ctx, () => frames);
    await sleep(1000);

    // Idle: what the stack costs with no requests (heartbeats, relays' polling, metrics).
    const idleMeter = cpuMeter(roles);
    await sleep(IDLE_MS);
    const idle = idleMeter.stop();
    console.log(`idle CPU (cores): ${topCpu(idle, 6)}`);

    // 0. Plain Node on this host, the same way: the floor under web's figures.
    const floor = await measureNodeFloor(3090 + BENCH_PORT_OFFSET, RATE, RATE_DURATION_MS);
    console.log(
      `plain Node at ${RATE} req/s: answering ${ms(floor.answer)} ms, forwarding ${ms(floor.proxy)} ms of CPU per request`,
    );

    // 1. CPU per request at a fixed rate; paths interleaved.
    const cpuRows: CpuRow[] = [];
    // `GET /api/health` answers without a session, a call or a body to parse: what web's server itself
    // costs per request (the fast lane's since web-server.ts, Next's before), the floor under every BFF figure.
    const cpuRuns: [QuickOp, QuickPath][] = [
      ['health', 'BFF'],
      ['list', 'direct'],
      ['list', 'sidecar'],
      ['list', 'BFF'],
      ['create', 'direct'],
      ['create', 'sidecar'],
      ['create', 'BFF'],
    ];
    for (const [op, p] of cpuRuns) {
      await settle(ctx, () => frames);
      await sleep(500);
      const frames0 = frames;
      const t0 = performance.now();
      const meter = cpuMeter(roles);
      const web0 = webPid ? cpuTimesMs(webPid) : undefined;
      const isProfiled = p === 'BFF';
      if (isProfiled) await toggleProfile(ctx, webPid);
      const daprdProfiles =
        p === 'sidecar' ? profileDaprds(ctx, op, Math.round(RATE_DURATION_MS / 1000)) : Promise.resolve();
      const result = await openLoop(ctx.fireOf(op, p), { rate: RATE, durationMs: RATE_DURATION_MS });
      await daprdProfiles;
      if (op === 'create') await settle(ctx, () => frames);
      const cpu = meter.stop();
      const webSystemMs = web0 && webPid ? cpuTimesMs(webPid).system - web0.system : Number.NaN;
      const windowS = (performance.now() - t0) / 1000;
      if (isProfiled) await toggleProfile(ctx, webPid, `web-${op}`);
      const units = op === 'create' && p === 'direct' ? frames - frames0 : result.ok;
      const perRequest: Record<string, number> = {};
      for (const [role, cores] of Object.entries(cpu)) {
        perRequest[role] = units > 0 ? (Math.max(0, cores - (idle[role] ?? 0)) * windowS * 1000) / units : Number.NaN;
      }
      const row: CpuRow = {
        op,
        path: p,
        result,
        perRequest,
        webSystem: units > 0 ? webSystemMs / units : Number.NaN,
        windowS,
        ...(op === 'create' ? { frames: frames - frames0 } : {}),
      };
      cpuRows.push(row);
      console.log(
        `${op.padEnd(6)} ${RATE} req/s ${p.padEnd(7)} p50 ${ms(result.latency.p50).padStart(6)} ms  p99 ${ms(result.latency.p99).padStart(6)} ms  ` +
          `${result.ok} ok, errors ${result.errors.total}${row.frames === undefined ? '' : `, ${row.frames} task frames`}; ` +
          `CPU ms per ${op === 'create' && p === 'direct' ? 'fan-out event' : 'request'}: ${perRoleLine(perRequest)}`,
      );
      for (const sample of result.errorSamples) console.log(`    error sample: ${sample}`);
    }

    // 2. Saturation throughput, sidecar and BFF alternating.
    const satRows: SatRow[] = [];
    for (let round = 1; round <= SAT_ROUNDS; round++) {
      for (const op of ['list', 'create'] as const) {
        for (const p of paths) {
          await settle(ctx, () => frames);
          await sleep(500);
          const meter = cpuMeter(roles);
          const result = await closedLoop(ctx.fireOf(op, p), { concurrency: CONCURRENCY, durationMs: SAT_DURATION_MS });
          const cpu = meter.stop();
          satRows.push({ op, path: p, round, result, cpu });
          console.log(
            `saturation #${round} ${op.padEnd(6)} ${p.padEnd(7)} ${result.throughput.toFixed(0).padStart(5)} req/s  p50 ${ms(result.latency.p50)} ms  p99 ${ms(result.latency.p99)} ms  errors ${result.errors.total}; CPU (cores): ${topCpu(cpu, 5)}`,
          );
          for (const sample of result.errorSamples) console.log(`    error sample: ${sample}`);
        }
      }
    }
    await settle(ctx, () => frames);
    const neighbourLine = neighbours.stop();
    const loadAtEnd = os.loadavg();

    // ---- report ----
    const meanThroughput = (op: QuickOp, p: QuickPath) => {
      const rs = satRows.filter((r) => r.op === op && r.path === p);
      return rs.reduce((s, r) => s + r.result.throughput, 0) / Math.max(1, rs.length);
    };
    const cpuOf = (op: QuickOp, p: QuickPath) => cpuRows.find((r) => r.op === op && r.path === p);
    const webPer = (op: QuickOp) => cpuOf(op, 'BFF')?.perRequest.web ?? Number.NaN;
    const ratio = (op: QuickOp) => meanThroughput(op, 'BFF') / meanThroughput(op, 'sidecar');
    const summaryLine =
      `web CPU per request: list ${webPer('list').toFixed(1)} ms, create ${webPer('create').toFixed(1)} ms; ` +
      `BFF/sidecar throughput: list ${Math.round(ratio('list') * 100)}%, create ${Math.round(ratio('create') * 100)}%`;

    const cpuTable = markdownTable(
      [
        'operation',
        'path',
        'p50 ms',
        'p99 ms',
        'ok',
        'errors',
        'web',
        'of which kernel',
        "web's daprd",
        "task-service's daprd",
        'task-service',
        'worker + its daprd',
      ],
      cpuRows.map((r) => {
        const v = (role: string) => ms(r.perRequest[role] ?? Number.NaN);
        const worker = (r.perRequest.worker ?? 0) + (r.perRequest['worker-daprd'] ?? 0);
        return [
          r.op === 'health'
            ? "GET /api/health (web's floor: the fast lane)"
            : r.op + (r.op === 'create' && r.path === 'direct' ? ' (fan-out only: CPU per event)' : ''),
          r.path,
          ms(r.result.latency.p50),
          ms(r.result.latency.p99),
          r.result.ok,
          r.result.errors.total ? `${r.result.errors.total} (${r.result.errors})` : '0',
          v('web'),
          ms(r.webSystem),
          v('web-daprd'),
          v('task-service-daprd'),
          v('task-service'),
          ms(worker),
        ];
      }),
    );
    const satTable = markdownTable(
      ['operation', 'sidecar req/s', 'BFF req/s', 'BFF/sidecar', 'BFF p99 ms', 'web cores at BFF saturation'],
      (['list', 'create'] as const).map((op) => {
        const bff = satRows.filter((r) => r.op === op && r.path === 'BFF');
        return [
          op,
          meanThroughput(op, 'sidecar').toFixed(0),
          meanThroughput(op, 'BFF').toFixed(0),
          `${Math.round(ratio(op) * 100)}%`,
          bff.map((r) => ms(r.result.latency.p99)).join(' / '),
          bff.map((r) => (r.cpu.web ?? 0).toFixed(2)).join(' / '),
        ];
      }),
    );
    const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
    const overhead = (['list', 'create'] as const).map((op) => {
      const [d, sc, b] = (['direct', 'sidecar', 'BFF'] as const).map(
        (p) => cpuOf(op, p)?.result.latency.p99 ?? Number.NaN,
      );
      return `${op}: sidecar − direct ${ms((sc ?? 0) - (d ?? 0))} ms, BFF − sidecar ${ms((b ?? 0) - (sc ?? 0))} ms`;
    });
    const report = [
      `CPU ms per request at ${RATE} req/s (open loop, ${RATE_DURATION_MS / 1000} s per run; idle CPU subtracted; creates include the fan-out of their task event to web and the worker):`,
      '',
      cpuTable,
      '',
      `Saturation (closed loop, ${CONCURRENCY} concurrent, ${SAT_DURATION_MS / 1000} s, ${SAT_ROUNDS} rounds alternating; mean):`,
      '',
      satTable,
      '',
      `Plain Node on this host at ${RATE} req/s (bench/lib/node-floor.ts, same load generator): a node:http server answering a fixed JSON body costs ${ms(floor.answer)} ms of CPU per request; one forwarding each request over a keep-alive agent and passing the answer on costs ${ms(floor.proxy)} ms.`,
      '',
      `p99 at ${RATE} req/s: ${overhead.join('; ')}`,
      `idle CPU (cores): ${topCpu(idle, 6)}`,
      `load average (1/5/15 min) at start ${load(loadAtStart)}, at end ${load(loadAtEnd)}`,
      `other processes on the host during the runs (cores): ${neighbourLine || 'none'}`,
    ].join('\n');
    return { summaryLine, report, raw: { idle, floor, cpuRows, satRows, neighbours: neighbourLine } };
  } finally {
    stream.close();
  }
}

function perRoleLine(per: Record<string, number>): string {
  return Object.entries(per)
    .filter(([role]) => role !== 'rest of host' && role !== 'load generator')
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([role, v]) => `${role} ${ms(v)}`)
    .join(', ');
}
