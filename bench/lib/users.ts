// Signs virtual users up and in through web's public API (tests/support/session.ts, many at a time).
// web rate-limits sign-ups and sign-ins per client address (the first X-Forwarded-For hop, as set by
// the ingress); each virtual user therefore presents its own address, as thousands of real users
// behind an ingress would.
import { signUp } from '../../tests/support/session';
import { mapLimit } from './load';

export type BenchUser = { id: string; email: string; cookie: string };

/** A distinct private address per user index: 10.a.b.c. */
export const addressOf = (index: number) => `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;

export async function signUpOne(baseUrl: string, index: number, prefix = 'bench'): Promise<BenchUser> {
  const { id, email, sessionCookie } = await signUp(baseUrl, prefix, { 'x-forwarded-for': addressOf(index) });
  // Only the session cookie is kept: it is all an API call needs.
  return { id, email, cookie: sessionCookie };
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
