// notification-service's own database (todo_notifications).
import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export { outbox } from '@/lib/service-kit/outbox/schema';
export { emailOutbox } from './email-outbox-schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const notifications = pgTable(
  'notifications',
  {
    /** Monotonic: also the SSE replay cursor. */
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: text('user_id').notNull(),
    kind: text('kind').$type<'reminder'>().notNull(),
    taskId: uuid('task_id').notNull(),
    /** One notification per reminder firing, however often the event is delivered. */
    reminderId: text('reminder_id').notNull().unique(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    readAt: ts('read_at'),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.id),
    index('notifications_unread_idx').on(t.userId).where(sql`read_at is null`),
  ],
);
export type NotificationRow = typeof notifications.$inferSelect;

export const userSettings = pgTable('user_settings', {
  userId: text('user_id').primaryKey(),
  emailReminders: boolean('email_reminders').notNull().default(false),
  email: text('email'),
});
