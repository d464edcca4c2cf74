// The test Kafka broker (kfake, built by scripts/install-kfake.sh): started per stack on its own
// port, optionally with TLS and SASL/SCRAM, and read back with the same binary's Kafka client (no
// consumer group, so reading changes nothing the stack sees). Also renders the prod overlay's
// Kafka settings for a test stack.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse, parseAllDocuments } from 'yaml';
import { DAPR_BIN, ROOT } from '../../scripts/local-config';
import { kafkaPubsubComponents, type MetadataOverrides, PUBSUB_COMPONENTS } from '../../scripts/stack/resources';
import { apiAs, signUp } from './session';
import { openEvents, type SseFrame, waitUntil } from './sse';

export const KFAKE = path.join(DAPR_BIN, 'kfake');

type MetadataItem = { name: string; value?: string; secretKeyRef?: { name: string; key: string } };

/**
 * The topics of a strict cluster (no auto-creation): exactly those the deployed components allow
 * (`allowedTopics`), so a topic the stack needs but the components do not list fails a test.
 */
export function deployedTopics(): string[] {
  const topics = new Set<string>();
  for (const doc of kafkaPubsubComponents().values()) {
    const allowed = (doc.spec.metadata as MetadataItem[]).find((m) => m.name === 'allowedTopics');
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

export type KafkaCredentials = { user: string; password: string };

export type TestKafka = {
  brokers: string;
  /** The CA certificate (PEM) the broker's certificate is signed with, when it serves TLS. */
  caCert?: string;
  /** Every record of a topic so far. Reads with the broker's TLS and credentials unless told otherwise. */
  read(topic: string, as?: { isTls?: boolean; credentials?: KafkaCredentials | null }): Promise<KafkaRecord[]>;
  stop(): Promise<void>;
};

export type KfakeOptions = {
  port: number;
  topics?: string[];
  partitions?: number;
  /** Let a client's metadata request create a topic (off: only `topics` exist, as on a strict cluster). */
  isAutoCreate?: boolean;
  /** Serve TLS with a certificate from a CA made at start (its PEM is `caCert`). */
  isTls?: boolean;
  /** Require SASL/SCRAM-SHA-512 with these credentials. */
  scram?: KafkaCredentials;
  /** Folder for the broker's log and CA file. */
  runDir?: string;
};

/**
 * Kills a broker that a killed earlier run (of this clone or another) left serving on `port`: it
 * would hold the port, and a new broker would fail to start. Found by its command line in /proc.
 */
async function killStaleKfake(port: number): Promise<void> {
  const killed: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // gone meanwhile
    }
    if (path.basename(argv[0] ?? '') === 'kfake' && argv[1] === 'serve' && argv.includes(`-port=${port}`)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
        killed.push(pid);
      } catch {}
    }
  }
  // Its sockets close when it has exited: wait until it is gone or a zombie (state Z).
  const isAlive = (pid: string) => {
    try {
      return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  };
  for (let i = 0; i < 100 && killed.some(isAlive); i++) await new Promise((r) => setTimeout(r, 20));
}

export async function startKfake(options: KfakeOptions): Promise<TestKafka> {
  if (!existsSync(KFAKE)) throw new Error(`${KFAKE} is missing: run bash scripts/install-kfake.sh (part of setup)`);
  await killStaleKfake(options.port);
  const runDir = options.runDir ?? path.join(ROOT, '.dapr-local', 'run', `kfake-${options.port}`);
  mkdirSync(path.join(runDir, 'logs'), { recursive: true });
  const caFile = path.join(runDir, 'kafka-ca.pem');
  const args = [
    'serve',
    `-port=${options.port}`,
    `-topics=${(options.topics ?? deployedTopics()).join(',')}`,
    `-partitions=${options.partitions ?? 3}`,
    `-auto-create=${options.isAutoCreate ?? false}`,
    ...(options.isTls ? [`-tls-ca-out=${caFile}`] : []),
    ...(options.scram ? [`-scram-sha-512=${options.scram.user}:${options.scram.password}`] : []),
  ];
  const child: ChildProcess = spawn(KFAKE, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(path.join(runDir, 'logs', 'kfake.log'), { flags: 'a' });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
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
    ...(options.isTls ? { caCert: readFileSync(caFile, 'utf8') } : {}),
    async read(topic, as = {}) {
      const isTls = as.isTls ?? options.isTls;
      const credentials = as.credentials === undefined ? options.scram : as.credentials;
      const { stdout } = await promisify(execFile)(
        KFAKE,
        [
          'consume',
          `-brokers=${brokers}`,
          `-topic=${topic}`,
          ...(isTls ? [`-tls-ca=${caFile}`] : []),
          ...(credentials ? [`-scram-sha-512=${credentials.user}:${credentials.password}`] : []),
        ],
        { maxBuffer: 64 * 1024 * 1024 },
      );
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

type PatchOp = { op: 'test' | 'replace' | 'add'; path: string; value: unknown };

/** RFC 6902 test/replace/add on plain data: the subset the prod overlay's Kafka patches use. */
function applyJsonPatch(doc: unknown, ops: PatchOp[], file: string): void {
  for (const { op, path: pointer, value } of ops) {
    const keys = pointer.split('/').slice(1);
    const last = keys.pop() as string;
    // biome-ignore lint/suspicious/noExplicitAny: walking arbitrary YAML data
    const parent = keys.reduce<any>((node, key) => node?.[key], doc);
    if (parent === undefined) throw new Error(`${file}: no ${pointer}`);
    if (op === 'test' && JSON.stringify(parent[last]) !== JSON.stringify(value))
      throw new Error(`${file}: test of ${pointer} failed: ${JSON.stringify(parent[last])}`);
    if (op === 'replace') parent[last] = value;
    if (op === 'add' && Array.isArray(parent)) parent.splice(last === '-' ? parent.length : Number(last), 0, value);
    else if (op === 'add') parent[last] = value;
  }
}

/**
 * The metadata of `pubsub` and `pubsub-fanout` as k8s/overlays/prod deploys them (the overlay's
 * JSON patches applied to the base), with each secretKeyRef read from `secrets` and the brokers
 * replaced: metadata overrides for a Kafka test stack.
 */
export function prodKafkaMetadata(brokers: string, secrets: Record<string, string>): MetadataOverrides {
  const overlay = path.join(ROOT, 'k8s', 'overlays', 'prod');
  const kustomization = parse(readFileSync(path.join(overlay, 'kustomization.yaml'), 'utf8')) as {
    patches: { path?: string; target?: { kind?: string; name?: string } }[];
  };
  const base = kafkaPubsubComponents();
  const overrides: MetadataOverrides = {};
  for (const name of PUBSUB_COMPONENTS) {
    const doc = structuredClone(base.get(name));
    const patches = kustomization.patches.filter(
      (p) => p.path && p.target?.kind === 'Component' && p.target.name === name,
    );
    if (patches.length === 0) throw new Error(`k8s/overlays/prod patches nothing on component ${name}`);
    for (const patch of patches) {
      const file = path.join(overlay, patch.path as string);
      const [ops] = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as PatchOp[]);
      applyJsonPatch(doc, ops ?? [], file);
    }
    const values: Record<string, string> = {};
    for (const item of doc.spec.metadata as MetadataItem[]) {
      const ref = item.secretKeyRef;
      const value = ref ? secrets[ref.name] : item.value;
      if (value === undefined) throw new Error(`no value for ${name} metadata ${item.name}`);
      values[item.name] = value;
    }
    overrides[name] = { ...values, brokers };
  }
  return overrides;
}

/**
 * Waits until every given web instance receives fan-out messages. A fan-out group starts at the
 * newest offset once Kafka assigns it its partitions, a little after the sidecar is healthy, so
 * a message published before that is (by design) not delivered to that instance.
 */
export async function waitForFanout(webUrls: string[], timeoutMs = 90_000): Promise<void> {
  const user = await signUp(webUrls[0] as string, 'warmup');
  const streams = await Promise.all(
    webUrls.map(async (url) => {
      const events = await openEvents(`${url}/api/events`, user.cookie);
      await events.waitFor((f) => f.event === 'ready');
      return events;
    }),
  );
  const started = Date.now();
  let attempts = 0;
  try {
    await waitUntil(
      'every web instance to receive fan-out messages',
      async () => {
        attempts++;
        const { body } = await apiAs(webUrls[0] as string, user)('/api/tasks', {
          method: 'POST',
          body: { title: 'warm-up' },
        });
        const isTaskFrame = (f: SseFrame) => f.event === 'task' && JSON.parse(f.data).taskId === body.id;
        const arrived = await Promise.all(
          streams.map((s) =>
            s.waitFor(isTaskFrame, 2000).then(
              () => true,
              () => false,
            ),
          ),
        );
        return arrived.every(Boolean);
      },
      timeoutMs,
    );
    console.log(
      `fan-out ready on ${webUrls.length} web instance(s) after ${Date.now() - started} ms, ${attempts} attempt(s)`,
    );
  } finally {
    for (const s of streams) s.close();
  }
}
