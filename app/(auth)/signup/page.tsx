import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignUpForm } from '@/components/sign-up-form';
import { auth } from '@/lib/web/auth';

export const metadata: Metadata = { title: 'Create account · Todo' };

export default async function SignUpPage() {
  if (await auth()) redirect('/');
  return (
    <main className="auth-page">
      <h1>Create account</h1>
      <SignUpForm />
    </main>
  );
}
