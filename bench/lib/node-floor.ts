// What plain Node costs per request on this host, measured like web in the quick mode (open loop at
// a fixed rate, CPU time from /proc, idle subtracted): a server that answers a fixed JSON body
// (the floor under `GET /api/health`) and a proxy that forwards each request to it over one
// keep-alive agent (the floor under a BFF list, which receives a request and makes one).
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { prepare, send } from './http';
import { type Fire, openLoop } from './load';
import { cpuMs } from './proc';

const SERVER = path.join(import.meta.dirname, 'node-floor-server.mjs');
const IDLE_MS = 2000;

async function start(port: number, upstream?: number): Promise<ChildProcess> {
  const child = fork(SERVER, [], {
    env: { ...process.env, PORT: String(port), ...(upstream ? { UPSTREAM: String(upstream) } : {}) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await once(child, 'message');
  return child;
}

/** CPU ms per request of `pid` while `fire` runs at `rate` for `durationMs`, its idle CPU subtracted. */
async function cpuPerRequest(pid: number, fire: Fire, rate: number, durationMs: number): Promise<number> {
  await openLoop(fire, { rate, durationMs: 2000 }); // warm-up
  const i0 = cpuMs(pid);
  await sleep(IDLE_MS);
  const idlePerMs = (cpuMs(pid) - i0) / IDLE_MS;
  const c0 = cpuMs(pid);
  const t0 = performance.now();
  const result = await openLoop(fire, { rate, durationMs });
  const used = cpuMs(pid) - c0 - idlePerMs * (performance.now() - t0);
  return result.ok > 0 ? Math.max(0, used) / result.ok : Number.NaN;
}

const fireAt = (port: number): Fire => {
  const target = prepare({ method: 'GET', url: `http://127.0.0.1:${port}/api/health`, headers: {} });
  return async () => {
    const r = await send(target);
    return { ok: r.status === 200, status: String(r.status) };
  };
};

/** Plain Node's CPU ms per request at `rate`: answering, and forwarding (ports `basePort`, `basePort + 1`). */
export async function measureNodeFloor(
  basePort: number,
  rate: number,
  durationMs: number,
): Promise<{ answer: number; proxy: number }> {
  const server = await start(basePort);
  const proxy = await start(basePort + 1, basePort);
  try {
    const answer = await cpuPerRequest(server.pid as number, fireAt(basePort), rate, durationMs);
    const forwarded = await cpuPerRequest(proxy.pid as number, fireAt(basePort + 1), rate, durationMs);
    return { answer, proxy: forwarded };
  } finally {
    server.kill();
    proxy.kill();
  }
}
