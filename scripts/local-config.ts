// Paths and names of the generated local configuration, shared by setup, dev and the test harness.
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const LOCAL_DIR = path.join(ROOT, '.dapr-local');
export const SECRETS_FILE = path.join(LOCAL_DIR, 'secrets.json');
export const TOKENS_FILE = path.join(LOCAL_DIR, 'tokens.json');
export const DAPR_BIN = path.join(process.env.DAPR_HOME ?? path.join(process.env.HOME ?? '/root', '.dapr'), 'bin');

export const ADMIN_URL = process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const DATABASES = {
  web: { name: 'todo_web', migrations: 'lib/web/db/drizzle' },
  tasks: { name: 'todo_tasks', migrations: 'services/task-service/drizzle' },
  notifications: { name: 'todo_notifications', migrations: 'services/notification-service/drizzle' },
  state: { name: 'todo_state', migrations: undefined },
} as const;

export function databaseUrl(db: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${db}`;
  return url.toString();
}

export type Tokens = Record<string, { appApiToken: string; daprApiToken: string }>;
