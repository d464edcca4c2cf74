// Signs virtual users up and in through web's public API (register, csrf, credentials callback),
// as tests/support/session.ts does, but many at a time. web rate-limits sign-ups and sign-ins
// per client address (the first X-Forwarded-For hop, as set by the ingress); each virtual user
// therefore presents its own address, as thousands of real users behind an ingress would.
import { randomUUID } from 'node:crypto';
import { mapLimit } from './load';

export type BenchUser = { id: string; email: string; cookie: string };

/** A distinct private address per user index: 10.a.b.c. */
export const addressOf = (index: number) => `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;

function collectCookies(res: Response, jar: Map<string, string>): void {
  for (const line of res.headers.getSetCookie()) {
    const [pair = ''] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1));
  }
}

const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

export async function signUpOne(baseUrl: string, index: number, prefix = 'bench'): Promise<BenchUser> {
  const forwarded = { 'x-forwarded-for': addressOf(index) };
  const email = `${prefix}-${randomUUID()}@bench.localhost`;
  const password = `pw-${randomUUID()}`;
  const reg = await fetch(`${baseUrl}/api/register`, {
    method: 'POST',
    headers: { ...forwarded, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (reg.status !== 201) throw new Error(`register failed: ${reg.status} ${await reg.text()}`);
  const { id } = (await reg.json()) as { id: string };

  const jar = new Map<string, string>();
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`, { headers: forwarded });
  collectCookies(csrfRes, jar);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...forwarded, 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, email, password }),
  });
  await res.arrayBuffer();
  collectCookies(res, jar);
  if (![...jar.keys()].some((k) => k.includes('session-token'))) {
    throw new Error(`sign-in of ${email} failed: ${res.status} ${res.headers.get('location')}`);
  }
  // Only the session cookie is needed afterwards.
  const session = [...jar].filter(([k]) => k.includes('session-token'));
  return { id, email, cookie: session.map(([k, v]) => `${k}=${v}`).join('; ') };
}

/** Signs up `count` users, `concurrency` at a time (argon2 hashing makes each take ~0.1 s of CPU). */
export async function signUpMany(
  baseUrl: string,
  count: number,
  {
    concurrency = 4,
    offset = 0,
    onProgress,
  }: { concurrency?: number; offset?: number; onProgress?: (done: number) => void } = {},
): Promise<BenchUser[]> {
  let done = 0;
  return mapLimit(
    Array.from({ length: count }, (_, i) => i),
    concurrency,
    async (i) => {
      const user = await signUpOne(baseUrl, offset + i);
      done += 1;
      if (onProgress && done % 100 === 0) onProgress(done);
      return user;
    },
  );
}
