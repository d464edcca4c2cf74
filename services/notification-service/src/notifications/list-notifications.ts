import { and, asc, count, desc, eq, gt, isNull, lt } from 'drizzle-orm';
import { AppError, type ListNotificationsQuery, type NotificationPage } from '@/lib/contracts';
import type { Db } from '../db/client';
import { notifications } from '../db/schema';
import { toNotification } from './to-notification';

export async function listNotifications(
  db: Db,
  userId: string,
  query: ListNotificationsQuery,
): Promise<NotificationPage> {
  const isReplay = query.after !== undefined;
  if (query.after !== undefined && query.after !== '0') {
    // An unknown cursor (not one of this user's notifications) cannot be replayed from.
    const [known] = await db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), eq(notifications.id, Number(query.after))));
    if (!known) throw new AppError('not_found', `cursor ${query.after} is unknown; refetch instead of replaying`);
  }
  const conditions = [eq(notifications.userId, userId)];
  if (query.unread === 'true') conditions.push(isNull(notifications.readAt));
  if (query.after !== undefined) conditions.push(gt(notifications.id, Number(query.after)));
  if (query.before !== undefined) conditions.push(lt(notifications.id, Number(query.before)));
  const [rows, [unread]] = await Promise.all([
    db
      .select()
      .from(notifications)
      .where(and(...conditions))
      .orderBy(isReplay ? asc(notifications.id) : desc(notifications.id))
      .limit(query.limit + 1),
    db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt))),
  ]);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toNotification),
    unreadCount: unread?.n ?? 0,
    nextCursor: rows.length > query.limit && last ? String(last.id) : null,
  };
}
