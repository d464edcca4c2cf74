import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { SECRETS } from '@/lib/contracts';
import { lazyDb } from '@/lib/platform/lazy-db';
import * as schema from './schema';

export type Db = PostgresJsDatabase<typeof schema>;
export const getDb = lazyDb(SECRETS.notificationsDatabaseUrl, schema);
