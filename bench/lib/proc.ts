// Process facts from /proc (Linux): which process listens on a port, its resident memory and
// CPU time, and the open-files limit (raised by re-running this script under `ulimit -n`).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

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
  if (current >= wanted || process.env.BENCH_ULIMIT_RAISED) return current;
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

/** User + system CPU time of a process, in ms. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

/** Open file descriptors of a process. */
export function openFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}
