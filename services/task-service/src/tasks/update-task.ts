import { sql } from 'drizzle-orm';
import { AppError, EVENT_TYPES, type Task, type UpdateTask } from '@/lib/contracts';
import type { TaskWork } from '../db/client';
import { tasks } from '../db/schema';
import { syncReminderJob } from '../reminders/reminder-job';
import { lockOwnedTask } from './owned-task';
import { toTask } from './to-task';
import { admitReminder, type TaskLimits } from './user-limits';

const toDate = (v: string | null | undefined) => (v === undefined ? undefined : v === null ? null : new Date(v));

/**
 * Applies a patch; with `expectedVersion` the write happens only on that version (412 otherwise).
 * A changed remindAt reschedules the reminder job after the commit.
 */
export async function updateTask(
  { tx, emit, afterCommit }: TaskWork,
  userId: string,
  taskId: string,
  patch: UpdateTask,
  limits: TaskLimits,
  expectedVersion?: number,
): Promise<Task> {
  const current = await lockOwnedTask(tx, userId, taskId);
  if (expectedVersion !== undefined && current.version !== expectedVersion) {
    throw new AppError(
      'precondition_failed',
      `task ${taskId} is at version ${current.version}, not ${expectedVersion}; reload it and apply your change again`,
    );
  }
  const dueAt = toDate(patch.dueAt);
  const remindAt = toDate(patch.remindAt);
  const nextDue = dueAt === undefined ? current.dueAt : dueAt;
  const nextRecurrence = patch.recurrence === undefined ? current.recurrence : patch.recurrence;
  if (nextRecurrence && !nextDue) {
    throw new AppError('bad_request', 'a recurring task needs dueAt', {
      errors: { recurrence: ['a recurring task needs dueAt'] },
    });
  }
  const isReminderChanged = remindAt !== undefined && remindAt?.getTime() !== current.remindAt?.getTime();
  if (isReminderChanged && remindAt) await admitReminder(tx, userId, current, limits);
  const [row] = await tx
    .update(tasks)
    .set({
      ...(patch.title !== undefined && { title: patch.title }),
      ...(patch.notes !== undefined && { notes: patch.notes }),
      ...(patch.priority !== undefined && { priority: patch.priority }),
      ...(patch.tags !== undefined && { tags: patch.tags }),
      ...(dueAt !== undefined && { dueAt }),
      ...(remindAt !== undefined && { remindAt }),
      ...(patch.recurrence !== undefined && { recurrence: patch.recurrence }),
      seriesAnchor: nextRecurrence ? (current.seriesAnchor ?? nextDue) : null,
      ...(isReminderChanged && { reminderScheduled: false }),
      updatedAt: sql`now()`,
      version: sql`${tasks.version} + 1`,
    })
    .where(sql`${tasks.id} = ${taskId}`)
    .returning();
  if (!row) throw new Error('update returned no row');
  const task = toTask(row);
  await emit(EVENT_TYPES.taskUpdated, row.id, { userId, task });
  if (isReminderChanged) afterCommit((db) => syncReminderJob(db, row));
  return task;
}
