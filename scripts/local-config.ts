// Paths and names of the generated local configuration, shared by setup, dev and the test harness.
import path from 'node:path';
import { SECRETS } from '../lib/contracts/names';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const LOCAL_DIR = path.join(ROOT, '.dapr-local');
export const SECRETS_FILE = path.join(LOCAL_DIR, 'secrets.json');
export const TOKENS_FILE = path.join(LOCAL_DIR, 'tokens.json');
export const DAPR_BIN = path.join(process.env.DAPR_HOME ?? path.join(process.env.HOME ?? '/root', '.dapr'), 'bin');

export const ADMIN_URL = process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * The one list of databases: each one's local name, its committed migrations (none for the state
 * store, whose component creates its own table), the secret its process reads the URL from, and the
 * variable that overrides the URL for the migration Job in Kubernetes.
 */
export const DATABASES = {
  web: {
    name: 'todo_web',
    migrations: 'lib/web/db/drizzle',
    secret: SECRETS.webDatabaseUrl,
    urlVariable: 'WEB_DATABASE_URL',
  },
  tasks: {
    name: 'todo_tasks',
    migrations: 'services/task-service/drizzle',
    secret: SECRETS.tasksDatabaseUrl,
    urlVariable: 'TASKS_DATABASE_URL',
  },
  notifications: {
    name: 'todo_notifications',
    migrations: 'services/notification-service/drizzle',
    secret: SECRETS.notificationsDatabaseUrl,
    urlVariable: 'NOTIFICATIONS_DATABASE_URL',
  },
  state: {
    name: 'todo_state',
    migrations: undefined,
    secret: SECRETS.stateDatabaseUrl,
    urlVariable: 'STATE_DATABASE_URL',
  },
} as const;
export type DatabaseKey = keyof typeof DATABASES;

/** Each database's secret pointing at its local database (with a stack's own suffix). */
export function databaseSecrets(suffix = ''): Record<string, string> {
  return Object.fromEntries(Object.values(DATABASES).map((db) => [db.secret, databaseUrl(`${db.name}${suffix}`)]));
}

export function databaseUrl(db: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${db}`;
  return url.toString();
}

export type Tokens = Record<string, { appApiToken: string; daprApiToken: string }>;

/**
 * `KAFKA_BROKERS=host:port[,host:port...]` runs `npm run dev` on Kafka (the deployed `pubsub.kafka`
 * components) instead of Redis. Undefined when unset; a malformed value names the variable.
 */
export function kafkaBrokers(): string | undefined {
  const value = process.env.KAFKA_BROKERS?.trim();
  if (!value) return undefined;
  const isHostPort = (b: string) => /^[^\s:,]+:\d{1,5}$/.test(b) && Number(b.split(':')[1]) <= 65535;
  if (!value.split(',').every(isHostPort))
    throw new Error(`KAFKA_BROKERS must be host:port[,host:port...], got ${JSON.stringify(value)}`);
  return value;
}
