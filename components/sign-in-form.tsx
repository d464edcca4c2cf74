'use client';
// Email + password sign-in through the next-auth credentials provider.

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { type FormEvent, useState } from 'react';

const WRONG_CREDENTIALS = 'Wrong email or password';
const RATE_LIMITED = 'Too many attempts, try again later';

/** The server answers a throttled sign-in with 429 (or an error code naming the limit). */
const isRateLimited = (result: { status: number; code: string | undefined; error: string | undefined }) =>
  result.status === 429 || /rate|too.?many/i.test(`${result.code ?? ''} ${result.error ?? ''}`);

export function SignInForm() {
  const router = useRouter();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setIsPending(true);
    try {
      const result = await signIn('credentials', { email: email.trim(), password, redirect: false });
      if (result.error || !result.ok) {
        setError(isRateLimited(result) ? RATE_LIMITED : WRONG_CREDENTIALS);
        setIsPending(false);
        return;
      }
      router.push('/');
      router.refresh();
    } catch {
      // signIn throws when the answer is not the JSON it expects (e.g. a plain 429 or a network failure).
      setError('Sign-in failed. Please try again in a moment.');
      setIsPending(false);
    }
  }

  return (
    <form className="auth-form" onSubmit={handleSubmit} aria-label="Sign in">
      <div className="field">
        <label htmlFor="email">Email</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-describedby={error ? 'signin-error' : undefined}
        />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-describedby={error ? 'signin-error' : undefined}
        />
      </div>
      {error ? (
        <p id="signin-error" className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button primary" disabled={isPending}>
        {isPending ? 'Signing in…' : 'Sign in'}
      </button>
      <p className="auth-switch">
        New here? <Link href="/signup">Sign up</Link>
      </p>
    </form>
  );
}
