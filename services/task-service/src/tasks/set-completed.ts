import { eq, sql } from 'drizzle-orm';
import { EVENT_TYPES } from '@/lib/contracts';
import { enqueueEvent } from '@/lib/service-kit/outbox/enqueue';
import type { Db } from '../db/client';
import { type TaskRow, tasks } from '../db/schema';
import { lockOwnedTask } from './owned-task';
import { toTask } from './to-task';
import { admitReopen, type TaskLimits } from './user-limits';

/**
 * Completes or reopens a task. Doing what is already done changes nothing and emits nothing,
 * so a retried request is harmless.
 */
export async function setCompleted(
  db: Db,
  userId: string,
  taskId: string,
  isCompleted: boolean,
  limits: TaskLimits,
): Promise<{ row: TaskRow; isChanged: boolean }> {
  return db.transaction(async (tx) => {
    const current = await lockOwnedTask(tx, userId, taskId);
    if (current.completed === isCompleted) return { row: current, isChanged: false };
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
    const type = isCompleted ? EVENT_TYPES.taskCompleted : EVENT_TYPES.taskReopened;
    await enqueueEvent(tx, type, row.id, { userId, task: toTask(row) });
    return { row, isChanged: true };
  });
}
