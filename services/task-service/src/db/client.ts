import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { SECRETS } from '@/lib/contracts';
import { lazyDb } from '@/lib/platform/lazy-db';
import type { RunOperation, TxOf, Work } from '@/lib/service-kit/unit-of-work';
import * as schema from './schema';

export type Db = PostgresJsDatabase<typeof schema>;
export type Tx = TxOf<Db>;
/** What a task-service operation runs in (lib/service-kit/unit-of-work.ts). */
export type TaskWork = Work<Db>;
export type RunTaskOperation = RunOperation<Db>;
export const getDb = lazyDb(SECRETS.tasksDatabaseUrl, schema);
