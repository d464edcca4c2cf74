// The session cookie itself: its name, decoding it (cached), and re-issuing it with a new session
// version (after a password change this browser stays signed in while every other session ends).
import 'server-only';
import { decode, encode, getToken, type JWT } from 'next-auth/jwt';
import { SECRETS } from '@/lib/contracts';
import { getSecret } from '@/lib/dapr/secrets';
import { processSingleton } from '@/lib/platform/singleton';
import type { ApiRequest } from './route';
import { SESSION_MAX_AGE_S } from './sessions';

const PLAIN = 'authjs.session-token';
const SECURE = '__Secure-authjs.session-token';

export const isSecureCookie = (req: ApiRequest) => (req.headers.get('cookie') ?? '').includes(SECURE);

/**
 * Decoded session tokens by their cookie value. Decoding one (HKDF key derivation, key thumbprint,
 * AES-CBC + HMAC of the JWE) cost more CPU than the rest of a BFF request, and a browser sends the
 * same cookie until the session is renewed: a token is decoded once per process and then found here
 * until it expires. Safe because the JWE is authenticated: the same string always decodes to the
 * same payload. Only tokens that decoded are kept (a garbage cookie never fills the cache), at most
 * MAX_DECODED (the oldest go first), and the cache is emptied when the secret changes (rotation).
 */
const MAX_DECODED = 20_000;
/** Auth.js accepts a token up to 15 s after its expiry (clock tolerance); so does the cache. */
const CLOCK_TOLERANCE_MS = 15_000;
const cache = processSingleton('web.decoded-sessions', () => ({
  decoded: new Map<string, { token: JWT; expiresAtMs: number }>(),
  decodedWith: undefined as string | undefined,
}));
const decoded = cache.decoded;

export async function sessionTokenOf(req: ApiRequest): Promise<JWT | null> {
  const secret = await getSecret(SECRETS.authSecret);
  const secureCookie = isSecureCookie(req);
  // raw: only the cookie's value (joined from chunks if the cookie was split), nothing decoded yet.
  const raw = await getToken({ req, secret, secureCookie, raw: true });
  if (!raw) return null;
  if (cache.decodedWith !== secret) {
    decoded.clear();
    cache.decodedWith = secret;
  }
  const salt = secureCookie ? SECURE : PLAIN;
  const key = `${salt}:${raw}`;
  const hit = decoded.get(key);
  if (hit) {
    if (Date.now() < hit.expiresAtMs) return hit.token;
    decoded.delete(key);
    return null;
  }
  let token: JWT | null;
  try {
    token = await decode({ token: raw, secret, salt });
  } catch {
    return null; // tampered, expired or from another secret: no session
  }
  if (token && typeof token.exp === 'number') {
    if (decoded.size >= MAX_DECODED) decoded.delete(decoded.keys().next().value as string);
    decoded.set(key, { token: Object.freeze(token), expiresAtMs: token.exp * 1000 + CLOCK_TOLERANCE_MS });
  }
  return token;
}

export async function reissuedSessionCookie(req: ApiRequest, token: JWT, sessionVersion: number): Promise<string> {
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
