// The reconciling sweep (cron binding, every minute): fires reminders whose job did not
// deliver, schedules jobs that could not be scheduled, and forgets expired idempotency keys and
// rate windows.
import { and, eq, gt, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { reminderLateness, remindersFired } from '@/lib/platform/metrics';
import type { Db, RunTaskOperation } from '../db/client';
import { idempotencyKeys, tasks, userRateWindows } from '../db/schema';
import { fireReminder } from './fire-reminder';
import { syncReminderJob } from './reminder-job';

/** A reminder is left to its job for this long after remindAt before the sweep fires it. */
const GRACE_MS = 20_000;

export async function sweepReminders(db: Db, run: RunTaskOperation): Promise<{ fired: number; scheduled: number }> {
  const unfired = or(isNull(tasks.reminderFiredFor), sql`${tasks.reminderFiredFor} <> ${tasks.remindAt}`);
  const missed = await db
    .select({ id: tasks.id, remindAt: tasks.remindAt })
    .from(tasks)
    .where(
      and(
        eq(tasks.completed, false),
        isNotNull(tasks.remindAt),
        unfired,
        lt(tasks.remindAt, new Date(Date.now() - GRACE_MS)),
      ),
    )
    .limit(1000);
  let fired = 0;
  for (const { id, remindAt } of missed) {
    if (remindAt && (await run((work) => fireReminder(work, id, remindAt))) === 'fired') {
      fired += 1;
      remindersFired.inc({ trigger: 'sweep' });
      reminderLateness.observe({ trigger: 'sweep' }, (Date.now() - remindAt.getTime()) / 1000);
    }
  }
  const unscheduled = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.completed, false), eq(tasks.reminderScheduled, false), gt(tasks.remindAt, sql`now()`), unfired))
    .limit(1000);
  for (const row of unscheduled) await syncReminderJob(db, row);
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, sql`now() - interval '24 hours'`));
  await db.delete(userRateWindows).where(lt(userRateWindows.windowStart, sql`now() - interval '2 minutes'`));
  return { fired, scheduled: unscheduled.length };
}
