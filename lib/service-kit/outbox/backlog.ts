// What the relay has not published yet: the outbox metrics Prometheus reads (backlog, oldest age).
import { isNull, sql } from 'drizzle-orm';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { outbox } from './schema';

export async function outboxBacklog(
  // biome-ignore lint/suspicious/noExplicitAny: any schema
  db: () => Promise<PostgresJsDatabase<any>>,
): Promise<{ rows: number; oldestAgeSeconds: number }> {
  const [row] = await (await db())
    .select({
      rows: sql<number>`count(*)::int`,
      oldestAgeSeconds: sql<number>`coalesce(extract(epoch from now() - min(${outbox.createdAt})), 0)::float8`,
    })
    .from(outbox)
    .where(isNull(outbox.sentAt));
  return { rows: row?.rows ?? 0, oldestAgeSeconds: row?.oldestAgeSeconds ?? 0 };
}
