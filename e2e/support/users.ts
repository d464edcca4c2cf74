// Fresh users for e2e specs, each acting from its own client address.
//
// web limits sign-ups (20) and sign-in attempts (50) per client address per 15 minutes, and the
// address is the first X-Forwarded-For hop (lib/web/client-address.ts). The whole suite runs from
// one machine, so every user here gets its own address, the way real users reach the ingress.
import { randomBytes } from 'node:crypto';
import {
  apiAs,
  attemptSignIn as attemptSignInWith,
  randomEmail,
  register as registerWith,
  signUp,
  type TestUser,
} from '../../tests/support/session';

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

const from = (address: string) => ({ 'x-forwarded-for': address });

/** One credentials sign-in attempt from a client address, exactly as a browser form post makes it. */
export const attemptSignIn = (baseUrl: string, email: string, password: string, address: string) =>
  attemptSignInWith(baseUrl, email, password, from(address));

/** POST /api/register from a client address (a fresh one unless given). */
export const register = (
  baseUrl: string,
  body: unknown,
  address = newClientAddress(),
  headers: Record<string, string> = {},
) => registerWith(baseUrl, body, { ...from(address), ...headers });

/** Registers and signs in a fresh user through web's public API; `api` calls it as that user. */
export async function newUser(baseUrl: string, prefix = 'e2e'): Promise<Client> {
  const address = newClientAddress();
  const { id, email, password, cookie } = await signUp(baseUrl, prefix, from(address));
  const user: TestUser = { id, email, password, cookie };
  return { ...user, address, api: apiAs(baseUrl, user) };
}

export { randomEmail };
