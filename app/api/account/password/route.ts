import { AppError, ChangePasswordSchema } from '@/lib/contracts';
import { readJsonBody } from '@/lib/platform/json-body';
import { authed } from '@/lib/web/route';
import { reissuedSessionCookie, sessionTokenOf } from '@/lib/web/session-cookie';
import { raiseSessionVersion } from '@/lib/web/sessions';
import { changePassword } from '@/lib/web/users';

// POST /api/account/password: change the password; every other session ends, this one stays
export const POST = authed(async ({ req, user }) => {
  await changePassword(user.id, await readJsonBody(req, ChangePasswordSchema));
  const version = await raiseSessionVersion(user.id);
  const token = await sessionTokenOf(req);
  if (!token) throw new AppError('unauthorized', 'sign in to use this API');
  return new Response(null, {
    status: 204,
    headers: { 'set-cookie': await reissuedSessionCookie(req, token, version) },
  });
});
