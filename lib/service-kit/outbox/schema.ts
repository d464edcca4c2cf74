// The transactional outbox table, the same in every service that owns one.
import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    eventId: uuid('event_id').notNull().defaultRandom().unique(),
    /** The entity whose events must stay in order (a task id, a user id). */
    aggregateId: text('aggregate_id').notNull(),
    topic: text('topic').notNull(),
    type: text('type').notNull(),
    data: jsonb('data').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** W3C traceparent of the request that wrote the row: the relay publishes the event in that trace. */
    traceparent: text('traceparent'),
  },
  (t) => [index('outbox_unsent_idx').on(t.id).where(sql`sent_at is null`)],
);
export type OutboxRow = typeof outbox.$inferSelect;
