import { notificationIdOf } from '@/lib/contracts';
import { authed } from '@/lib/web/route';
import { notificationService } from '@/lib/web/services';

// POST /api/notifications/{id}/read
export const POST = authed<{ id: string }>(async ({ user, params }) => {
  await notificationService(`notifications/${notificationIdOf(params.id)}/read`, user.id, { method: 'POST' });
  return new Response(null, { status: 204 });
});
