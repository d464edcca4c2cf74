// The main page: signed-in users get the task app, everyone else the sign-in page.
import { redirect } from 'next/navigation';
import { TodoApp } from '@/components/todo-app';
import { auth } from '@/lib/web/auth';

export default async function HomePage() {
  const session = await auth();
  if (!session?.user) redirect('/signin');
  return <TodoApp user={{ email: session.user.email ?? '', name: session.user.name ?? null }} />;
}
