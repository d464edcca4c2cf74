// `npm run dev`: a new user's first minute in Chromium raises no console error or warning (a
// hydration mismatch is one, and is what `next dev` counts as an "Issue") and next dev reports no
// warning or error of its own; and the launcher stops
// every process it started when its process group gets SIGINT (Ctrl-C) or SIGTERM, whether the
// stack is up or still starting.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { chromium } from 'playwright';
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
  // Only the groups this launcher records count (a killed earlier launcher leaves its list behind).
  if (existsSync(PID_FILE)) writeFileSync(PID_FILE, '');
  let output = '';
  // As package.json's "dev" runs it: node with tsx's loader, no tsx CLI process in between. The tsx
  // CLI relays a signal to its child and SIGKILLs the child when it has not acknowledged it within
  // 2 × 30 ms, which under load killed the launcher before it could stop what it had started.
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev.ts'], {
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

/**
 * Signs up through the form of the dev server, lands on the list and types a quick add (its preview
 * renders only once the page has hydrated); returns every console error, warning and page error.
 */
async function browseAsNewUser(url: string): Promise<string[]> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  const problems: string[] = [];
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(180_000); // next dev compiles each route on its first request
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        problems.push(`${message.type()}: ${message.text()} (${message.location().url || '-'} on page ${page.url()})`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message} (${page.url()})`));
    await page.goto(`${url}/signup`);
    const email = `dev-${randomUUID()}@example.test`;
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Name').fill('Dev Person');
    await page.getByLabel('Password').fill(`pw-${randomUUID()}`);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('button', { name: `Account ${email}` }).waitFor();
    const form = page.getByRole('form', { name: 'Add task' });
    await form.getByLabel('New task').fill('Water plants tomorrow 8am #home');
    await form.locator('#quick-add-preview').getByText('#home').waitFor();
    await page.reload();
    await form.getByLabel('New task').waitFor();
    return problems;
  } finally {
    await browser.close();
  }
}

/**
 * After a failed check: kills the launcher and every group it recorded, and waits until they are
 * gone, so the next test starts from nothing (a surviving sidecar would hold ports, and its group
 * would count against the next test's launcher).
 */
async function killAll(child: ChildProcess) {
  const groups = [child.pid as number, ...recordedGroups()];
  for (const pgid of groups.filter(isGroupAlive)) process.kill(-pgid, 'SIGKILL');
  await until(() => !groups.some(isGroupAlive), 10_000, 'the killed process groups to exit');
}

describe('npm run dev', () => {
  it('serves a new user with a clean console, then stops every process it started on SIGINT to its process group', async () => {
    const dev = startDev();
    try {
      await until(() => dev.output().includes('ready:'), 240_000, 'the dev stack');
      const url = /ready: (http:\/\/\S+)/.exec(dev.output())?.[1] as string;
      expect(await browseAsNewUser(url), 'the browser console under next dev').toEqual([]);
      // Nor does next dev itself report a warning (⚠) or an error (⨯) while serving it.
      const webLines = stripVTControlCharacters(dev.output())
        .split('\n')
        .filter((line) => /^web\s/.test(line));
      expect(webLines.length).toBeGreaterThan(0);
      // Except the one about this machine: next dev times a write to .next/dev at start and warns
      // of a "slow filesystem" when the disk is busy (it is, while the suite runs beside builds).
      const reported = webLines.filter((line) => /[⚠⨯]/.test(line) && !line.includes('Slow filesystem detected'));
      expect(reported).toEqual([]);
      const groups = recordedGroups();
      expect(groups.length).toBeGreaterThanOrEqual(9); // scheduler + 4 apps + 4 sidecars
      await signalAndCheck(dev.child, 'SIGINT', groups, dev.output);
    } finally {
      await killAll(dev.child);
    }
  }, 420_000);

  it('stops what has started so far on SIGTERM while the stack is still starting', async () => {
    const dev = startDev();
    try {
      // the scheduler and the first app are up, the rest still starting
      await until(() => recordedGroups().length >= 3, 120_000, 'the first processes');
      expect(dev.output()).not.toContain('ready:');
      await signalAndCheck(dev.child, 'SIGTERM', recordedGroups(), dev.output);
    } finally {
      await killAll(dev.child);
    }
  });
});
