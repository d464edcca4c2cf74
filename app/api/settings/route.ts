import { type Settings, SettingsSchema } from '@/lib/contracts';
import { readJsonBody } from '@/lib/platform/json-body';
import { authed } from '@/lib/web/route';
import { notificationService } from '@/lib/web/services';

// GET /api/settings: notification settings
export const GET = authed(async ({ user }) =>
  Response.json((await notificationService<Settings>('settings', user.id)).body),
);

// PUT /api/settings: e.g. {"emailReminders": true}
export const PUT = authed(async ({ req, user }) => {
  const settings = await readJsonBody(req, SettingsSchema);
  const { body } = await notificationService<Settings>('settings', user.id, {
    method: 'PUT',
    body: { ...settings, email: user.email },
  });
  return Response.json(body);
});
