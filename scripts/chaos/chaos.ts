// `npm run chaos [-- name ...]`: under a mixed load, kill one part of the stack with SIGKILL and
// start it again, then count against the ground truth in the databases what was lost, never
// processed, duplicated or never delivered, and how long until the system served again.
// Everything is real and private to this run: daprd sidecars, the scheduler, a Redis with an
// fsynced append-only file, and a Postgres cluster of its own (the machine's is shared).

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { type BenchUser, signUpOne } from '../../bench/lib/users';
import { ARTIFACT_COMMANDS } from '../stack/artifacts';
import { LiveClient, newRecord, runUser } from './load';
import { startPrivatePostgres } from './postgres';
import { type Counts, countTruth, isSettled } from './truth';

const PORT_OFFSET = 4000;
const REDIS_PORT = 17379;
const POSTGRES_PORT = 25432;
const SMTP_PORT = 14525;
const USERS = 4;
const LOAD_BEFORE_MS = 8_000;
const LOAD_AFTER_MS = 20_000;
/** The sweep fires a reminder the scheduler missed 20 s after remindAt, on a one-minute cron. */
const SETTLE_MAX_MS = 150_000;
const STEP_TIMEOUT_MS = 60_000;

type Scenario = { id: string; what: string; inject: () => Promise<void> };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const secs = (ms: number | undefined) => (ms === undefined ? 'never' : (ms / 1000).toFixed(1));

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  // Not through local-config: it reads DATABASE_ADMIN_URL when first loaded, which is set below.
  if (!existsSync(path.resolve(import.meta.dirname, '../../.next/BUILD_ID')))
    throw new Error('no web build: run `npm run build` first');
  const pg = await startPrivatePostgres('/tmp/todo-chaos-postgres', POSTGRES_PORT);
  // Before the harness is loaded: it reads the admin URL (where it creates the stack's databases) once.
  process.env.DATABASE_ADMIN_URL = pg.adminUrl;
  const { startTestStack } = await import('../../tests/support/stack');
  const { markdownTable, machineLine, buildLine, writeReadmeSection } = await import('../../bench/lib/report');

  const mailsBySubject = new Map<string, number>();
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => {
        raw += c.toString();
      });
      stream.on('end', () => {
        const subject =
          /^Subject: (.*(?:\r?\n[ \t].*)*)/im
            .exec(raw)?.[1]
            ?.replace(/\r?\n[ \t]/g, ' ')
            .trim() ?? '';
        mailsBySubject.set(subject, (mailsBySubject.get(subject) ?? 0) + 1);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(SMTP_PORT, '127.0.0.1', resolve));

  const root = path.resolve(import.meta.dirname, '../..');
  // The services as production runs them: the bundles Dockerfile.service runs, by the same script.
  execFileSync('bash', [path.join(root, 'scripts', 'build-artifacts.sh'), 'services'], { stdio: 'inherit' });
  const serviceCommands = {
    'task-service': ARTIFACT_COMMANDS['task-service'] as string[],
    'notification-service': ARTIFACT_COMMANDS['notification-service'] as string[],
    worker: ARTIFACT_COMMANDS.worker as string[],
  };
  console.log(`private Postgres on ${pg.port}; starting the stack (web, 3 services, 4 sidecars, scheduler, Redis)...`);
  const stack = await startTestStack({
    name: 'chaos',
    portOffset: PORT_OFFSET,
    ownRedisPort: REDIS_PORT,
    isRedisDurable: true,
    serviceCommands,
    metadata: { email: { port: String(SMTP_PORT) } },
    env: {
      TASK_LIMIT_CREATES_PER_MINUTE: '100000',
      TASK_LIMIT_REMINDERS_PER_MINUTE: '100000',
      TASK_LIMIT_OPEN_TASKS: '100000',
      TASK_LIMIT_PENDING_REMINDERS: '100000',
    },
  });
  let isStopping = false;
  // The restart policy of a pod: a process that exits on its own is started again (and counted).
  const crashes: string[] = [];
  let isInjecting = false;
  const restarting = new Set<string>();
  const supervisor = setInterval(() => {
    if (isStopping || isInjecting) return;
    for (const name of stack.exitedProcesses()) {
      if (restarting.has(name)) continue;
      restarting.add(name);
      crashes.push(name);
      console.log(`[chaos]   ${name} exited on its own; restarting it, as Kubernetes would`);
      void stack
        .restartProcess(name)
        .catch(() => {})
        .finally(() => restarting.delete(name));
    }
  }, 500);
  const stopAll = async () => {
    if (isStopping) return;
    isStopping = true;
    clearInterval(supervisor);
    await stack.stop().catch(() => {});
    await pg.stop().catch(() => {});
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void stopAll().then(() => process.exit(130)));

  const results: Array<{
    scenario: Scenario;
    counts: Counts;
    apiMs?: number;
    fullMs?: number;
    settleMs?: number;
    acked: number;
    unknown: number;
    reconnects: number;
    crashed: string[];
  }> = [];
  try {
    const dbs = { tasks: stack.db('tasks'), notifications: stack.db('notifications'), state: stack.db('state') };
    const web = stack.webUrl();
    const users: BenchUser[] = [];
    for (let i = 0; i < USERS + 1; i++) users.push(await signUpOne(web, 200 + i, 'chaos'));
    for (const user of users) {
      const res = await fetch(`${web}/api/settings`, {
        method: 'PUT',
        headers: { cookie: user.cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ emailReminders: true }),
      });
      if (res.status !== 200) throw new Error(`settings: ${res.status} ${await res.text()}`);
    }
    const probeUser = users.pop() as BenchUser;
    const live = users.map((u) => new LiveClient(web, u));

    const scenarios: Scenario[] = [
      { id: 'web', what: 'web (built server)', inject: () => stack.restartProcess('web') },
      { id: 'task-service', what: 'task-service', inject: () => stack.restartProcess('task-service') },
      {
        id: 'task-service-daprd',
        what: "task-service's daprd",
        inject: () => stack.restartProcess('task-service-daprd'),
      },
      { id: 'worker', what: 'worker', inject: () => stack.restartProcess('worker') },
      { id: 'worker-daprd', what: "worker's daprd", inject: () => stack.restartProcess('worker-daprd') },
      {
        id: 'notification-service',
        what: 'notification-service',
        inject: () => stack.restartProcess('notification-service'),
      },
      { id: 'scheduler', what: 'scheduler', inject: () => stack.restartProcess('scheduler') },
      {
        id: 'redis',
        what: 'Redis (append-only file, fsync always)',
        inject: async () => {
          await stack.redis?.stop();
          await stack.redis?.start();
        },
      },
      { id: 'postgres', what: 'Postgres (all databases)', inject: () => pg.killAndRestart() },
    ].filter((s) => only.length === 0 || only.includes(s.id));
    if (scenarios.length === 0) throw new Error(`no scenario named ${only.join(', ')}`);

    for (const [index, scenario] of scenarios.entries()) {
      const tag = `c${Date.now().toString(36)}-${index}`;
      console.log(
        `\n[chaos] ${scenario.what}: load ${LOAD_BEFORE_MS / 1000} s, SIGKILL + restart, load ${LOAD_AFTER_MS / 1000} s`,
      );
      const record = newRecord();
      const stopLoad = new AbortController();
      const reconnectsBefore = live.reduce((n, l) => n + l.reconnects, 0);
      const loops = users.map((u) => runUser(web, u, tag, record, stopLoad.signal));
      await sleep(LOAD_BEFORE_MS);

      const crashesBefore = crashes.length;
      const killedAt = Date.now();
      isInjecting = true;
      const injected = scenario.inject().finally(() => {
        isInjecting = false;
      });
      const recovery = probeRecovery(web, probeUser, dbs, `${tag}-probe`, killedAt, injected);
      await injected;
      console.log(
        `[chaos]   killed at ${new Date(killedAt).toISOString()}, restarted after ${secs(Date.now() - killedAt)} s`,
      );
      await sleep(LOAD_AFTER_MS);
      stopLoad.abort();
      await Promise.all(loops);
      const { apiMs, fullMs } = await recovery;
      console.log(`[chaos]   API served again after ${secs(apiMs)} s, whole path after ${secs(fullMs)} s`);

      const settleStart = Date.now();
      const seen = new Set(live.flatMap((l) => [...l.seenNotifications]));
      let counts = await safeCount(dbs, tag, record, seen, mailsBySubject);
      while (!(counts && isSettled(counts)) && Date.now() - settleStart < SETTLE_MAX_MS) {
        await sleep(2000);
        const seenNow = new Set(live.flatMap((l) => [...l.seenNotifications]));
        counts = (await safeCount(dbs, tag, record, seenNow, mailsBySubject)) ?? counts;
      }
      if (!counts) throw new Error('the databases could not be read after the scenario');
      const settleMs = isSettled(counts) ? Date.now() - settleStart : undefined;
      const acked = record.acked.creates + record.acked.edits + record.acked.completions;
      console.log(
        `[chaos]   ${acked} acknowledged writes, ${record.unknown} without an answer; ${JSON.stringify(counts)}`,
      );
      if (record.refused.size) console.log(`[chaos]   refused: ${JSON.stringify(Object.fromEntries(record.refused))}`);
      results.push({
        scenario,
        counts,
        apiMs,
        fullMs,
        settleMs,
        acked,
        unknown: record.unknown,
        reconnects: live.reduce((n, l) => n + l.reconnects, 0) - reconnectsBefore,
        crashed: crashes.slice(crashesBefore),
      });
    }
    for (const l of live) l.close();

    const table = markdownTable(
      [
        'killed (SIGKILL, restarted at once)',
        'acked writes',
        'no answer',
        'acked writes lost',
        'events never processed',
        'next occurrences missing',
        'duplicate next occurrences',
        'duplicate notifications',
        'reminders never delivered',
        'not on the live stream',
        'e-mails missing',
        'duplicate e-mails',
        'API serves again (s)',
        'whole path again (s)',
        'all delivered after load (s)',
        'crashed after the fault (restarted)',
      ],
      results.map((r) => [
        r.scenario.what,
        r.acked,
        r.unknown,
        r.counts.lostWrites,
        r.counts.unprocessedEvents,
        r.counts.missingNext,
        r.counts.duplicateNext,
        r.counts.duplicateNotifications,
        r.counts.undeliveredReminders + r.counts.notYetDue,
        r.counts.notOnStream,
        r.counts.emailsMissing,
        r.counts.emailsDuplicate,
        secs(r.apiMs),
        secs(r.fullMs),
        r.settleMs === undefined ? `not within ${SETTLE_MAX_MS / 1000}` : secs(r.settleMs),
        r.crashed.length ? r.crashed.join(', ') : '—',
      ]),
    );
    console.log(`\n${table}\n`);
    if (only.length === 0) {
      writeReadmeSection(
        'chaos',
        [
          '### Faults: `npm run chaos`',
          '',
          `Machine: ${machineLine()}; ${buildLine()}. One run on a shared 2-core machine.`,
          '',
          table,
        ].join('\n'),
      );
    }
  } finally {
    await stopAll();
  }
  const failed = results.filter(
    (r) =>
      r.counts.lostWrites +
        r.counts.unprocessedEvents +
        r.counts.missingNext +
        r.counts.duplicateNext +
        r.counts.duplicateNotifications +
        r.counts.undeliveredReminders +
        r.counts.notYetDue >
      0,
  );
  process.exit(failed.length ? 1 : 0);
}

async function safeCount(...args: Parameters<typeof countTruth>): Promise<Counts | undefined> {
  try {
    return await countTruth(...args);
  } catch (error) {
    console.log(`[chaos]   databases not readable yet: ${(error as Error).message}`);
    return undefined;
  }
}

/**
 * Probes from the moment of the kill: the API (a create and a list through web answered 2xx), and
 * the whole path (that task's created event recorded by the worker, and its reminder, due 1 s
 * later, stored as a notification). Times are from the kill to the end of the first probe that passed.
 */
async function probeRecovery(
  web: string,
  user: BenchUser,
  dbs: { notifications: import('postgres').Sql; state: import('postgres').Sql; tasks: import('postgres').Sql },
  tag: string,
  killedAt: number,
  injected: Promise<void>,
): Promise<{ apiMs?: number; fullMs?: number }> {
  let apiMs: number | undefined;
  let seq = 0;
  const deadline = killedAt + STEP_TIMEOUT_MS + LOAD_AFTER_MS;
  await Promise.race([injected.catch(() => {}), sleep(200)]);
  while (Date.now() < deadline) {
    seq += 1;
    const headers = { cookie: user.cookie, 'content-type': 'application/json' };
    const remindAt = new Date(Date.now() + 1000).toISOString();
    const created = await fetch(`${web}/api/tasks`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ title: `${tag} ${seq}`, remindAt }),
      signal: AbortSignal.timeout(5000),
    }).catch(() => undefined);
    const listed =
      created?.status === 201
        ? await fetch(`${web}/api/tasks?limit=1`, { headers, signal: AbortSignal.timeout(5000) }).catch(() => undefined)
        : undefined;
    if (created?.status !== 201 || listed?.status !== 200) {
      await sleep(200);
      continue;
    }
    apiMs ??= Date.now() - killedAt;
    const { id } = (await created.json()) as { id: string };
    const pathDeadline = Date.now() + 20_000;
    while (Date.now() < pathDeadline) {
      try {
        // The notification is at the end of the path: job, outbox, broker, worker, notification-service.
        const notified = await dbs.notifications`select 1 from notifications where task_id = ${id}`;
        if (notified.length) return { apiMs, fullMs: Date.now() - killedAt };
      } catch {}
      await sleep(100);
    }
  }
  return { apiMs };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
