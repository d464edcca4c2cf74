// The one harness for integration tests, e2e tests and benchmarks: the real stack under real
// daprd sidecars and the real scheduler, with web's built server (dist/web/server.mjs: the fast lane in
// front of Next, serving `next build`'s .next) and the services without watch.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import postgres from 'postgres';
import { APP_IDS, TOPICS } from '../../lib/contracts/names';
import { DATABASES, type DatabaseKey, LOCAL_DIR, SECRETS_FILE } from '../../scripts/local-config';
import { type Stack, type StackOptions, startStack } from '../../scripts/stack';
import {
  ARTIFACT_COMMANDS,
  ARTIFACT_ENV,
  assertArtifactsFresh,
  WEB_NODE_FLAGS,
  WEB_SERVER,
} from '../../scripts/stack/artifacts';
import type { MetadataOverrides } from '../../scripts/stack/resources';
import { type KfakeOptions, startKfake, type TestKafka } from './kafka';
import { hasConsumerGroup } from './redis';

export type TestStackOptions = Omit<StackOptions, 'commands'> & {
  /** Start a Redis of the stack's own on this port (so a test may stop it). */
  ownRedisPort?: number;
  /** That Redis keeps an append-only file fsynced on every write (in the run folder), so a kill loses nothing. */
  isRedisDurable?: boolean;
  /** `next dev` instead of web's built server. */
  isDevWeb?: boolean;
  /**
   * Run the production artifacts of `npm run build` (scripts/build-artifacts.sh) as the images do:
   * `node dist/<service>/service.mjs` and `node .next/standalone/server.mjs`, instead of tsx and
   * `node dist/web/server.mjs` from the repository.
   */
  isArtifacts?: boolean;
  /** Replaces how a service is run (e.g. its production bundle instead of tsx). */
  serviceCommands?: Partial<Record<keyof typeof SERVICE_COMMANDS, string[]>>;
  /** Kafka mode on a test broker of the stack's own (kfake), instead of Redis. */
  ownKafka?: Omit<KfakeOptions, 'runDir'>;
  /** Node options for the built web (`node <args> dist/web/server.mjs`), e.g. a profiling hook in benchmarks. */
  webNodeArgs?: string[];
};

export type TestStack = Stack & {
  webUrl(replica?: number): string;
  /** A look into one of this stack's own databases, to check what a flow wrote. */
  db(name: DatabaseKey): postgres.Sql;
  redis?: { stop(): Promise<void>; start(): Promise<void> };
  kafka?: TestKafka;
};

const SERVICE_COMMANDS = {
  'task-service': ['npx', 'tsx', 'services/task-service/src/main.ts'],
  'notification-service': ['npx', 'tsx', 'services/notification-service/src/main.ts'],
  worker: ['npx', 'tsx', 'services/worker/src/main.ts'],
};

/** Shuts down a Redis an earlier, crashed run left on the port. */
function shutdownStaleRedis(port: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => socket.end('SHUTDOWN NOSAVE\r\n'));
    socket.once('close', () => resolve());
    socket.once('error', () => resolve());
  });
}

async function startRedis(port: number, durableDir?: string): Promise<ChildProcess> {
  await shutdownStaleRedis(port);
  const persistence = durableDir
    ? ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', durableDir]
    : ['--appendonly', 'no'];
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return await new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => d.toString().includes('Ready to accept connections') && resolve(child));
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
}

/** Redis database per stack: streams and consumer groups of concurrent stacks stay apart. */
const REDIS_DBS: Record<string, number> = { dev: 0, 'it-foundation': 1, 'it-realtime': 2, 'it-outages': 3, e2e: 4 };
function redisDbOf(name: string): number {
  const known = REDIS_DBS[name];
  if (known !== undefined) return known;
  let hash = 0;
  for (const c of name) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return 5 + (hash % 11);
}

export async function startTestStack(options: TestStackOptions): Promise<TestStack> {
  if (options.isArtifacts) assertArtifactsFresh();
  else if (!options.isDevWeb) assertArtifactsFresh([WEB_SERVER]);
  let redis: ChildProcess | undefined;
  const redisDB = String(redisDbOf(options.name));
  const kafka = options.ownKafka
    ? await startKfake({ ...options.ownKafka, runDir: path.join(LOCAL_DIR, 'run', options.name) })
    : undefined;
  const metadata: MetadataOverrides =
    kafka || options.kafka
      ? { ...options.metadata }
      : {
          ...options.metadata,
          pubsub: { redisDB, ...options.metadata?.pubsub },
          'pubsub-fanout': { redisDB, ...options.metadata?.['pubsub-fanout'] },
        };
  const redisDir = options.isRedisDurable ? path.join(LOCAL_DIR, 'run', options.name, 'redis') : undefined;
  if (redisDir) {
    rmSync(redisDir, { recursive: true, force: true });
    mkdirSync(redisDir, { recursive: true });
  }
  if (options.ownRedisPort) {
    redis = await startRedis(options.ownRedisPort, redisDir);
    for (const c of ['pubsub', 'pubsub-fanout'])
      metadata[c] = { ...metadata[c], redisHost: `127.0.0.1:${options.ownRedisPort}` };
  }
  let stack: Stack;
  try {
    stack = await startStack({
      hasOwnDatabases: true,
      ...options,
      metadata,
      ...(kafka ? { kafka: { brokers: kafka.brokers } } : {}),
      ...(options.isArtifacts ? { env: { ...ARTIFACT_ENV, ...options.env } } : {}),
      commands: options.isArtifacts
        ? ARTIFACT_COMMANDS
        : {
            ...SERVICE_COMMANDS,
            ...options.serviceCommands,
            // Loopback by flag (the stack also sets HOSTNAME; the flag wins, as with `next start`).
            web: options.isDevWeb
              ? ['npx', 'next', 'dev', '--hostname', '127.0.0.1']
              : ['node', ...WEB_NODE_FLAGS, ...(options.webNodeArgs ?? []), WEB_SERVER, '--hostname', '127.0.0.1'],
          },
    });
  } catch (error) {
    redis?.kill('SIGKILL');
    await kafka?.stop();
    throw error;
  }
  try {
    // On Kafka the fan-out warm-up of tests/support/kafka.ts plays this part.
    if (!kafka && !options.kafka) await waitForFanoutGroups(stack, options.ownRedisPort ?? 6379, redisDB);
  } catch (error) {
    await stack.stop();
    redis?.kill('SIGKILL');
    throw error;
  }
  const opened: postgres.Sql[] = [];
  const redisControl = options.ownRedisPort
    ? {
        stop: async () => {
          const r = redis;
          redis = undefined;
          if (!r) return;
          await new Promise<void>((resolve) => {
            r.once('exit', () => resolve());
            r.kill('SIGKILL');
          });
        },
        start: async () => {
          redis = await startRedis(options.ownRedisPort as number, redisDir);
        },
      }
    : undefined;
  return {
    ...stack,
    webUrl: (replica = 0) => stack.app('web', replica).appUrl,
    db: (name) => {
      const sql = serviceDb(name, stack.secretsFile);
      opened.push(sql);
      return sql;
    },
    ...(redisControl ? { redis: redisControl } : {}),
    ...(kafka ? { kafka } : {}),
    stop: async () => {
      await Promise.all(opened.map((sql) => sql.end()));
      await stack.stop();
      redis?.kill('SIGKILL');
      await kafka?.stop();
    },
  };
}

/** A connection to a service's database as named in a secrets file. */
export function serviceDb(name: DatabaseKey, secretsFile = SECRETS_FILE) {
  const secrets = JSON.parse(readFileSync(secretsFile, 'utf8')) as Record<string, string>;
  return postgres(secrets[DATABASES[name].secret] as string, { max: 2, onnotice: () => {} });
}

/**
 * A web replica is ready only once its fan-out subscription is live. Dapr's Redis streams component
 * creates the replica's consumer group (named by POD_NAME) at the newest entry when the subscription
 * starts, which happens after the sidecar reports healthy and the app answers; an event published
 * before that is never delivered to that replica. Under load (integration files side by side) the
 * gap was long enough for the two-web fan-out test to publish into it and wait 30 s for nothing.
 */
async function waitForFanoutGroups(stack: Stack, redisPort: number, redisDB: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (const web of stack.apps.filter((a) => a.appID === APP_IDS.web)) {
    const group = web.env.POD_NAME;
    if (!group) continue;
    for (const topic of [TOPICS.taskEvents, TOPICS.notifications]) {
      while (!(await hasConsumerGroup(redisPort, redisDB, topic, group).catch(() => false))) {
        if (Date.now() > deadline) throw new Error(`${web.instance}: no fan-out consumer group ${group} on ${topic}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }
}
