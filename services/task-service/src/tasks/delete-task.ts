import { eq } from 'drizzle-orm';
import { EVENT_TYPES } from '@/lib/contracts';
import type { TaskWork } from '../db/client';
import { tasks } from '../db/schema';
import { cancelReminderJob } from '../reminders/reminder-job';
import { lockOwnedTask } from './owned-task';

/** Deletes a task with its `todo.task.deleted.v1` event; its reminder job goes after the commit. */
export async function deleteTask({ tx, emit, afterCommit }: TaskWork, userId: string, taskId: string): Promise<void> {
  await lockOwnedTask(tx, userId, taskId);
  await tx.delete(tasks).where(eq(tasks.id, taskId));
  await emit(EVENT_TYPES.taskDeleted, taskId, { userId, taskId });
  afterCommit(() => cancelReminderJob(taskId));
}
