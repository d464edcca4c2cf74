import { authed } from '@/lib/web/route';
import { notificationService } from '@/lib/web/services';

// POST /api/notifications/read-all
export const POST = authed(async ({ user }) => {
  await notificationService('notifications/read-all', user.id, { method: 'POST' });
  return new Response(null, { status: 204 });
});
