// Keeps a task's Dapr job in step with its reminder: scheduled while the task is open and its
// remindAt has not fired, deleted otherwise.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { deleteJob, scheduleJob } from '@/lib/dapr/jobs';
import { log } from '@/lib/platform/log';
import { currentTraceparent } from '@/lib/platform/tracing';
import type { Db } from '../db/client';
import { type TaskRow, tasks } from '../db/schema';

export const REMINDER_JOB_PREFIX = 'reminder-';
export const reminderJobName = (taskId: string) => `${REMINDER_JOB_PREFIX}${taskId}`;

export const ReminderJobDataSchema = z.object({
  taskId: z.uuid(),
  userId: z.string(),
  remindAt: z.iso.datetime({ offset: true }),
  /** The trace of the request that set the reminder: the trigger continues it (W3C traceparent). */
  traceparent: z.string().max(128).optional(),
});
export type ReminderJobData = z.infer<typeof ReminderJobDataSchema>;

export function needsReminderJob(row: TaskRow): row is TaskRow & { remindAt: Date } {
  return !row.completed && row.remindAt !== null && row.reminderFiredFor?.getTime() !== row.remindAt.getTime();
}

/** Never throws: a failure leaves `reminder_scheduled = false` for the sweep to retry. */
export async function syncReminderJob(db: Db, row: TaskRow): Promise<void> {
  const name = reminderJobName(row.id);
  try {
    if (needsReminderJob(row)) {
      const traceparent = currentTraceparent();
      const data: ReminderJobData = {
        taskId: row.id,
        userId: row.userId,
        remindAt: row.remindAt.toISOString(),
        ...(traceparent ? { traceparent } : {}),
      };
      await scheduleJob(name, { dueTime: data.remindAt, data });
      await db
        .update(tasks)
        .set({ reminderScheduled: true })
        .where(and(eq(tasks.id, row.id), eq(tasks.remindAt, row.remindAt)));
    } else {
      await cancelReminderJob(row.id);
    }
  } catch (error) {
    log.warn({ err: error, taskId: row.id }, 'could not sync the reminder job; the sweep will retry');
  }
}

/** Deletes the job. Never throws: a stale trigger is ignored by fireReminder anyway. */
export async function cancelReminderJob(taskId: string): Promise<void> {
  try {
    await deleteJob(reminderJobName(taskId));
  } catch (error) {
    log.warn({ err: error, taskId }, 'could not delete the reminder job; its trigger will be ignored');
  }
}
