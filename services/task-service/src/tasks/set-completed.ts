import { eq, sql } from 'drizzle-orm';
import { EVENT_TYPES, type Task } from '@/lib/contracts';
import type { TaskWork } from '../db/client';
import { tasks } from '../db/schema';
import { syncReminderJob } from '../reminders/reminder-job';
import { lockOwnedTask } from './owned-task';
import { toTask } from './to-task';
import { admitReopen, type TaskLimits } from './user-limits';

/**
 * Completes or reopens a task. Doing what is already done changes nothing and emits nothing,
 * so a retried request is harmless. Completing deletes the reminder job, reopening schedules it.
 */
export async function setCompleted(
  { tx, emit, afterCommit }: TaskWork,
  userId: string,
  taskId: string,
  isCompleted: boolean,
  limits: TaskLimits,
): Promise<Task> {
  const current = await lockOwnedTask(tx, userId, taskId);
  if (current.completed === isCompleted) return toTask(current);
  if (!isCompleted) await admitReopen(tx, userId, current, limits);
  const [row] = await tx
    .update(tasks)
    .set({
      completed: isCompleted,
      completedAt: isCompleted ? sql`now()` : null,
      updatedAt: sql`now()`,
      version: sql`${tasks.version} + 1`,
      ...(!isCompleted && { reminderScheduled: false }),
    })
    .where(eq(tasks.id, taskId))
    .returning();
  if (!row) throw new Error('update returned no row');
  const task = toTask(row);
  await emit(isCompleted ? EVENT_TYPES.taskCompleted : EVENT_TYPES.taskReopened, row.id, { userId, task });
  afterCommit((db) => syncReminderJob(db, row));
  return task;
}
