// The benchmark stack: the same harness as the integration tests (real scheduler, four apps,
// their daprd sidecars, databases and a name-resolution file of the stack's own), on its own
// ports so it can run beside `npm run dev` (offset 0) and the tests (1000, 2000). Offset 3100,
// not 3000: web would be on :6000, which Next.js refuses to bind (reserved for X11, as in
// browsers' unsafe-port list). It also gets a Redis process of its own, so no other stack's
// pub/sub traffic shares its broker.
//
// On a 2-core host any other stack competes for the CPU being measured: the benchmarks wait for a
// host without other stacks' sidecars and with a low load average, and report if one appeared.
// (Before stacks had their own name resolution, daprd's default mDNS resolver also routed
// invocations to other stacks' services; the create benchmark still checks that every created
// task is in this stack's database.)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ROOT } from '../../scripts/local-config';
import { WEB_SERVER } from '../../scripts/stack/artifacts';
import { startTestStack, type TestStack } from '../../tests/support/stack';
import { BENCH_CONFIG } from './config';
import { pidListeningOn } from './proc';

export const BENCH_PORT_OFFSET = 3100;

const BENCH_LIMITS = {
  TASK_LIMIT_OPEN_TASKS: '1000000',
  TASK_LIMIT_PENDING_REMINDERS: '1000000',
  TASK_LIMIT_CREATES_PER_MINUTE: '1000000',
  TASK_LIMIT_REMINDERS_PER_MINUTE: '1000000',
  // bench:realtime measures one web process up to BENCH_STREAMS streams (10,000 by default).
  SSE_MAX_STREAMS: '1000000',
};
const OWN_REDIS_PORT = 6379 + BENCH_PORT_OFFSET;

/**
 * Builds web if there is no build (web's server, dist/web/server.mjs, serves `.next`). A build
 * missing its BUILD_ID may be one in progress in another shell: wait for it (up to 5 min) before
 * building ourselves.
 */
async function ensureWebBuild(): Promise<void> {
  const buildId = path.join(ROOT, '.next', 'BUILD_ID');
  const hasServer = () => existsSync(path.join(ROOT, WEB_SERVER));
  if (existsSync(buildId) && hasServer()) return;
  if (!existsSync(buildId) && existsSync(path.join(ROOT, '.next'))) {
    console.log('.next has no BUILD_ID (a build in progress elsewhere?): waiting up to 5 min for it');
    const deadline = Date.now() + 300_000;
    while (!existsSync(buildId) && Date.now() < deadline) await sleep(2000);
  }
  if (existsSync(buildId) && hasServer()) return;
  const part = existsSync(buildId) ? 'web-server' : 'web';
  console.log(`no web build found: running \`bash scripts/build-artifacts.sh ${part}\` first`);
  const result = spawnSync('bash', ['scripts/build-artifacts.sh', part], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('web build failed');
}

/** Run names (or "?") of daprd processes on this host that do not belong to stack `own`. */
export function foreignSidecars(own: string): string[] {
  const names = new Set<string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (!argv[0]?.endsWith('/daprd') && argv[0] !== 'daprd') continue;
    const resources = argv.find((a) => a.startsWith('--resources-path='));
    const run = resources ? /\/run\/([^/]+)\/resources/.exec(resources)?.[1] : undefined;
    if (run !== own) names.add(run ?? '?');
  }
  return [...names];
}

/**
 * Waits (up to BENCH_QUIET_WAIT_S, default 900 s) until no other stack's sidecar runs here and
 * the 1-minute load average is below BENCH_MAX_LOAD (default 1.5 on this 2-core host).
 */
export async function waitForQuietHost(
  own: string,
  defaultWaitS = 900,
): Promise<{ waitedS: number; foreign: string[]; load: number }> {
  const limitS = BENCH_CONFIG.BENCH_QUIET_WAIT_S ?? defaultWaitS;
  const maxLoad = BENCH_CONFIG.BENCH_MAX_LOAD;
  const t0 = Date.now();
  let lastLog = 0;
  for (;;) {
    const foreign = foreignSidecars(own);
    const load = os.loadavg()[0] ?? 0;
    const waitedS = Math.round((Date.now() - t0) / 1000);
    if (foreign.length === 0 && load < maxLoad) return { waitedS, foreign, load };
    if (waitedS >= limitS) {
      console.log(
        `host still busy after ${waitedS} s (other stacks: ${foreign.join(', ') || 'none'}; load ${load.toFixed(1)}): measuring anyway; see the report`,
      );
      return { waitedS, foreign, load };
    }
    if (Date.now() - lastLog > 30_000) {
      lastLog = Date.now();
      console.log(
        foreign.length
          ? `waiting for other stacks to stop (${foreign.join(', ')}): they would compete for the CPU`
          : `waiting for the host to calm down (1-min load average ${load.toFixed(1)} >= ${maxLoad})`,
      );
    }
    await sleep(2000);
  }
}

export type BenchStack = TestStack & { quiet: { waitedS: number; foreign: string[]; load: number } };

export async function startBenchStack(
  name: string,
  options: { quietWaitS?: number; webNodeArgs?: string[]; env?: Record<string, string>; daprdProfiling?: boolean } = {},
): Promise<BenchStack> {
  await ensureWebBuild();
  const quiet = await waitForQuietHost(name, options.quietWaitS);
  const t0 = Date.now();
  console.log(
    `starting stack "${name}" (scheduler, Redis, web, task-service, notification-service, worker + sidecars)...`,
  );
  const stack = await startTestStack({
    name,
    portOffset: BENCH_PORT_OFFSET,
    ownRedisPort: OWN_REDIS_PORT,
    ...(options.webNodeArgs ? { webNodeArgs: options.webNodeArgs } : {}),
    ...(options.daprdProfiling ? { daprdProfiling: true } : {}),
    // The benchmarks drive one user far past a person's per-user limits, and web past its stream limit.
    env: { ...BENCH_LIMITS, ...options.env },
  });
  // Stop the stack however the process ends (Ctrl-C included), so no sidecar is left behind.
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= stack.stop();
    return stopping;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.log(`\n${signal}: stopping the stack...`);
      void stop().finally(() => process.exit(130));
    });
  }
  await waitReady(stack.webUrl());
  console.log(
    `stack up in ${((Date.now() - t0) / 1000).toFixed(0)} s; web at ${stack.webUrl()}, logs in ${stack.runDir}/logs`,
  );
  return { ...stack, stop, quiet };
}

/** web's readiness endpoint checks its sidecar and the services behind it. */
async function waitReady(webUrl: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${webUrl}/api/ready`, { signal: AbortSignal.timeout(5000) });
      last = `${res.status} ${await res.text()}`;
      if (res.ok) return;
    } catch (error) {
      last = String(error);
    }
    await sleep(500);
  }
  throw new Error(`web not ready after ${timeoutMs} ms: ${last}`);
}

/**
 * Waits until task-service's outbox has no unsent rows (the previous run's events are
 * published), so one run's backlog does not load the next. Returns the ms waited.
 */
export async function waitOutboxDrained(
  stack: TestStack,
  timeoutMs = 30_000,
): Promise<{ waitedMs: number; pending: number }> {
  const db = stack.db('tasks');
  const t0 = Date.now();
  for (;;) {
    const [row] = await db<{ n: number }[]>`select count(*)::int as n from outbox where sent_at is null`;
    const pending = row?.n ?? 0;
    if (pending === 0 || Date.now() - t0 > timeoutMs) return { waitedMs: Date.now() - t0, pending };
    await sleep(250);
  }
}

/** The pids of this stack's processes by role (found by their listening ports), and this process. */
export function stackRoles(stack: TestStack): Record<string, number[]> {
  const roles: Record<string, number[]> = { 'load generator': [process.pid] };
  const add = (role: string, port: number) => {
    const pid = pidListeningOn(port);
    if (pid) roles[role] = [pid];
  };
  for (const app of stack.apps) {
    add(app.instance, app.appPort);
    add(`${app.instance}-daprd`, app.daprHTTPPort);
  }
  add('scheduler', stack.schedulerPort);
  add('redis', OWN_REDIS_PORT);
  return roles;
}
