// The benchmark stack: the same harness as the integration tests (real scheduler, four apps,
// their daprd sidecars, shared local Postgres and Redis), on its own ports (offset 3000: web
// at :6000) so it can run beside `npm run dev` (offset 0) and the tests (1000, 2000).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ROOT } from '../../scripts/local-config';
import { serviceDb, startTestStack, type TestStack } from '../../tests/support/stack';

export const BENCH_PORT_OFFSET = 3000;

/** Builds web once if there is no build yet (`next start` serves `.next`). */
function ensureWebBuild(): void {
  if (existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) return;
  console.log('no .next build found: running `npx next build` first');
  const result = spawnSync('npx', ['next', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('next build failed');
}

export async function startBenchStack(name: string): Promise<TestStack> {
  ensureWebBuild();
  const t0 = Date.now();
  console.log(`starting stack "${name}" (scheduler, web, task-service, notification-service, worker + sidecars)...`);
  const stack = await startTestStack({ name, portOffset: BENCH_PORT_OFFSET });
  // Stop the stack however the process ends (Ctrl-C included), so no sidecar is left behind.
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= stack.stop());
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
  return { ...stack, stop };
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
 * Waits until task-service's outbox has no unsent rows (events of the previous run published),
 * so one run's backlog does not load the next. The outbox table is shared by every local
 * stack on this Postgres, so this also waits for theirs. Returns the ms waited.
 */
export async function waitOutboxDrained(timeoutMs = 30_000): Promise<{ waitedMs: number; pending: number }> {
  const db = serviceDb('tasks');
  const t0 = Date.now();
  try {
    for (;;) {
      const [row] = await db<{ n: number }[]>`select count(*)::int as n from outbox where sent_at is null`;
      const pending = row?.n ?? 0;
      if (pending === 0 || Date.now() - t0 > timeoutMs) return { waitedMs: Date.now() - t0, pending };
      await sleep(250);
    }
  } finally {
    await db.end();
  }
}
