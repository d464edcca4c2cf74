// Writes an event into the outbox inside the caller's transaction.
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { EVENTS, type EventData, type EventType } from '../../contracts';
import { currentTraceparent } from '../../platform/tracing';
import { outbox } from './schema';

// biome-ignore lint/suspicious/noExplicitAny: any drizzle Postgres database or transaction
type Tx = PgDatabase<PgQueryResultHKT, any, any>;

export async function enqueueEvent<T extends EventType>(tx: Tx, type: T, aggregateId: string, data: EventData<T>) {
  await tx
    .insert(outbox)
    .values({ type, topic: EVENTS[type].topic, aggregateId, data, traceparent: currentTraceparent() ?? null });
}
