// Child processes of a stack run: started in their own process group, logged to files,
// stopped together; a pid file lets the next run clean up after a killed one.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type Proc = { name: string; child: ChildProcess; logFile: string };

export class ProcessGroup {
  readonly procs: Proc[] = [];
  private readonly pidFile: string;
  /** How each process was started, so that a fault injection can start it again the same way. */
  private readonly specs = new Map<
    string,
    { command: string; args: string[]; options: { env: Record<string, string>; cwd: string } }
  >();

  constructor(
    private readonly runDir: string,
    private readonly echo?: (name: string, line: string) => void,
    /** Once aborted, nothing more is started (a stop during start-up must not race new spawns). */
    private readonly abort?: AbortSignal,
  ) {
    mkdirSync(path.join(runDir, 'logs'), { recursive: true });
    this.pidFile = path.join(runDir, 'pids');
  }

  /** Kills what a previous run of this stack left behind (a killed `npm run dev`, a crashed test). */
  killLeftovers(): void {
    if (!existsSync(this.pidFile)) return;
    for (const pid of readFileSync(this.pidFile, 'utf8').split('\n').filter(Boolean).map(Number)) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {}
    }
    writeFileSync(this.pidFile, '');
  }

  start(name: string, command: string, args: string[], options: { env: Record<string, string>; cwd: string }): Proc {
    this.abort?.throwIfAborted();
    this.specs.set(name, { command, args, options });
    const logFile = path.join(this.runDir, 'logs', `${name}.log`);
    const log = createWriteStream(logFile, { flags: 'a' });
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // A log write after the file stream ended threw `write after end` and crashed the run: 'exit'
    // can fire while stdout/stderr still hold data. End the log on 'close' (after both pipes have
    // drained), and drop (never throw on) a chunk that still arrives after that.
    log.on('error', () => {});
    for (const stream of [child.stdout, child.stderr]) {
      stream?.on('data', (chunk: Buffer) => {
        if (!log.writableEnded) log.write(chunk);
        if (this.echo) for (const line of chunk.toString().split('\n')) if (line.trim()) this.echo(name, line);
      });
    }
    child.on('close', () => log.end());
    if (child.pid) writeFileSync(this.pidFile, `${child.pid}\n`, { flag: 'a' });
    const proc = { name, child, logFile };
    this.procs.push(proc);
    return proc;
  }

  /** Kills a process (its whole group) with `signal`, waits until it is gone, and starts it again as before. */
  async restart(name: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<Proc> {
    const spec = this.specs.get(name);
    if (!spec) throw new Error(`no process ${name} was started`);
    await this.stop(name, signal);
    return this.start(name, spec.command, spec.args, spec.options);
  }

  async stop(name?: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const targets = this.procs.filter((p) => !name || p.name === name);
    await Promise.all(targets.map((p) => (p.child.pid ? stopGroup(p.child.pid, signal) : undefined)));
    if (!name) writeFileSync(this.pidFile, '');
    for (const p of targets) this.procs.splice(this.procs.indexOf(p), 1);
  }
}

const isGroupAlive = (pgid: number) => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Signals a whole process group and waits until every member is gone (ports released), killing after 8 s. */
async function stopGroup(pgid: number, signal: NodeJS.Signals): Promise<void> {
  try {
    process.kill(-pgid, signal);
  } catch {
    return;
  }
  const deadline = Date.now() + 8000;
  while (isGroupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (isGroupAlive(pgid)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {}
    while (isGroupAlive(pgid)) await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Signals every process group recorded in a run's pid file, synchronously. A launcher calls this
 * first in its signal handler: if the launcher itself is killed a moment later (npm and tsx relay
 * Ctrl-C to it again), every child has the signal already and stops on its own.
 */
export function signalRecordedProcesses(runDir: string, signal: NodeJS.Signals): void {
  const pidFile = path.join(runDir, 'pids');
  if (!existsSync(pidFile)) return;
  for (const pid of readFileSync(pidFile, 'utf8').split('\n').filter(Boolean).map(Number)) {
    try {
      process.kill(-pid, signal);
    } catch {}
  }
}

/** Stops every process group recorded in a run's pid file (a stack whose start was interrupted). */
export async function stopRecordedProcesses(runDir: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  const pidFile = path.join(runDir, 'pids');
  if (!existsSync(pidFile)) return;
  const pids = readFileSync(pidFile, 'utf8').split('\n').filter(Boolean).map(Number);
  await Promise.all(pids.map((pid) => stopGroup(pid, signal)));
  writeFileSync(pidFile, '');
}
