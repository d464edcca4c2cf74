// Writes an event into the outbox inside the caller's transaction.
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { EVENTS, type EventData, type EventType } from '../../contracts';
import { currentTraceparent } from '../../platform/tracing';
import { outbox } from './schema';

// biome-ignore lint/suspicious/noExplicitAny: any drizzle Postgres database or transaction
type Tx = PgDatabase<PgQueryResultHKT, any, any>;

/**
 * The outbox row of an event: its topic and payload come from the event catalogue, and the payload
 * must pass the catalogue's schema, the one subscribers validate with. A payload they would drop
 * throws here instead, so the transaction that caused it rolls back rather than publish it.
 */
export function outboxRowOf<T extends EventType>(type: T, aggregateId: string, data: EventData<T>) {
  const { topic, schema } = EVENTS[type];
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new Error(`${type} payload does not match the event catalogue: ${parsed.error.message}`, {
      cause: parsed.error,
    });
  }
  // The trace of the request that wrote the row: the relay publishes the event in it.
  return { type, topic, aggregateId, data: parsed.data as EventData<T>, traceparent: currentTraceparent() ?? null };
}

export async function enqueueEvent<T extends EventType>(tx: Tx, type: T, aggregateId: string, data: EventData<T>) {
  await tx.insert(outbox).values(outboxRowOf(type, aggregateId, data));
}
