'use client';
// The signed-in app: header, add form, view tabs, filters, task list, live updates.

import { signOut } from 'next-auth/react';
import { useCallback, useState } from 'react';
import { AddTaskForm } from './add-task-form';
import { EmailRemindersToggle } from './email-reminders-toggle';
import { useLiveEvents } from './live-events';
import { NotificationBell } from './notification-bell';
import { TaskFiltersBar } from './task-filters';
import { TaskList } from './task-list';
import { Toasts } from './toasts';
import type { TaskFilters, View } from './use-tasks';
import { TASK_PANEL_ID, tabId, ViewTabs } from './view-tabs';

export interface TodoUser {
  email: string;
  name: string | null;
}

const INITIAL_FILTERS: TaskFilters = { view: 'all', q: '', tag: '', priority: '', sort: 'created', order: '' };

export function TodoApp({ user }: { user: TodoUser }) {
  const [filters, setFilters] = useState<TaskFilters>(INITIAL_FILTERS);
  const [isSigningOut, setIsSigningOut] = useState(false);
  const { toasts, dismiss } = useLiveEvents();

  const changeFilters = useCallback((change: Partial<TaskFilters>) => {
    setFilters((current) => ({ ...current, ...change }));
  }, []);
  const changeView = useCallback((view: View) => changeFilters({ view }), [changeFilters]);

  async function handleSignOut() {
    setIsSigningOut(true);
    try {
      await signOut({ redirectTo: '/signin' });
    } catch {
      setIsSigningOut(false);
    }
  }

  return (
    <div className="app">
      <header className="app-header">
        <h1 className="brand">Todo</h1>
        <div className="header-actions">
          <EmailRemindersToggle />
          <NotificationBell />
          <span className="user" title={user.name ? `${user.name} <${user.email}>` : user.email}>
            {user.email}
          </span>
          <button type="button" className="button small" onClick={() => void handleSignOut()} disabled={isSigningOut}>
            Sign out
          </button>
        </div>
      </header>
      <main>
        <AddTaskForm />
        <ViewTabs value={filters.view} onChange={changeView} />
        <section id={TASK_PANEL_ID} role="tabpanel" aria-labelledby={tabId(filters.view)} className="task-panel">
          <TaskFiltersBar filters={filters} onChange={changeFilters} />
          <TaskList filters={filters} />
        </section>
      </main>
      <Toasts toasts={toasts} onDismiss={dismiss} />
    </div>
  );
}
