// A private Postgres cluster for fault injection: initdb into a folder of its own, its own port,
// loopback only, trust auth. Killing it affects nobody else (the machine's cluster is shared).
// As root, initdb and postgres run as the `postgres` user (postgres refuses to run as root).
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';

export type PrivatePostgres = {
  port: number;
  adminUrl: string;
  /** SIGKILL the postmaster (its backends exit on their own), then start it again: crash recovery. */
  killAndRestart(): Promise<void>;
  stop(): Promise<void>;
};

/** The newest /usr/lib/postgresql/<version>/bin that has initdb and postgres. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) throw new Error(`no Postgres server binaries under ${root} (initdb, postgres); install postgresql`);
  return path.join(root, versions[0], 'bin');
}

function asPostgresUser(command: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [command, args];
  return ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', '--', command, ...args]];
}

const isListening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

export async function startPrivatePostgres(dir: string, port: number): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  const data = path.join(dir, 'data');
  // A run killed before its stop left its server running: end it by the pid it recorded.
  const leftover = path.join(data, 'postmaster.pid');
  if (existsSync(leftover)) {
    const pid = Number(readFileSync(leftover, 'utf8').split('\n')[0]);
    try {
      if (pid > 0) process.kill(pid, 'SIGKILL');
    } catch {}
    while (await isListening(port)) await new Promise((r) => setTimeout(r, 50));
  }
  if (await isListening(port)) throw new Error(`port ${port} for the private Postgres is in use`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const [initCmd, initArgs] = asPostgresUser(path.join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '--no-sync',
    '-E',
    'UTF8',
  ]);
  execFileSync(initCmd, initArgs, { stdio: 'pipe' });

  let child: ChildProcess | undefined;
  const start = async () => {
    const [cmd, args] = asPostgresUser(path.join(bin, 'postgres'), [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=300',
      // Durable as any production database: a kill of the server loses no committed transaction.
      '-c',
      'fsync=on',
      '-c',
      'synchronous_commit=on',
    ]);
    // Its log goes to a file: a pipe nobody reads fills up during crash recovery (every refused
    // connection logs a line) and then blocks the postmaster on its next write.
    const logFd = openSync(path.join(dir, 'postgres.log'), 'a');
    child = spawn(cmd, args, { stdio: ['ignore', logFd, logFd], detached: true });
    closeSync(logFd);
    const deadline = Date.now() + 60_000;
    const isReady = () =>
      spawnSync(path.join(bin, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port)]).status === 0;
    while (!isReady()) {
      if (Date.now() > deadline)
        throw new Error(`private Postgres on ${port} did not start (log: ${dir}/postgres.log)`);
      if (child.exitCode !== null) throw new Error(`private Postgres exited with ${child.exitCode}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const kill = async () => {
    const c = child;
    child = undefined;
    if (!c?.pid || c.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    try {
      process.kill(-c.pid, 'SIGKILL');
    } catch {}
    await exited;
    // Backends notice the postmaster's death and exit; the port is free once they have.
    while (await isListening(port)) await new Promise((r) => setTimeout(r, 50));
  };
  await start();
  return {
    port,
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    killAndRestart: async () => {
      await kill();
      await start();
    },
    stop: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
