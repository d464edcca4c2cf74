// The session cookie itself: its name, and re-issuing it with a new session version (after a
// password change this browser stays signed in while every other session ends).
import 'server-only';
import type { NextRequest } from 'next/server';
import { encode, getToken, type JWT } from 'next-auth/jwt';
import { SECRETS } from '@/lib/contracts';
import { getSecret } from '@/lib/dapr/secrets';
import { SESSION_MAX_AGE_S } from './sessions';

const PLAIN = 'authjs.session-token';
const SECURE = '__Secure-authjs.session-token';

export const isSecureCookie = (req: NextRequest) => (req.headers.get('cookie') ?? '').includes(SECURE);

export async function sessionTokenOf(req: NextRequest): Promise<JWT | null> {
  return getToken({ req, secret: await getSecret(SECRETS.authSecret), secureCookie: isSecureCookie(req) });
}

export async function reissuedSessionCookie(req: NextRequest, token: JWT, sessionVersion: number): Promise<string> {
  const secure = isSecureCookie(req);
  const name = secure ? SECURE : PLAIN;
  const value = await encode({
    token: { ...token, sv: sessionVersion },
    secret: await getSecret(SECRETS.authSecret),
    salt: name,
    maxAge: SESSION_MAX_AGE_S,
  });
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_MAX_AGE_S}${secure ? '; Secure' : ''}`;
}

/** Cookies that end this browser's session. */
export function clearedSessionCookies(): string[] {
  return [
    `${PLAIN}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`,
    `${SECURE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure`,
  ];
}
