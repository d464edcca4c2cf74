// The test Kafka broker (kfake, built by scripts/install-kfake.sh): started per stack on its own
// port, and read back with the same binary's Kafka client (no consumer group, so reading it
// changes nothing the stack sees).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { DAPR_BIN } from '../../scripts/local-config';
import { kafkaPubsubComponents } from '../../scripts/stack/resources';

export const KFAKE = path.join(DAPR_BIN, 'kfake');

/**
 * The topics of a strict cluster (no auto-creation): exactly those the deployed components allow
 * (`allowedTopics`), so a topic the stack needs but the components do not list fails a test.
 */
export function deployedTopics(): string[] {
  const topics = new Set<string>();
  for (const doc of kafkaPubsubComponents().values()) {
    const allowed = (doc.spec.metadata as { name: string; value?: string }[]).find((m) => m.name === 'allowedTopics');
    for (const t of allowed?.value?.split(',') ?? []) topics.add(t.trim());
  }
  return [...topics];
}

export type KafkaRecord = {
  topic: string;
  partition: number;
  offset: number;
  key: string;
  value: string;
  headers: Record<string, string>;
};

export type TestKafka = {
  brokers: string;
  /** Every record of a topic so far, oldest first per partition. */
  read(topic: string): Promise<KafkaRecord[]>;
  stop(): Promise<void>;
};

export type KfakeOptions = {
  port: number;
  topics?: string[];
  partitions?: number;
  /** Let a client's metadata request create a topic (off: only `topics` exist, as on a strict cluster). */
  isAutoCreate?: boolean;
  /** Where the broker's own log lines go (warnings and errors). */
  logFile?: string;
};

export async function startKfake(options: KfakeOptions): Promise<TestKafka> {
  if (!existsSync(KFAKE)) throw new Error(`${KFAKE} is missing: run bash scripts/install-kfake.sh (part of setup)`);
  const args = [
    'serve',
    `-port=${options.port}`,
    `-topics=${(options.topics ?? deployedTopics()).join(',')}`,
    `-partitions=${options.partitions ?? 3}`,
    `-auto-create=${options.isAutoCreate ?? false}`,
  ];
  const child: ChildProcess = spawn(KFAKE, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  if (options.logFile) {
    mkdirSync(path.dirname(options.logFile), { recursive: true });
    const log = createWriteStream(options.logFile, { flags: 'a' });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
  }
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kfake did not start within 10 s: ${output}`)), 10_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes('kfake listening on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`kfake exited with ${code}: ${output}`)));
  });
  const brokers = `127.0.0.1:${options.port}`;
  return {
    brokers,
    async read(topic) {
      const { stdout } = await promisify(execFile)(KFAKE, ['consume', `-brokers=${brokers}`, `-topic=${topic}`], {
        maxBuffer: 64 * 1024 * 1024,
      });
      return stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as KafkaRecord);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
