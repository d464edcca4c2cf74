import { authed } from '@/lib/web/route';
import { clearedSessionCookies } from '@/lib/web/session-cookie';
import { raiseSessionVersion } from '@/lib/web/sessions';

// POST /api/account/sign-out-everywhere: ends every session of the account, this one included
export const POST = authed(async ({ user }) => {
  await raiseSessionVersion(user.id);
  const headers = new Headers();
  for (const cookie of clearedSessionCookies()) headers.append('set-cookie', cookie);
  return new Response(null, { status: 204, headers });
});
