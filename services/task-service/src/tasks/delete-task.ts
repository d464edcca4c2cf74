import { eq } from 'drizzle-orm';
import { EVENT_TYPES } from '@/lib/contracts';
import { enqueueEvent } from '@/lib/service-kit/outbox/enqueue';
import type { Db } from '../db/client';
import { tasks } from '../db/schema';
import { lockOwnedTask } from './owned-task';

export async function deleteTask(db: Db, userId: string, taskId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await lockOwnedTask(tx, userId, taskId);
    await tx.delete(tasks).where(eq(tasks.id, taskId));
    await enqueueEvent(tx, EVENT_TYPES.taskDeleted, taskId, { userId, taskId });
  });
}
