// Fires a reminder at most once per (task, remindAt), and never before remindAt.
import { and, eq, isNull, lte, or, sql } from 'drizzle-orm';
import { EVENT_TYPES } from '@/lib/contracts';
import type { TaskWork } from '../db/client';
import { tasks } from '../db/schema';

export type FireResult = 'fired' | 'stale' | 'early';

export async function fireReminder({ tx, emit }: TaskWork, taskId: string, remindAt: Date): Promise<FireResult> {
  const [row] = await tx
    .update(tasks)
    .set({ reminderFiredFor: sql`${tasks.remindAt}` })
    .where(
      and(
        eq(tasks.id, taskId),
        eq(tasks.completed, false),
        eq(tasks.remindAt, remindAt),
        lte(tasks.remindAt, sql`now()`),
        or(isNull(tasks.reminderFiredFor), sql`${tasks.reminderFiredFor} <> ${tasks.remindAt}`),
      ),
    )
    .returning();
  if (!row?.remindAt) {
    const [current] = await tx.select({ remindAt: tasks.remindAt }).from(tasks).where(eq(tasks.id, taskId));
    const isEarly = current?.remindAt?.getTime() === remindAt.getTime() && remindAt.getTime() > Date.now();
    return isEarly ? 'early' : 'stale';
  }
  await emit(EVENT_TYPES.reminderDue, row.id, {
    userId: row.userId,
    taskId: row.id,
    reminderId: `${row.id}@${row.remindAt.toISOString()}`,
    title: row.title,
    dueAt: row.dueAt?.toISOString() ?? null,
    remindAt: row.remindAt.toISOString(),
  });
  return 'fired';
}
