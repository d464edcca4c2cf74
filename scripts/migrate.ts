// Creates each service's database if needed and applies its drizzle migrations, holding a
// Postgres advisory lock on the migrating connection so concurrent runs wait for each other.
import path from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { ADMIN_URL, DATABASES, databaseUrl, ROOT, SCRIPTS_CONFIG } from './local-config';

const MIGRATION_LOCK = 0x70d0;

async function ensureDatabase(name: string, isFresh = false) {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    if (isFresh) await admin.unsafe(`drop database if exists "${name}" with (force)`);
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

/**
 * Creates and migrates every database. A suffix gives a stack databases of its own
 * (`todo_tasks_it_outages`), so test and benchmark stacks never share rows with each other.
 * `isFresh` drops them first: a stack's databases then hold exactly the migrations of the code
 * under test (drizzle skips a migration older than the newest one applied, so a database left
 * by another branch's run could silently miss one of this branch's).
 */
export async function migrateAll(suffix = '', { isFresh = false } = {}): Promise<void> {
  for (const db of Object.values(DATABASES)) {
    const url = suffix ? undefined : SCRIPTS_CONFIG[db.urlVariable];
    if (!url) await ensureDatabase(`${db.name}${suffix}`, isFresh && suffix !== '');
    if (db.migrations) await migrateDatabase(url ?? databaseUrl(`${db.name}${suffix}`), db.migrations);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await migrateAll();
  console.log('migrations applied');
}
