// Signs a fresh user up and in through web's public API, the way a browser does (csrf + credentials).
import { randomUUID } from 'node:crypto';

export type TestUser = { id: string; email: string; password: string; cookie: string };

function cookiesOf(res: Response, jar: Map<string, string>) {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const [name, ...rest] = (pair ?? '').split('=');
    if (name) jar.set(name.trim(), rest.join('='));
  }
}

const header = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`);
  cookiesOf(csrfRes, jar);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: header(jar) },
    body: new URLSearchParams({ csrfToken, email, password }),
  });
  cookiesOf(res, jar);
  if (![...jar.keys()].some((k) => k.includes('session-token'))) {
    throw new Error(`sign-in of ${email} failed: ${res.status} ${res.headers.get('location')}`);
  }
  return header(jar);
}

export async function signUp(baseUrl: string, prefix = 'user'): Promise<TestUser> {
  const email = `${prefix}-${randomUUID()}@test.localhost`;
  const password = `pw-${randomUUID()}`;
  const res = await fetch(`${baseUrl}/api/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  return { id, email, password, cookie: await signIn(baseUrl, email, password) };
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
