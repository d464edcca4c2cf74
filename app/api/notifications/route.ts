import { ListNotificationsQuerySchema, type NotificationPage, parseOrThrow } from '@/lib/contracts';
import { authed, jsonText } from '@/lib/web/route';
import { notificationService } from '@/lib/web/services';

// GET /api/notifications: newest first (or oldest first after a cursor), with the unread count
export const GET = authed(async ({ req, user }) => {
  const query = parseOrThrow(ListNotificationsQuerySchema, Object.fromEntries(req.nextUrl.searchParams), 'query');
  const { text } = await notificationService<NotificationPage>('notifications', user.id, { query });
  return jsonText(text);
});
