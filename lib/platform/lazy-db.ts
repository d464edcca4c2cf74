// A drizzle database opened on first use, with its URL from the Dapr secret store.
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { getSecret } from '../dapr/secrets';
import { processSingleton } from './singleton';

/** A drizzle database with its postgres.js client (`$client`), for what drizzle cannot say (pipelines). */
export type Database<S extends Record<string, unknown>> = PostgresJsDatabase<S> & { $client: postgres.Sql };

export function lazyDb<S extends Record<string, unknown>>(secretKey: string, schema: S): () => Promise<Database<S>> {
  // One pool per database and process, whichever module instance (Next's bundles, the fast lane) opens it.
  const slot = processSingleton(`db.${secretKey}`, () => ({
    db: undefined as Promise<Database<S>> | undefined,
  }));
  return () => {
    if (!slot.db) {
      const opening = getSecret(secretKey).then((url) =>
        drizzle(postgres(url, { max: 10, idle_timeout: 30, onnotice: () => {} }), { schema }),
      );
      // A failed open (sidecar not ready yet) is retried by the next caller.
      opening.catch(() => {
        if (slot.db === opening) slot.db = undefined;
      });
      slot.db = opening;
    }
    return slot.db;
  };
}
