import { authed } from '@/lib/server/route';
import { notificationService } from '@/lib/server/services';

// POST /api/notifications/read-all
export const POST = authed(async ({ user }) => {
  await notificationService('notifications/read-all', user.id, { method: 'POST' });
  return new Response(null, { status: 204 });
});
