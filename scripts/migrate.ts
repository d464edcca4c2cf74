// Creates each service's database if needed and applies its drizzle migrations, holding a
// Postgres advisory lock on the migrating connection so concurrent runs wait for each other.
import path from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { ADMIN_URL, DATABASES, databaseUrl, ROOT, SCRIPTS_CONFIG } from './local-config';

const MIGRATION_LOCK = 0x70d0;

async function ensureDatabase(name: string) {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    const [row] = await admin`select 1 as ok from pg_database where datname = ${name}`;
    if (!row) {
      try {
        await admin.unsafe(`create database "${name}"`);
        console.log(`created database ${name}`);
      } catch (error) {
        // A concurrent run created it first.
        if ((error as { code?: string }).code !== '42P04') throw error;
      }
    }
  } finally {
    await admin.end();
  }
}

/** Applies migrations to a database URL (env overrides for Kubernetes: WEB_DATABASE_URL, ...). */
async function migrateDatabase(url: string, folder: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(drizzle(sql), { migrationsFolder: path.join(ROOT, folder) });
    await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await sql.end();
  }
}

const ENV_URLS: Record<keyof typeof DATABASES, string | undefined> = {
  web: SCRIPTS_CONFIG.WEB_DATABASE_URL,
  tasks: SCRIPTS_CONFIG.TASKS_DATABASE_URL,
  notifications: SCRIPTS_CONFIG.NOTIFICATIONS_DATABASE_URL,
  state: SCRIPTS_CONFIG.STATE_DATABASE_URL,
};

/**
 * Creates and migrates every database. A suffix gives a stack databases of its own
 * (`todo_tasks_it_outages`), so test and benchmark stacks never share rows with each other.
 */
export async function migrateAll(suffix = ''): Promise<void> {
  for (const [key, db] of Object.entries(DATABASES) as [
    keyof typeof DATABASES,
    (typeof DATABASES)[keyof typeof DATABASES],
  ][]) {
    const url = suffix ? undefined : ENV_URLS[key];
    if (!url) await ensureDatabase(`${db.name}${suffix}`);
    if (db.migrations) await migrateDatabase(url ?? databaseUrl(`${db.name}${suffix}`), db.migrations);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await migrateAll();
  console.log('migrations applied');
}
