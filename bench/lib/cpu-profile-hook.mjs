// Preloaded into web by the benchmarks (`node --import`) when CPU_PROFILE_DIR is set: SIGUSR2 starts
// V8's CPU profiler and its sampling heap profiler, the next SIGUSR2 stops both and writes
// <CPU_PROFILE_DIR>/web-<pid>-<n>.cpuprofile and .heapprofile (where the window's allocations were
// made, garbage included), so a profile covers exactly the measured window (not start-up, sign-up
// or warm-up).
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
      // Allocations sampled every 32 KB on average, kept even when collected since.
      session.post('HeapProfiler.enable', () =>
        session.post('HeapProfiler.startSampling', {
          samplingInterval: 32 * 1024,
          includeObjectsCollectedByMajorGC: true,
          includeObjectsCollectedByMinorGC: true,
        }),
      );
      return;
    }
    isRunning = false;
    count += 1;
    const base = path.join(dir, `web-${process.pid}-${count}`);
    session.post('HeapProfiler.stopSampling', (error, result) => {
      if (!error) writeFileSync(`${base}.heapprofile`, JSON.stringify(result.profile));
      // The CPU profile last: the benchmark waits for it, by its final name.
      session.post('Profiler.stop', (cpuError, cpuResult) => {
        if (cpuError) return;
        writeFileSync(`${base}.cpuprofile.tmp`, JSON.stringify(cpuResult.profile));
        renameSync(`${base}.cpuprofile.tmp`, `${base}.cpuprofile`);
      });
    });
  });
}
