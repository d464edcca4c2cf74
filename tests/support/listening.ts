// The TCP ports the processes of a stack listen on, and on which address (from `ss`, per pid).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type Listener = { address: string; port: number; pid: number; command: string };

/** The process group id of a pid (field 5 of /proc/<pid>/stat), or undefined if it is gone. */
function pgidOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command (field 2) may contain spaces; the fields after its closing parenthesis do not.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[2]);
  } catch {
    return undefined;
  }
}

/** Every listening TCP socket of the process groups a stack run recorded in its pid file. */
export function listenersOfRun(runDir: string): Listener[] {
  const pidFile = path.join(runDir, 'pids');
  const groups = new Set(
    existsSync(pidFile) ? readFileSync(pidFile, 'utf8').split('\n').filter(Boolean).map(Number) : [],
  );
  const out: Listener[] = [];
  for (const line of execFileSync('ss', ['-Hltnp'], { encoding: 'utf8' }).split('\n')) {
    const local = line.trim().split(/\s+/)[3];
    if (!local) continue;
    const split = local.lastIndexOf(':');
    const address = local
      .slice(0, split)
      .replace(/^\[|\]$/g, '')
      .replace(/%.*$/, '');
    const port = Number(local.slice(split + 1));
    for (const m of line.matchAll(/\("([^"]*)",pid=(\d+),fd=\d+\)/g)) {
      const pid = Number(m[2]);
      const pgid = pgidOf(pid);
      if (pgid !== undefined && groups.has(pgid)) out.push({ address, port, pid, command: m[1] ?? '' });
    }
  }
  return out;
}

export const isLoopback = (address: string) => address === '::1' || /^127\./.test(address);
