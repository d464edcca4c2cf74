// Signs users up and in through web's public API the way a browser does (register, csrf cookie and
// token, credentials callback): the one cookie-jar sign-in of integration tests, e2e specs and benchmarks.
import { randomUUID } from 'node:crypto';

export type TestUser = { id: string; email: string; password: string; cookie: string };

/** Extra request headers for every call of one client, e.g. its own `x-forwarded-for` address. */
type Headers = Record<string, string>;

/** Cookies as a browser keeps them: Set-Cookie answers in, a Cookie header out. */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1));
    }
  }

  /** The Cookie header; with `isSessionOnly`, only Auth.js's session cookie (all an API call needs). */
  header({ isSessionOnly = false } = {}): string {
    return [...this.cookies]
      .filter(([name]) => !isSessionOnly || name.includes('session-token'))
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');
  }

  get hasSession(): boolean {
    return [...this.cookies.keys()].some((name) => name.includes('session-token'));
  }
}

export type SignInAttempt = {
  res: Response;
  isSignedIn: boolean;
  /** Every cookie the browser would now send. */
  cookie: string;
  /** Only the session cookie. */
  sessionCookie: string;
};

/** One credentials sign-in attempt exactly as a browser form post makes it (csrf cookie + token). */
export async function attemptSignIn(
  baseUrl: string,
  email: string,
  password: string,
  headers: Headers = {},
): Promise<SignInAttempt> {
  const jar = new CookieJar();
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`, { headers });
  jar.take(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
    body: new URLSearchParams({ csrfToken, email, password }),
  });
  await res.arrayBuffer();
  jar.take(res);
  return { res, isSignedIn: jar.hasSession, cookie: jar.header(), sessionCookie: jar.header({ isSessionOnly: true }) };
}

/** Signs in or throws; the attempt's cookies. */
export async function signIn(baseUrl: string, email: string, password: string, headers: Headers = {}) {
  const attempt = await attemptSignIn(baseUrl, email, password, headers);
  if (!attempt.isSignedIn) {
    throw new Error(`sign-in of ${email} failed: ${attempt.res.status} ${attempt.res.headers.get('location')}`);
  }
  return attempt;
}

export const randomEmail = (prefix: string) => `${prefix}-${randomUUID()}@test.localhost`;

/** POST /api/register with any body (a string is sent as it is). */
export const register = (baseUrl: string, body: unknown, headers: Headers = {}) =>
  apiAs(baseUrl, null)('/api/register', { method: 'POST', body, headers });

/** Registers and signs in a fresh user (random email and password); `headers` go on every request. */
export async function signUp(
  baseUrl: string,
  prefix = 'user',
  headers: Headers = {},
): Promise<TestUser & { sessionCookie: string }> {
  const email = randomEmail(prefix);
  const password = `pw-${randomUUID()}`;
  const created = await register(baseUrl, { email, password }, headers);
  if (created.status !== 201) throw new Error(`register failed: ${created.status} ${JSON.stringify(created.body)}`);
  const { cookie, sessionCookie } = await signIn(baseUrl, email, password, headers);
  return { id: created.body.id, email, password, cookie, sessionCookie };
}

/** A small client for web's public API as one user. */
export function apiAs(baseUrl: string, user: Pick<TestUser, 'cookie'> | null) {
  return async (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (user) headers.cookie = user.cookie;
    if (init.body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(`${baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: test responses are inspected field by field
    let body: any = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {}
    return { status: res.status, headers: res.headers, body };
  };
}
