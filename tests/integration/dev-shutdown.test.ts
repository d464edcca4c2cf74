// `npm run dev` stops every process it started when its process group gets SIGINT (Ctrl-C) or
// SIGTERM, whether the stack is up or still starting.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCAL_DIR, ROOT } from '../../scripts/local-config';

const PID_FILE = path.join(LOCAL_DIR, 'run', 'dev', 'pids');

const isGroupAlive = (pgid: number) => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Starts the dev launcher as `npm run dev` would, in a process group of its own. */
function startDev(): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn('npx', ['tsx', 'scripts/dev.ts'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  return { child, output: () => output };
}

async function until(condition: () => boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const recordedGroups = () =>
  existsSync(PID_FILE) ? readFileSync(PID_FILE, 'utf8').split('\n').filter(Boolean).map(Number) : [];

async function signalAndCheck(child: ChildProcess, signal: NodeJS.Signals, groups: number[], output: () => string) {
  const launcher = child.pid as number;
  expect(isGroupAlive(launcher), `the launcher is running before ${signal}:\n${output().slice(-2000)}`).toBe(true);
  process.kill(-launcher, signal);
  // The launcher's own group (npx, tsx, the script) ends, and so does every group it started.
  await until(() => !isGroupAlive(launcher), 60_000, `the launcher to exit after ${signal}`);
  const alive = groups.filter(isGroupAlive);
  expect(alive, `process groups still running after ${signal}`).toEqual([]);
}

describe('npm run dev', () => {
  it('stops every process it started on SIGINT to its process group once the stack is up', async () => {
    const dev = startDev();
    try {
      await until(() => dev.output().includes('ready:'), 240_000, 'the dev stack');
      const groups = recordedGroups();
      expect(groups.length).toBeGreaterThanOrEqual(9); // scheduler + 4 apps + 4 sidecars
      await signalAndCheck(dev.child, 'SIGINT', groups, dev.output);
    } finally {
      if (isGroupAlive(dev.child.pid as number)) process.kill(-(dev.child.pid as number), 'SIGKILL');
    }
  });

  it('stops what has started so far on SIGTERM while the stack is still starting', async () => {
    const dev = startDev();
    try {
      // the scheduler and the first app are up, the rest still starting
      await until(() => recordedGroups().length >= 3, 120_000, 'the first processes');
      expect(dev.output()).not.toContain('ready:');
      await signalAndCheck(dev.child, 'SIGTERM', recordedGroups(), dev.output);
    } finally {
      if (isGroupAlive(dev.child.pid as number)) process.kill(-(dev.child.pid as number), 'SIGKILL');
    }
  });
});
