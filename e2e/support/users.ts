// Fresh users for e2e specs, each acting from its own client address.
//
// web limits sign-ups (20) and sign-in attempts (50) per client address per 15 minutes, and the
// address is the first X-Forwarded-For hop (lib/web/client-address.ts). The whole suite runs from
// one machine, so every user here gets its own address, the way real users reach the ingress.
import { randomBytes, randomUUID } from 'node:crypto';
import { apiAs, type TestUser } from '../../tests/support/session';

export type Api = ReturnType<typeof apiAs>;
export type Client = TestUser & { address: string; api: Api };

/** A random address from 198.18.0.0/15 (reserved for benchmarking), unique enough per run. */
export function newClientAddress(): string {
  const [a = 0, b = 0, c = 0] = randomBytes(3);
  return `198.${18 + (a % 2)}.${b}.${1 + (c % 254)}`;
}

export function baseUrlOf(baseURL: string | undefined): string {
  if (!baseURL) throw new Error('set use.baseURL in playwright.config.ts');
  return baseURL;
}

const randomEmail = (prefix: string) => `${prefix}-${randomUUID()}@test.localhost`;

function collectCookies(res: Response, jar: Map<string, string>) {
  for (const line of res.headers.getSetCookie()) {
    const [pair = ''] = line.split(';');
    const [name, ...rest] = pair.split('=');
    if (name) jar.set(name.trim(), rest.join('='));
  }
}

const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

/** One credentials sign-in attempt exactly as a browser form post makes it (csrf cookie + token). */
export async function attemptSignIn(baseUrl: string, email: string, password: string, address: string) {
  const jar = new Map<string, string>();
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`, { headers: { 'x-forwarded-for': address } });
  collectCookies(csrfRes, jar);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: cookieHeader(jar),
      'x-forwarded-for': address,
    },
    body: new URLSearchParams({ csrfToken, email, password }),
  });
  collectCookies(res, jar);
  const isSignedIn = [...jar.keys()].some((k) => k.includes('session-token'));
  return { res, isSignedIn, cookie: cookieHeader(jar) };
}

export async function register(
  baseUrl: string,
  body: unknown,
  address = newClientAddress(),
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${baseUrl}/api/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {}
  // biome-ignore lint/suspicious/noExplicitAny: test responses are inspected field by field
  return { status: res.status, headers: res.headers, body: parsed as any };
}

/** Registers and signs in a fresh user through web's public API; `api` calls it as that user. */
export async function newUser(baseUrl: string, prefix = 'e2e'): Promise<Client> {
  const address = newClientAddress();
  const email = randomEmail(prefix);
  const password = `pw-${randomUUID()}`;
  const created = await register(baseUrl, { email, password }, address);
  if (created.status !== 201) throw new Error(`register failed: ${created.status} ${JSON.stringify(created.body)}`);
  const { isSignedIn, res, cookie } = await attemptSignIn(baseUrl, email, password, address);
  if (!isSignedIn) throw new Error(`sign-in of ${email} failed: ${res.status} ${res.headers.get('location')}`);
  const user: TestUser = { id: created.body.id, email, password, cookie };
  return { ...user, address, api: apiAs(baseUrl, user) };
}

export { randomEmail };
