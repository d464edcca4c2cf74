'use client';
// Account creation: POST /api/register, then sign in with the same credentials.

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@/lib/contracts/rules';
import { api, errorMessage, fieldError, isApiError } from './api';
import { signInWithCredentials } from './credentials-sign-in';

type Field = 'email' | 'name' | 'password';
type FieldErrors = { [K in Field]?: string | undefined };

export function SignUpForm() {
  const router = useRouter();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [isPending, setIsPending] = useState(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setFieldErrors({});
    if (password.length < PASSWORD_MIN_LENGTH) {
      setFieldErrors({ password: `Use at least ${PASSWORD_MIN_LENGTH} characters` });
      return;
    }

    setIsPending(true);
    const trimmedName = name.trim();
    try {
      await api('/api/register', {
        method: 'POST',
        json: { email: email.trim(), password, ...(trimmedName ? { name: trimmedName } : {}) },
      });
    } catch (err) {
      setIsPending(false);
      if (isApiError(err) && err.status === 409) {
        setError('An account with this email already exists');
        setFieldErrors({ email: 'Already registered' });
        return;
      }
      setError(errorMessage(err));
      setFieldErrors({
        email: fieldError(err, 'email'),
        name: fieldError(err, 'name'),
        password: fieldError(err, 'password'),
      });
      return;
    }

    if ((await signInWithCredentials(email.trim(), password)) !== 'ok') {
      setIsPending(false);
      setError('Your account was created, but signing in failed. Please sign in.');
      return;
    }
    router.push('/');
    router.refresh();
  }

  const describedBy = (field: Field) => (fieldErrors[field] ? `${field}-error` : undefined);

  return (
    <form className="auth-form" onSubmit={(event) => void handleSubmit(event)} aria-label="Create account">
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
          aria-invalid={fieldErrors.email ? true : undefined}
          aria-describedby={describedBy('email')}
        />
        <FieldError field="email" message={fieldErrors.email} />
      </div>
      <div className="field">
        <label htmlFor="name">
          Name <span className="optional">(optional)</span>
        </label>
        <input
          id="name"
          name="name"
          type="text"
          autoComplete="name"
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={fieldErrors.name ? true : undefined}
          aria-describedby={describedBy('name')}
        />
        <FieldError field="name" message={fieldErrors.name} />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN_LENGTH}
          maxLength={PASSWORD_MAX_LENGTH}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={fieldErrors.password ? true : undefined}
          aria-describedby={fieldErrors.password ? 'password-error' : 'password-hint'}
        />
        {fieldErrors.password ? null : (
          <p id="password-hint" className="hint">
            At least {PASSWORD_MIN_LENGTH} characters.
          </p>
        )}
        <FieldError field="password" message={fieldErrors.password} />
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button primary" disabled={isPending}>
        {isPending ? 'Creating account…' : 'Create account'}
      </button>
      <p className="auth-switch">
        Already have an account? <Link href="/signin">Sign in</Link>
      </p>
    </form>
  );
}

function FieldError({ field, message }: { field: Field; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={`${field}-error`} className="field-error">
      {message}
    </p>
  );
}
