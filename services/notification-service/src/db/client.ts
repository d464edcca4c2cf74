import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { SECRETS } from '@/lib/contracts';
import { lazyDb } from '@/lib/platform/lazy-db';
import type { RunOperation, Work } from '@/lib/service-kit/unit-of-work';
import * as schema from './schema';

export type Db = PostgresJsDatabase<typeof schema>;
/** What a notification-service operation runs in (lib/service-kit/unit-of-work.ts). */
export type NotificationWork = Work<Db>;
export type RunNotificationOperation = RunOperation<Db>;
export const getDb = lazyDb(SECRETS.notificationsDatabaseUrl, schema);
