// `npm run dev`: the whole stack with `next dev` and `tsx watch`, logs prefixed per process.
import { kafkaBrokers } from './local-config';
import { startStack } from './stack';

const colors = [36, 33, 35, 32, 34, 31, 90];
const seen = new Map<string, number>();
const echo = (name: string, line: string) => {
  if (!seen.has(name)) seen.set(name, colors[seen.size % colors.length] ?? 0);
  process.stdout.write(`\x1b[${seen.get(name)}m${name.padEnd(28)}\x1b[0m ${line}\n`);
};

let brokers: string | undefined;
try {
  brokers = kafkaBrokers();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const stack = await startStack({ name: 'dev', echo, logLevel: 'info', ...(brokers ? { kafka: { brokers } } : {}) });
const web = stack.app('web');
console.log(
  `\nready: http://localhost:${web.appPort}  (pub/sub: ${brokers ? `Kafka at ${brokers}` : 'Redis'}; logs in ${stack.runDir}/logs; npm run dapr:list shows the apps)\n`,
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping...');
    void stack.stop().then(() => process.exit(0));
  });
}
