// task-service's own database (todo_tasks).
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Priority, Recurrence } from '@/lib/contracts';

export { outbox } from '@/lib/service-kit/outbox/schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const tasks = pgTable(
  'tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: text('user_id').notNull(),
    title: text('title').notNull(),
    notes: text('notes'),
    priority: text('priority').$type<Priority>().notNull().default('none'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    dueAt: ts('due_at'),
    remindAt: ts('remind_at'),
    recurrence: jsonb('recurrence').$type<Recurrence>(),
    /** First due date of a recurring series; monthly rules keep its day of month. */
    seriesAnchor: ts('series_anchor'),
    completed: boolean('completed').notNull().default(false),
    completedAt: ts('completed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
    /** The remindAt whose reminder has fired; a reminder fires once per remindAt value. */
    reminderFiredFor: ts('reminder_fired_for'),
    /** False while the reminder job could not be scheduled (scheduler down); the sweep retries. */
    reminderScheduled: boolean('reminder_scheduled').notNull().default(false),
  },
  (t) => [
    index('tasks_user_created_idx').on(t.userId, t.createdAt, t.id),
    index('tasks_user_due_idx').on(t.userId, t.dueAt, t.id),
    index('tasks_reminder_idx').on(t.remindAt).where(sql`completed = false and remind_at is not null`),
  ],
);
export type TaskRow = typeof tasks.$inferSelect;

/** Replays of POST requests with an Idempotency-Key, and next-occurrence event ids. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: text('user_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    response: jsonb('response').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] }), index('idempotency_created_idx').on(t.createdAt)],
);

/** Per-user fixed one-minute windows for the write rates (shared by every task-service replica). */
export const userRateWindows = pgTable(
  'user_rate_windows',
  {
    userId: text('user_id').notNull(),
    /** What is counted: `create` (new tasks) or `reminder` (reminders set). */
    kind: text('kind').notNull(),
    windowStart: ts('window_start').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.kind, t.windowStart] }),
    index('user_rate_windows_start_idx').on(t.windowStart),
  ],
);
