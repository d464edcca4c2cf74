// `npm run dev`: the whole stack with `next dev` and `tsx watch`, logs prefixed per process.
// Run as `node --import tsx scripts/dev.ts` (package.json), not through the tsx CLI: that CLI relays
// Ctrl-C to its child and SIGKILLs it when the child has not acknowledged within 60 ms, so a busy
// launcher died before its handler below could stop the stack.
import path from 'node:path';
import { isTracing, kafkaBrokers, LOCAL_DIR } from './local-config';
import { type Stack, startStack } from './stack';
import { signalRecordedProcesses, stopRecordedProcesses } from './stack/processes';

const DEV_RUN_DIR = path.join(LOCAL_DIR, 'run', 'dev');

const colors = [36, 33, 35, 32, 34, 31, 90];
const seen = new Map<string, number>();
const echo = (name: string, line: string) => {
  if (!seen.has(name)) seen.set(name, colors[seen.size % colors.length] ?? 0);
  process.stdout.write(`\x1b[${seen.get(name)}m${name.padEnd(28)}\x1b[0m ${line}\n`);
};

const brokers = kafkaBrokers();

// Signals are handled from the first moment: a Ctrl-C while the stack starts stops what has started
// so far (every process group is recorded in the run's pid file as it is spawned), instead of
// leaving detached children running when this process dies of the default handler.
let stack: Stack | undefined;
let stopping = false;
const startUp = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping...');
    startUp.abort();
    // Every child gets the signal now, before anything async: in a run whose stop was cut short the
    // launcher was killed mid-stop (its pid file still listed the groups) and children were left.
    signalRecordedProcesses(DEV_RUN_DIR, 'SIGTERM');
    const done = stack ? stack.stop() : stopRecordedProcesses(DEV_RUN_DIR);
    void done.then(() => process.exit(0));
  });
}

stack = await startStack({
  name: 'dev',
  echo,
  logLevel: 'info',
  abort: startUp.signal,
  tracing: isTracing(),
  ...(brokers ? { kafka: { brokers } } : {}),
}).catch((error: unknown) => {
  // A start-up cut short by a signal fails on purpose; the signal handler stops and exits.
  if (stopping) return new Promise<never>(() => {});
  throw error;
});
const web = stack.app('web');
console.log(
  `\nready: http://localhost:${web.appPort}  (pub/sub: ${brokers ? `Kafka at ${brokers}` : 'Redis'}; logs in ${stack.runDir}/logs; npm run dapr:list shows the apps)`,
);
console.log(
  stack.jaegerUrl
    ? `traces: Jaeger at ${stack.jaegerUrl} (API: ${stack.jaegerUrl}/api/traces?service=web)\n`
    : 'traces: off (TRACING=1 npm run dev starts Jaeger)\n',
);
