import { AppError, type Task } from '@/lib/contracts';
import type { TaskWork } from '../db/client';
import type { TaskRow } from '../db/schema';
import { claimIdempotencyKey, insertTask, recordIdempotentResult, requestHash } from './create-task';
import { lockOwnedTask } from './owned-task';
import { nextOccurrence } from './recurrence';
import { toTask } from './to-task';

/**
 * Creates the occurrence after a completed recurring task, exactly once per event id.
 * Returns null when the series has ended (until).
 */
export async function createNextOccurrence(
  work: TaskWork,
  userId: string,
  taskId: string,
  eventId: string,
): Promise<Task | null> {
  const { tx } = work;
  const key = `next-occurrence:${eventId}`;
  const replay = await claimIdempotencyKey(tx, userId, key, requestHash({ taskId }));
  if (replay) return 'id' in replay ? replay : null;
  const source = await lockOwnedTask(tx, userId, taskId);
  if (!source.recurrence || !source.dueAt) {
    throw new AppError('unprocessable', `task ${taskId} does not recur`);
  }
  const nextDue = nextOccurrence(source.dueAt, source.recurrence, source.seriesAnchor ?? source.dueAt);
  let row: TaskRow | undefined;
  if (nextDue) {
    const shift = nextDue.getTime() - source.dueAt.getTime();
    row = await insertTask(work, userId, {
      title: source.title,
      notes: source.notes,
      priority: source.priority,
      tags: source.tags,
      dueAt: nextDue.toISOString(),
      remindAt: source.remindAt ? new Date(source.remindAt.getTime() + shift).toISOString() : null,
      recurrence: source.recurrence,
      seriesAnchor: source.seriesAnchor ?? source.dueAt,
    });
  }
  const task = row ? toTask(row) : null;
  await recordIdempotentResult(tx, userId, key, task);
  return task;
}
