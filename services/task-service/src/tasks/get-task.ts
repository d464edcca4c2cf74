import { and, eq } from 'drizzle-orm';
import { AppError, type Task } from '@/lib/contracts';
import type { Db } from '../db/client';
import { tasks } from '../db/schema';
import { toTask } from './to-task';

export async function getTask(db: Db, userId: string, taskId: string): Promise<Task> {
  const [row] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.id, taskId), eq(tasks.userId, userId)));
  if (!row) throw new AppError('not_found', `task ${taskId} does not exist`);
  return toTask(row);
}
