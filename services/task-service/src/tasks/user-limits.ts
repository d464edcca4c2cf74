// Per-user limits on what a user can make task-service hold and do: open tasks and pending
// reminders (quotas), and how many tasks and reminders per minute (rates). They are enforced in
// the writing transaction against the database, so they hold across every replica of web and of
// task-service, and a refused write counts nothing (the transaction rolls back).
import { and, count, eq, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from '@/lib/contracts';
import type { Tx } from '../db/client';
import type { TaskRow } from '../db/schema';
import { tasks, userRateWindows } from '../db/schema';

const limit = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const TaskLimitsSchema = z.object({
  TASK_LIMIT_OPEN_TASKS: limit(5000),
  TASK_LIMIT_PENDING_REMINDERS: limit(1000),
  TASK_LIMIT_CREATES_PER_MINUTE: limit(120),
  TASK_LIMIT_REMINDERS_PER_MINUTE: limit(120),
});
export type TaskLimitsEnv = z.infer<typeof TaskLimitsSchema>;

export type TaskLimits = {
  openTasks: number;
  pendingReminders: number;
  createsPerMinute: number;
  remindersPerMinute: number;
};

export const limitsFromEnv = (env: TaskLimitsEnv): TaskLimits => ({
  openTasks: env.TASK_LIMIT_OPEN_TASKS,
  pendingReminders: env.TASK_LIMIT_PENDING_REMINDERS,
  createsPerMinute: env.TASK_LIMIT_CREATES_PER_MINUTE,
  remindersPerMinute: env.TASK_LIMIT_REMINDERS_PER_MINUTE,
});

export const DEFAULT_LIMITS: TaskLimits = limitsFromEnv(TaskLimitsSchema.parse({}));

const WINDOW_MS = 60_000;

/** Seconds until the one-minute window that holds `now` ends (at least 1). */
export function secondsToWindowEnd(now: number): number {
  return Math.max(1, Math.ceil((WINDOW_MS - (now % WINDOW_MS)) / 1000));
}

/** A reminder is pending while the task is open and its remindAt has not fired. */
const pendingReminder = and(
  eq(tasks.completed, false),
  isNotNull(tasks.remindAt),
  or(isNull(tasks.reminderFiredFor), sql`${tasks.reminderFiredFor} <> ${tasks.remindAt}`),
);

/** Serializes the limited writes of one user, so two concurrent writes cannot both take the last slot. */
async function lockUser(tx: Tx, userId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`task-limits:${userId}`}, 0))`);
}

/** Counts one write in the user's current window; 429 with Retry-After when over the rate. */
async function countRate(tx: Tx, userId: string, kind: 'create' | 'reminder', perMinute: number): Promise<void> {
  const now = Date.now();
  const windowStart = new Date(now - (now % WINDOW_MS));
  const [row] = await tx
    .insert(userRateWindows)
    .values({ userId, kind, windowStart, count: 1 })
    .onConflictDoUpdate({
      target: [userRateWindows.userId, userRateWindows.kind, userRateWindows.windowStart],
      set: { count: sql`${userRateWindows.count} + 1` },
    })
    .returning({ count: userRateWindows.count });
  if ((row?.count ?? 0) > perMinute) {
    const wait = secondsToWindowEnd(now);
    const what = kind === 'create' ? `${perMinute} new tasks` : `${perMinute} reminders set`;
    throw new AppError('rate_limited', `at most ${what} per minute; try again in ${wait} s`, {
      headers: { 'retry-after': String(wait) },
    });
  }
}

async function countOf(tx: Tx, userId: string, which: 'open' | 'reminders'): Promise<number> {
  const where =
    which === 'open'
      ? and(eq(tasks.userId, userId), eq(tasks.completed, false))
      : and(eq(tasks.userId, userId), pendingReminder);
  const [row] = await tx.select({ n: count() }).from(tasks).where(where);
  return row?.n ?? 0;
}

function quotaExceeded(message: string, field: string): AppError {
  // 409, not 429: waiting does not help; the user has to complete or delete something first.
  return new AppError('quota_exceeded', message, { errors: { [field]: [message] } });
}

async function checkOpenQuota(tx: Tx, userId: string, limits: TaskLimits): Promise<void> {
  if ((await countOf(tx, userId, 'open')) >= limits.openTasks) {
    throw quotaExceeded(
      `you have ${limits.openTasks} open tasks, the most allowed; complete or delete some first`,
      'title',
    );
  }
}

async function checkReminderQuota(tx: Tx, userId: string, limits: TaskLimits): Promise<void> {
  if ((await countOf(tx, userId, 'reminders')) >= limits.pendingReminders) {
    throw quotaExceeded(
      `you have ${limits.pendingReminders} pending reminders, the most allowed; remove one or wait until one fires`,
      'remindAt',
    );
  }
}

/** Before a user creates a task (not the worker's next occurrence: that replaces a completed one). */
export async function admitCreate(tx: Tx, userId: string, hasReminder: boolean, limits: TaskLimits): Promise<void> {
  await lockUser(tx, userId);
  await countRate(tx, userId, 'create', limits.createsPerMinute);
  await checkOpenQuota(tx, userId, limits);
  if (hasReminder) {
    await countRate(tx, userId, 'reminder', limits.remindersPerMinute);
    await checkReminderQuota(tx, userId, limits);
  }
}

/** Before a patch sets a new reminder on a task. */
export async function admitReminder(tx: Tx, userId: string, current: TaskRow, limits: TaskLimits): Promise<void> {
  await lockUser(tx, userId);
  await countRate(tx, userId, 'reminder', limits.remindersPerMinute);
  const isPendingNow =
    !current.completed &&
    current.remindAt !== null &&
    current.reminderFiredFor?.getTime() !== current.remindAt.getTime();
  // Moving a pending reminder keeps the count; adding one (or re-arming a fired one) raises it.
  if (!isPendingNow) await checkReminderQuota(tx, userId, limits);
}

/** Before a completed task is reopened (else complete + reopen would walk around the quota). */
export async function admitReopen(tx: Tx, userId: string, current: TaskRow, limits: TaskLimits): Promise<void> {
  await lockUser(tx, userId);
  await checkOpenQuota(tx, userId, limits);
  const hasReminder = current.remindAt !== null && current.reminderFiredFor?.getTime() !== current.remindAt.getTime();
  if (hasReminder) await checkReminderQuota(tx, userId, limits);
}
