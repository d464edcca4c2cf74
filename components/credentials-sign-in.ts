// Credentials sign-in against Auth.js that can tell a throttled attempt (429) from wrong credentials.
//
// next-auth/react's signIn() reads `url` from the JSON answer and throws when it is missing,
// which is what the rate-limited 429 problem+json of /api/auth/callback/credentials looks like;
// so this posts to the same documented endpoint itself, with the same CSRF token and headers.
import { getCsrfToken } from 'next-auth/react';
import { isRecord } from '@/lib/contracts/record';

export type SignInOutcome = 'ok' | 'invalid' | 'rate_limited' | 'failed';

const CALLBACK_URL = '/api/auth/callback/credentials';

export async function signInWithCredentials(email: string, password: string): Promise<SignInOutcome> {
  try {
    const csrfToken = await getCsrfToken();
    if (!csrfToken) return 'failed';
    const response = await fetch(CALLBACK_URL, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Auth-Return-Redirect': '1' },
      body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${window.location.origin}/` }),
    });
    if (response.status === 429) return 'rate_limited';
    const body: unknown = await response.json().catch(() => null);
    const url = isRecord(body) && typeof body.url === 'string' ? body.url : null;
    if (!response.ok || !url) return 'failed';
    // Auth.js answers a refused sign-in with a URL carrying `error` (e.g. CredentialsSignin).
    return new URL(url, window.location.origin).searchParams.has('error') ? 'invalid' : 'ok';
  } catch {
    return 'failed';
  }
}
