// A drizzle database opened on first use, with its URL from the Dapr secret store.
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { getSecret } from '../dapr/secrets';

export function lazyDb<S extends Record<string, unknown>>(
  secretKey: string,
  schema: S,
): () => Promise<PostgresJsDatabase<S>> {
  let db: Promise<PostgresJsDatabase<S>> | undefined;
  return () => {
    if (!db) {
      const opening = getSecret(secretKey).then((url) =>
        drizzle(postgres(url, { max: 10, idle_timeout: 30, onnotice: () => {} }), { schema }),
      );
      // A failed open (sidecar not ready yet) is retried by the next caller.
      opening.catch(() => {
        if (db === opening) db = undefined;
      });
      db = opening;
    }
    return db;
  };
}
