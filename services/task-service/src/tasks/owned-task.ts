import { and, eq } from 'drizzle-orm';
import { AppError } from '@/lib/contracts';
import type { Tx } from '../db/client';
import { type TaskRow, tasks } from '../db/schema';

/** Locks and returns the user's task, or 404 (another user's task is indistinguishable from none). */
export async function lockOwnedTask(tx: Tx, userId: string, taskId: string): Promise<TaskRow> {
  const [row] = await tx
    .select()
    .from(tasks)
    .where(and(eq(tasks.id, taskId), eq(tasks.userId, userId)))
    .for('update');
  if (!row) throw new AppError('not_found', `task ${taskId} does not exist`);
  return row;
}
