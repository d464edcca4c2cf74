import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { AppError, type CreateTask, EVENT_TYPES, type Task } from '@/lib/contracts';
import type { TaskWork, Tx } from '../db/client';
import { idempotencyKeys, type TaskRow, tasks } from '../db/schema';
import { syncReminderJob } from '../reminders/reminder-job';
import { toTask } from './to-task';
import { admitCreate, type TaskLimits } from './user-limits';

/** A replay returns the stored response of the first request with the same key. */
export type Created = { task: Task; isReplay: boolean };

export const requestHash = (body: unknown) => createHash('sha256').update(JSON.stringify(body)).digest('hex');

/**
 * Claims an idempotency key inside the transaction. Returns the stored task when the key was
 * used before with the same body (a replay), throws 422 when it was used with another body.
 * Keys expire after 24 hours: an expired row is taken over.
 */
export async function claimIdempotencyKey(
  tx: Tx,
  userId: string,
  key: string,
  hash: string,
): Promise<Task | undefined> {
  const claimed = await tx
    .insert(idempotencyKeys)
    .values({ userId, key, requestHash: hash, status: 0, response: {} })
    .onConflictDoUpdate({
      target: [idempotencyKeys.userId, idempotencyKeys.key],
      set: { requestHash: hash, status: 0, response: {}, createdAt: sql`now()` },
      setWhere: sql`${idempotencyKeys.createdAt} < now() - interval '24 hours'`,
    })
    .returning({ key: idempotencyKeys.key });
  if (claimed.length > 0) return undefined;
  const [existing] = await tx
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
  if (!existing) throw new AppError('conflict', 'idempotency key is being used concurrently; retry');
  if (existing.requestHash !== hash) {
    throw new AppError('unprocessable', 'this Idempotency-Key was already used with a different request body');
  }
  return existing.response as Task;
}

export async function recordIdempotentResult(tx: Tx, userId: string, key: string, task: Task | null) {
  await tx
    .update(idempotencyKeys)
    .set({ status: task ? 201 : 204, response: task ?? {} })
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
}

/** Inserts a task with its `todo.task.created.v1` event; its reminder job is scheduled after the commit. */
export async function insertTask(
  { tx, emit, afterCommit }: TaskWork,
  userId: string,
  input: CreateTask & { seriesAnchor?: Date | null },
): Promise<TaskRow> {
  const dueAt = input.dueAt ? new Date(input.dueAt) : null;
  const [row] = await tx
    .insert(tasks)
    .values({
      userId,
      title: input.title,
      notes: input.notes,
      priority: input.priority,
      tags: input.tags,
      dueAt,
      remindAt: input.remindAt ? new Date(input.remindAt) : null,
      recurrence: input.recurrence,
      seriesAnchor: input.recurrence ? (input.seriesAnchor ?? dueAt) : null,
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  await emit(EVENT_TYPES.taskCreated, row.id, { userId, task: toTask(row) });
  if (row.remindAt) afterCommit((db) => syncReminderJob(db, row));
  return row;
}

/** Creates a task and its `todo.task.created.v1` event. */
export async function createTask(
  work: TaskWork,
  userId: string,
  input: CreateTask,
  limits: TaskLimits,
  idempotencyKey?: string,
): Promise<Created> {
  if (idempotencyKey) {
    const replay = await claimIdempotencyKey(work.tx, userId, idempotencyKey, requestHash(input));
    if (replay) return { task: replay, isReplay: true };
  }
  // After the replay check: a replay is not a new task and counts nothing.
  await admitCreate(work.tx, userId, Boolean(input.remindAt), limits);
  const task = toTask(await insertTask(work, userId, input));
  if (idempotencyKey) await recordIdempotentResult(work.tx, userId, idempotencyKey, task);
  return { task, isReplay: false };
}
