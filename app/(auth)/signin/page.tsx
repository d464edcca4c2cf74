import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/sign-in-form';
import { auth } from '@/lib/web/auth';

export const metadata: Metadata = { title: 'Sign in · Todo' };

export default async function SignInPage() {
  if (await auth()) redirect('/');
  return (
    <main className="auth-page">
      <h1>Sign in</h1>
      <SignInForm />
    </main>
  );
}
