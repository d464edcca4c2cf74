import { and, eq, isNull, sql } from 'drizzle-orm';
import { AppError } from '@/lib/contracts';
import type { Db } from '../db/client';
import { notifications } from '../db/schema';

export async function markRead(db: Db, userId: string, id: number): Promise<void> {
  const [row] = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning({ id: notifications.id });
  if (!row) throw new AppError('not_found', `notification ${id} does not exist`);
}

export async function markAllRead(db: Db, userId: string): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
}
