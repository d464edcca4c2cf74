import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { SECRETS } from '@/lib/contracts';
import { getSecret } from '@/lib/dapr/secrets';
import * as schema from './schema';

export type Db = ReturnType<typeof createDb>;

function createDb(url: string) {
  return drizzle(postgres(url, { max: 10, idle_timeout: 30, onnotice: () => {} }), { schema });
}

let db: Promise<Db> | undefined;

/** The database, opened on first use with the URL from the Dapr secret store. */
export function getDb(): Promise<Db> {
  db ??= getSecret(SECRETS.tasksDatabaseUrl).then(createDb);
  db.catch(() => {
    db = undefined;
  });
  return db;
}
