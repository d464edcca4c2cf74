import 'server-only';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { SECRETS } from '@/lib/contracts';
import { getSecret } from '@/lib/dapr/secrets';
import * as schema from './schema';

export type WebDb = ReturnType<typeof createDb>;

function createDb(url: string) {
  return drizzle(postgres(url, { max: 10, idle_timeout: 30, onnotice: () => {} }), { schema });
}

let db: Promise<WebDb> | undefined;

/** web's database, opened on first use with the URL from the Dapr secret store. */
export function getWebDb(): Promise<WebDb> {
  db ??= getSecret(SECRETS.webDatabaseUrl).then(createDb);
  db.catch(() => {
    db = undefined;
  });
  return db;
}
