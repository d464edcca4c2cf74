'use client';
// Email + password sign-in through the next-auth credentials provider.

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { type SignInOutcome, signInWithCredentials } from './credentials-sign-in';

const MESSAGES: Record<Exclude<SignInOutcome, 'ok'>, string> = {
  invalid: 'Wrong email or password',
  rate_limited: 'Too many attempts, try again later',
  failed: 'Sign-in failed. Please try again in a moment.',
};

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
    const outcome = await signInWithCredentials(email.trim(), password);
    if (outcome !== 'ok') {
      setError(MESSAGES[outcome]);
      setIsPending(false);
      return;
    }
    router.push('/');
    router.refresh();
  }

  return (
    <form className="auth-form" onSubmit={(event) => void handleSubmit(event)} aria-label="Sign in">
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
