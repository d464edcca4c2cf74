import { AppError } from '@/lib/contracts';
import { authed } from '@/lib/web/route';
import { notificationService } from '@/lib/web/services';

// POST /api/notifications/{id}/read
export const POST = authed<{ id: string }>(async ({ user, params }) => {
  if (!/^\d{1,18}$/.test(params.id)) throw new AppError('not_found', `notification ${params.id} does not exist`);
  await notificationService(`notifications/${params.id}/read`, user.id, { method: 'POST' });
  return new Response(null, { status: 204 });
});
