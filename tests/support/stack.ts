// The one harness for integration tests, e2e tests and benchmarks: the real stack under real
// daprd sidecars and the real scheduler, with `next start` (built) and the services without watch.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { SECRETS } from '../../lib/contracts/names';
import { SECRETS_FILE } from '../../scripts/local-config';
import { type Stack, type StackOptions, startStack } from '../../scripts/stack';

export type TestStackOptions = Omit<StackOptions, 'commands'> & {
  /** Start a Redis of the stack's own on this port (so a test may stop it). */
  ownRedisPort?: number;
  /** `next dev` instead of the built `next start`. */
  isDevWeb?: boolean;
};

export type TestStack = Stack & {
  webUrl(replica?: number): string;
  redis?: { stop(): Promise<void>; start(): Promise<void> };
};

const SERVICE_COMMANDS = {
  'task-service': ['npx', 'tsx', 'services/task-service/src/main.ts'],
  'notification-service': ['npx', 'tsx', 'services/notification-service/src/main.ts'],
  worker: ['npx', 'tsx', 'services/worker/src/main.ts'],
};

function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => d.toString().includes('Ready to accept connections') && resolve(child));
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
}

export async function startTestStack(options: TestStackOptions): Promise<TestStack> {
  let redis: ChildProcess | undefined;
  const metadata = { ...options.metadata };
  if (options.ownRedisPort) {
    redis = await startRedis(options.ownRedisPort);
    for (const c of ['pubsub', 'pubsub-fanout'])
      metadata[c] = { ...metadata[c], redisHost: `127.0.0.1:${options.ownRedisPort}` };
  }
  const stack = await startStack({
    ...options,
    metadata,
    commands: {
      ...SERVICE_COMMANDS,
      web: options.isDevWeb ? ['npx', 'next', 'dev'] : ['npx', 'next', 'start'],
    },
  });
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
          redis = await startRedis(options.ownRedisPort as number);
        },
      }
    : undefined;
  return {
    ...stack,
    webUrl: (replica = 0) => stack.app('web', replica).appUrl,
    ...(redisControl ? { redis: redisControl } : {}),
    stop: async () => {
      await stack.stop();
      redis?.kill('SIGKILL');
    },
  };
}

/** A read-only look into a service's own database, to check what a flow wrote. */
export function serviceDb(name: 'tasks' | 'notifications' | 'state' | 'web') {
  const secrets = JSON.parse(readFileSync(SECRETS_FILE, 'utf8')) as Record<string, string>;
  const key = {
    tasks: SECRETS.tasksDatabaseUrl,
    notifications: SECRETS.notificationsDatabaseUrl,
    state: SECRETS.stateDatabaseUrl,
    web: SECRETS.webDatabaseUrl,
  }[name];
  return postgres(secrets[key] as string, { max: 2, onnotice: () => {} });
}
