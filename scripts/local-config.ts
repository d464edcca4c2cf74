// Paths and names of the generated local configuration, shared by setup, dev and the test harness,
// and the scripts' configuration, parsed once when a script starts (a bad value names the variable).
import path from 'node:path';
import { z } from 'zod';
import { SECRETS } from '../lib/contracts/names';
import { LocalRuntimeConfig, MigrationConfig, parseConfigOrExit } from '../lib/platform/config';

export const ScriptsConfigSchema = z.object({ ...LocalRuntimeConfig.shape, ...MigrationConfig.shape });
export const SCRIPTS_CONFIG = parseConfigOrExit(ScriptsConfigSchema);

export const ROOT = path.resolve(import.meta.dirname, '..');
export const LOCAL_DIR = path.join(ROOT, '.dapr-local');
export const SECRETS_FILE = path.join(LOCAL_DIR, 'secrets.json');
export const TOKENS_FILE = path.join(LOCAL_DIR, 'tokens.json');
export const DAPR_BIN = path.join(SCRIPTS_CONFIG.DAPR_HOME ?? path.join(SCRIPTS_CONFIG.HOME, '.dapr'), 'bin');

export const ADMIN_URL = SCRIPTS_CONFIG.DATABASE_ADMIN_URL;

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
 * components) instead of Redis. Undefined when unset.
 */
export function kafkaBrokers(): string | undefined {
  return SCRIPTS_CONFIG.KAFKA_BROKERS;
}

/** `TRACING=1 npm run dev`: Jaeger starts first and every sidecar and app sends it its spans. */
export function isTracing(): boolean {
  return SCRIPTS_CONFIG.TRACING;
}
