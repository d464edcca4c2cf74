// Preloaded into web by the benchmarks (`node --import`) when CPU_PROFILE_DIR is set: SIGUSR2 starts
// V8's CPU profiler, the next SIGUSR2 stops it and writes <CPU_PROFILE_DIR>/web-<pid>-<n>.cpuprofile,
// so a profile covers exactly the measured window (not start-up, sign-up or warm-up).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';

const dir = process.env.CPU_PROFILE_DIR;
if (dir) {
  mkdirSync(dir, { recursive: true });
  const session = new Session();
  session.connect();
  let isRunning = false;
  let count = 0;
  process.on('SIGUSR2', () => {
    if (!isRunning) {
      isRunning = true;
      session.post('Profiler.enable', () => session.post('Profiler.start'));
      return;
    }
    isRunning = false;
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      count += 1;
      const file = path.join(dir, `web-${process.pid}-${count}.cpuprofile`);
      // Written under a temporary name first: the benchmark waits for the final name.
      writeFileSync(`${file}.tmp`, JSON.stringify(result.profile));
      renameSync(`${file}.tmp`, file);
    });
  });
}
