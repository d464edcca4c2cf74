// Reminder e-mail waiting to be sent: written in the same transaction as the notification, sent by
// the e-mail relay through the SMTP binding, so an e-mail survives a crash or a stop mid-send.
import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** One e-mail per notification, however often the reminder is delivered. */
    notificationId: bigint('notification_id', { mode: 'number' }).notNull().unique(),
    emailTo: text('email_to').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    sentAt: ts('sent_at'),
    /** Set when the e-mail was still unsent a day after its reminder: too late to be useful. */
    abandonedAt: ts('abandoned_at'),
  },
  (t) => [index('email_outbox_due_idx').on(t.nextAttemptAt).where(sql`sent_at is null and abandoned_at is null`)],
);
export type EmailOutboxRow = typeof emailOutbox.$inferSelect;
