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

type RateKind = 'create' | 'reminder';
type Quota = 'open' | 'reminders';

/** What one write counts (`rates`: its own count in the current window) and reads (`quotas`). */
type UsageQuery = { rates: RateKind[]; quotas: Quota[] };
type Usage = { rates: Partial<Record<RateKind, number>>; quotas: Partial<Record<Quota, number>> };

const quotaWhere = (userId: string, quota: Quota) =>
  quota === 'open'
    ? and(eq(tasks.userId, userId), eq(tasks.completed, false))
    : and(eq(tasks.userId, userId), pendingReminder);

/**
 * Counts the write in its rate windows and reads the quotas in one statement (one round trip, where
 * a statement each took up to four). Run after `lockUser`: in a statement of its own, so that the
 * counts read a snapshot taken once the lock is held.
 */
async function countUsage(tx: Tx, userId: string, query: UsageQuery, windowStart: Date): Promise<Usage> {
  const ctes = query.rates.map(
    (kind) =>
      sql`${sql.identifier(`rate_${kind}`)} as (${tx
        .insert(userRateWindows)
        .values({ userId, kind, windowStart, count: 1 })
        .onConflictDoUpdate({
          target: [userRateWindows.userId, userRateWindows.kind, userRateWindows.windowStart],
          set: { count: sql`${userRateWindows.count} + 1` },
        })
        .returning({ count: userRateWindows.count })
        .getSQL()})`,
  );
  const columns = [
    ...query.rates.map(
      (kind) => sql`(select "count" from ${sql.identifier(`rate_${kind}`)}) as ${sql.identifier(`rate_${kind}`)}`,
    ),
    ...query.quotas.map(
      (quota) =>
        sql`(${tx.select({ n: count() }).from(tasks).where(quotaWhere(userId, quota)).getSQL()}) as ${sql.identifier(`quota_${quota}`)}`,
    ),
  ];
  const withClause = ctes.length > 0 ? sql`with ${sql.join(ctes, sql`, `)} ` : sql``;
  const [row] = await tx.execute<Record<string, number | string>>(
    sql`${withClause}select ${sql.join(columns, sql`, `)}`,
  );
  const read = (column: string) => Number(row?.[column] ?? 0);
  return {
    rates: Object.fromEntries(query.rates.map((kind) => [kind, read(`rate_${kind}`)])),
    quotas: Object.fromEntries(query.quotas.map((quota) => [quota, read(`quota_${quota}`)])),
  };
}

/** 429 with Retry-After when the write's count is over the rate of its window. */
function checkRate(kind: RateKind, counted: number | undefined, perMinute: number, now: number): void {
  if ((counted ?? 0) > perMinute) {
    const wait = secondsToWindowEnd(now);
    const what = kind === 'create' ? `${perMinute} new tasks` : `${perMinute} reminders set`;
    throw new AppError('rate_limited', `at most ${what} per minute; try again in ${wait} s`, {
      headers: { 'retry-after': String(wait) },
    });
  }
}

function quotaExceeded(message: string, field: string): AppError {
  // 409, not 429: waiting does not help; the user has to complete or delete something first.
  return new AppError('quota_exceeded', message, { errors: { [field]: [message] } });
}

function checkOpenQuota(open: number | undefined, limits: TaskLimits): void {
  if ((open ?? 0) >= limits.openTasks) {
    throw quotaExceeded(
      `you have ${limits.openTasks} open tasks, the most allowed; complete or delete some first`,
      'title',
    );
  }
}

function checkReminderQuota(pending: number | undefined, limits: TaskLimits): void {
  if ((pending ?? 0) >= limits.pendingReminders) {
    throw quotaExceeded(
      `you have ${limits.pendingReminders} pending reminders, the most allowed; remove one or wait until one fires`,
      'remindAt',
    );
  }
}

/** Locks the user, counts and reads what `query` names: what every admission below starts with. */
async function usageOf(tx: Tx, userId: string, query: UsageQuery): Promise<{ usage: Usage; now: number }> {
  await lockUser(tx, userId);
  const now = Date.now();
  const usage = await countUsage(tx, userId, query, new Date(now - (now % WINDOW_MS)));
  return { usage, now };
}

/** Before a user creates a task (not the worker's next occurrence: that replaces a completed one). */
export async function admitCreate(tx: Tx, userId: string, hasReminder: boolean, limits: TaskLimits): Promise<void> {
  const { usage, now } = await usageOf(
    tx,
    userId,
    hasReminder
      ? { rates: ['create', 'reminder'], quotas: ['open', 'reminders'] }
      : { rates: ['create'], quotas: ['open'] },
  );
  checkRate('create', usage.rates.create, limits.createsPerMinute, now);
  checkOpenQuota(usage.quotas.open, limits);
  if (hasReminder) {
    checkRate('reminder', usage.rates.reminder, limits.remindersPerMinute, now);
    checkReminderQuota(usage.quotas.reminders, limits);
  }
}

/** Before a patch sets a new reminder on a task. */
export async function admitReminder(tx: Tx, userId: string, current: TaskRow, limits: TaskLimits): Promise<void> {
  const isPendingNow =
    !current.completed &&
    current.remindAt !== null &&
    current.reminderFiredFor?.getTime() !== current.remindAt.getTime();
  // Moving a pending reminder keeps the count; adding one (or re-arming a fired one) raises it.
  const { usage, now } = await usageOf(tx, userId, { rates: ['reminder'], quotas: isPendingNow ? [] : ['reminders'] });
  checkRate('reminder', usage.rates.reminder, limits.remindersPerMinute, now);
  if (!isPendingNow) checkReminderQuota(usage.quotas.reminders, limits);
}

/** Before a completed task is reopened (else complete + reopen would walk around the quota). */
export async function admitReopen(tx: Tx, userId: string, current: TaskRow, limits: TaskLimits): Promise<void> {
  const hasReminder = current.remindAt !== null && current.reminderFiredFor?.getTime() !== current.remindAt.getTime();
  const { usage } = await usageOf(tx, userId, { rates: [], quotas: hasReminder ? ['open', 'reminders'] : ['open'] });
  checkOpenQuota(usage.quotas.open, limits);
  if (hasReminder) checkReminderQuota(usage.quotas.reminders, limits);
}
