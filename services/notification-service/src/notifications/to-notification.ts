import type { Notification } from '@/lib/contracts';
import type { NotificationRow } from '../db/schema';

export function toNotification(row: NotificationRow): Notification {
  return {
    id: String(row.id),
    kind: row.kind,
    taskId: row.taskId,
    title: row.title,
    body: row.body,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}
