// Process facts from /proc (Linux): which process listens on a port, its resident memory and
// CPU time, and the open-files limit (raised by re-running this script under `ulimit -n`).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { BENCH_CONFIG } from './config';

/** The soft limit on open files of this process. */
export function openFilesLimit(): number {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  const soft = line?.split(/\s{2,}/)[1];
  return soft === 'unlimited' ? Number.POSITIVE_INFINITY : Number(soft);
}

/**
 * Makes sure this process (and so every process of the stack it starts, which inherit the
 * limit) may open `wanted` files: if the soft limit is lower, runs this same script again
 * under `ulimit -n` (up to the hard limit) and exits with its status. Returns the limit in force.
 */
export function ensureOpenFiles(wanted: number): number {
  const current = openFilesLimit();
  if (current >= wanted || BENCH_CONFIG.BENCH_ULIMIT_RAISED) return current;
  const script =
    'hard=$(ulimit -Hn); want=$1; shift; if [ "$hard" != unlimited ] && [ "$hard" -lt "$want" ]; then want=$hard; fi; ulimit -n "$want" && exec "$@"';
  console.log(`raising the open-files limit from ${current} to ${wanted} (or the hard limit) and restarting`);
  const result = spawnSync(
    'bash',
    ['-c', script, 'bash', String(wanted), process.execPath, ...process.execArgv, ...process.argv.slice(1)],
    {
      stdio: 'inherit',
      env: { ...process.env, BENCH_ULIMIT_RAISED: '1' },
    },
  );
  process.exit(result.status ?? 1);
}

/** The pid of the process holding a listening TCP socket on `port` (IPv4 or IPv6). */
export function pidListeningOn(port: number): number | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const row of text.split('\n').slice(1)) {
      const cols = row.trim().split(/\s+/);
      // local_address is "HEXIP:HEXPORT"; state 0A is LISTEN; column 9 is the inode.
      if (cols[1]?.endsWith(`:${hexPort}`) && cols[3] === '0A' && cols[9]) inodes.add(cols[9]);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const link = readlinkSync(`/proc/${entry}/fd/${fd}`);
        const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
        if (inode && inodes.has(inode)) return Number(entry);
      } catch {}
    }
  }
  return undefined;
}

/** Resident set size of a process, KiB (VmRSS). */
export function rssKb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.replace(/\D+/g, '') ?? Number.NaN);
}

/** The process name (comm / title), e.g. `next-server (v16…)`. */
export function processName(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
}

/** User and system (kernel) CPU time of a process, in ms. */
export function cpuTimesMs(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime, stime (fields 14 and 15), in ticks; USER_HZ is 100 on Linux
  return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
}

/** User + system CPU time of a process, in ms. */
export function cpuMs(pid: number): number {
  const { user, system } = cpuTimesMs(pid);
  return user + system;
}

/** Open file descriptors of a process. */
export function openFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** CPU time (ms) of every process whose command name is `comm` (e.g. all `postgres` backends). */
function cpuOfCommand(comm: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === comm) out.set(Number(entry), cpuMs(Number(entry)));
    } catch {}
  }
  return out;
}

/** Busy CPU time of the whole host (all cores), ms, from /proc/stat. */
function hostBusyMs(): number {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal ...: everything but idle and iowait is busy.
  const busy = fields.reduce((a, b) => a + b, 0) - (fields[3] ?? 0) - (fields[4] ?? 0);
  return (busy * 1000) / 100;
}

/**
 * Samples CPU use per role (a role is a set of pids, e.g. "web", "web-daprd"), all `postgres`
 * processes, and the rest of the host. `stop()` returns cores used per role over the interval.
 */
export function cpuMeter(roles: Record<string, number[]>): { stop(): Record<string, number> } {
  const t0 = performance.now();
  const host0 = hostBusyMs();
  const start = new Map<string, number>();
  const read = (pids: number[]) =>
    pids.reduce((sum, pid) => {
      try {
        return sum + cpuMs(pid);
      } catch {
        return sum; // the process ended
      }
    }, 0);
  for (const [role, pids] of Object.entries(roles)) start.set(role, read(pids));
  const pg0 = cpuOfCommand('postgres');
  return {
    stop() {
      const seconds = (performance.now() - t0) / 1000;
      const out: Record<string, number> = {};
      let known = 0;
      for (const [role, pids] of Object.entries(roles)) {
        const used = read(pids) - (start.get(role) ?? 0);
        known += used;
        out[role] = used / 1000 / seconds;
      }
      let pg = 0;
      for (const [pid, ms] of cpuOfCommand('postgres')) pg += ms - (pg0.get(pid) ?? 0);
      known += pg;
      out.postgres = pg / 1000 / seconds;
      out['rest of host'] = Math.max(0, (hostBusyMs() - host0 - known) / 1000 / seconds);
      return out;
    },
  };
}

/** "web 0.93, postgres 0.41, task-service 0.30": the busiest roles, in cores. */
export function topCpu(usage: Record<string, number>, n = 3): string {
  return Object.entries(usage)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([role, cores]) => `${role} ${cores.toFixed(2)}`)
    .join(', ');
}

/**
 * CPU use of every process on the host between `start` and `stop()`, outside the given pids:
 * what else ran beside a measurement (the machine may be shared). Grouped by command name.
 */
export function hostNeighbours(exclude: () => number[]): { stop(n?: number): string } {
  const snapshot = () => {
    const out = new Map<number, { name: string; ms: number }>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const name = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
        out.set(Number(entry), { name, ms: cpuMs(Number(entry)) });
      } catch {}
    }
    return out;
  };
  const t0 = performance.now();
  const before = snapshot();
  return {
    stop(n = 6) {
      const seconds = (performance.now() - t0) / 1000;
      const skip = new Set(exclude());
      const byName = new Map<string, number>();
      for (const [pid, now] of snapshot()) {
        if (skip.has(pid)) continue;
        const used = now.ms - (before.get(pid)?.ms ?? 0);
        if (used > 0) byName.set(now.name, (byName.get(now.name) ?? 0) + used);
      }
      return [...byName]
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([name, ms]) => `${name} ${(ms / 1000 / seconds).toFixed(2)}`)
        .join(', ');
    },
  };
}
