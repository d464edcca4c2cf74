// The main page: signed-in users get the task app, everyone else the sign-in page.
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { isTheme, THEME_COOKIE } from '@/components/theme';
import { TodoApp } from '@/components/todo-app';
import { auth } from '@/lib/web/auth';

export default async function HomePage() {
  const session = await auth();
  if (!session?.user) redirect('/signin');
  const stored = (await cookies()).get(THEME_COOKIE)?.value;
  return (
    <TodoApp
      user={{ email: session.user.email ?? '', name: session.user.name ?? null }}
      initialTheme={isTheme(stored) ? stored : 'system'}
    />
  );
}
