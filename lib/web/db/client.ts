import 'server-only';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { SECRETS } from '@/lib/contracts';
import { lazyDb } from '@/lib/platform/lazy-db';
import * as schema from './schema';

export type WebDb = PostgresJsDatabase<typeof schema>;
/** web's database (accounts). */
export const getWebDb = lazyDb(SECRETS.webDatabaseUrl, schema);
