'use client';
// The signed-in app: header, views with counts, tags, chart, quick add, the task list, the edit
// dialog, the assistant, toasts, live updates and keyboard shortcuts.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Task } from '@/lib/contracts/task';
import { AccountMenu, ThemeToggle } from './account-menu';
import { errorMessage } from './api';
import { ChatPanel } from './chat-panel';
import { CompletionChart } from './completion-chart';
import { Icon } from './icons';
import { useLiveEvents } from './live-events';
import { NotificationBell } from './notification-bell';
import { QuickAdd, type QuickAddHandle } from './quick-add';
import { ServiceBanner } from './service-banner';
import { ShortcutHelp, type ShortcutKey, useShortcuts } from './shortcuts';
import { useTaskActions } from './task-actions';
import { TaskEditor } from './task-editor';
import { TaskFiltersBar } from './task-filters';
import { VIEW_LABELS } from './task-labels';
import { TaskList } from './task-list';
import { countsOf, tagsOf } from './task-summary';
import type { Theme } from './theme';
import { ToastProvider, useToasts } from './toasts';
import { fetchTask, type TaskFilters, useTaskSummary, type View } from './use-tasks';
import { TASK_PANEL_ID, tabId, ViewTabs } from './view-tabs';

export interface TodoUser {
  email: string;
  name: string | null;
}

const INITIAL_FILTERS: TaskFilters = { view: 'all', q: '', tag: '', priority: '', sort: 'created', order: '' };
/** Views whose natural order is by due date. */
const DUE_SORTED_VIEWS: readonly View[] = ['today', 'upcoming', 'overdue'];

/** "Now", refreshed every 30 s so relative dates and overdue marks stay true while the tab is open. */
function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function TodoApp({ user, initialTheme }: { user: TodoUser; initialTheme: Theme }) {
  return (
    <ToastProvider>
      <TodoShell user={user} initialTheme={initialTheme} />
    </ToastProvider>
  );
}

function TodoShell({ user, initialTheme }: { user: TodoUser; initialTheme: Theme }) {
  const [filters, setFilters] = useState<TaskFilters>(INITIAL_FILTERS);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [editing, setEditing] = useState<Task | null>(null);
  const [isChatOpen, setIsChatOpen] = useState(false);
  const [isHelpOpen, setIsHelpOpen] = useState(false);
  const now = useNow();
  const summary = useTaskSummary();
  const actions = useTaskActions();
  const { show } = useToasts();
  const quickAddRef = useRef<QuickAddHandle>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const chatButtonRef = useRef<HTMLButtonElement>(null);
  const visibleTasks = useRef<Task[]>([]);
  useLiveEvents();

  const counts = useMemo(() => countsOf(summary.data, now), [summary.data, now]);
  const tags = useMemo(() => tagsOf(summary.data), [summary.data]);

  const changeFilters = useCallback((change: Partial<TaskFilters>) => {
    setFilters((current) => ({ ...current, ...change }));
  }, []);
  const changeView = useCallback((view: View) => {
    setFilters((current) => ({
      ...current,
      view,
      // Dated views read best by date, the others newest first; the person can change either.
      sort: DUE_SORTED_VIEWS.includes(view) ? 'due' : 'created',
      order: '',
    }));
  }, []);

  const closeChat = useCallback(() => {
    setIsChatOpen(false);
    chatButtonRef.current?.focus();
  }, []);

  const openTaskById = useCallback(
    (taskId: string) => {
      const known = summary.data?.tasks.find((task) => task.id === taskId);
      if (known) {
        setEditing(known);
        return;
      }
      fetchTask(taskId).then(setEditing, (error: unknown) =>
        show({ kind: 'error', title: 'Could not open the task', body: errorMessage(error) }),
      );
    },
    [summary.data, show],
  );

  function moveSelection(delta: number) {
    const tasks = visibleTasks.current;
    if (tasks.length === 0) return;
    const index = tasks.findIndex((task) => task.id === selectedId);
    const nextIndex = index === -1 ? (delta > 0 ? 0 : tasks.length - 1) : index + delta;
    const next = tasks[Math.min(tasks.length - 1, Math.max(0, nextIndex))];
    if (!next) return;
    setSelectedId(next.id);
    const row = document.querySelector<HTMLElement>(`[data-task-id="${CSS.escape(next.id)}"]`);
    row?.focus();
    row?.scrollIntoView({ block: 'nearest' });
  }

  const selectedTask = () => visibleTasks.current.find((task) => task.id === selectedId);

  useShortcuts((key: ShortcutKey) => {
    switch (key) {
      case 'q':
        quickAddRef.current?.focus();
        break;
      case '/':
        searchRef.current?.focus();
        break;
      case 'c':
        if (isChatOpen) closeChat();
        else setIsChatOpen(true);
        break;
      case 'j':
        moveSelection(1);
        break;
      case 'k':
        moveSelection(-1);
        break;
      case 'x': {
        const task = selectedTask();
        if (task) actions.toggle(task, !task.completed);
        break;
      }
      case 'e': {
        const task = selectedTask();
        if (task) setEditing(task);
        break;
      }
      case '?':
        setIsHelpOpen(true);
        break;
    }
  });

  return (
    <div className={`app${isChatOpen ? ' is-chat-open' : ''}`}>
      <a className="skip-link" href={`#${TASK_PANEL_ID}`}>
        Skip to tasks
      </a>
      <header className="app-header">
        <h1 className="brand">
          <Logo />
          <span>Todo</span>
        </h1>
        <div className="header-actions">
          <button
            ref={chatButtonRef}
            type="button"
            className={`button small chat-toggle${isChatOpen ? ' is-active' : ''}`}
            aria-expanded={isChatOpen}
            onClick={() => (isChatOpen ? closeChat() : setIsChatOpen(true))}
          >
            <Icon name="chat" />
            <span className="chat-toggle-label">Assistant</span>
          </button>
          <NotificationBell onOpenTask={openTaskById} />
          <ThemeToggle initialTheme={initialTheme} />
          <AccountMenu email={user.email} onShowShortcuts={() => setIsHelpOpen(true)} />
        </div>
        <ServiceBanner />
      </header>
      <div className="layout">
        <aside className="sidebar" aria-label="Overview">
          <nav aria-label="Views">
            <ViewTabs value={filters.view} counts={counts} onChange={changeView} />
          </nav>
          {tags.length > 0 ? (
            <section className="tag-filters" aria-labelledby="tags-heading">
              <h2 id="tags-heading" className="sidebar-heading">
                Tags
              </h2>
              <ul>
                {tags.map((tag) => (
                  <li key={tag}>
                    <button
                      type="button"
                      className={`chip chip-tag${filters.tag === tag ? ' is-active' : ''}`}
                      aria-pressed={filters.tag === tag}
                      onClick={() => changeFilters({ tag: filters.tag === tag ? '' : tag })}
                    >
                      #{tag}
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {summary.data ? <CompletionChart tasks={summary.data.tasks} now={now} className="chart-wide" /> : null}
        </aside>
        <main className="main">
          <QuickAdd ref={quickAddRef} />
          <section id={TASK_PANEL_ID} role="tabpanel" aria-labelledby={tabId(filters.view)} className="task-panel">
            <div className="panel-header">
              <h2>{VIEW_LABELS[filters.view]}</h2>
            </div>
            <TaskFiltersBar ref={searchRef} filters={filters} onChange={changeFilters} />
            <TaskList
              filters={filters}
              now={now}
              selectedId={selectedId}
              visibleTasks={visibleTasks}
              onToggle={actions.toggle}
              onEdit={setEditing}
              onDelete={actions.remove}
              onTag={(tag) => changeFilters({ tag })}
              onSelect={(task) => setSelectedId(task.id)}
            />
          </section>
          {/* On a phone the chart comes after the list rather than before it. */}
          {summary.data ? <CompletionChart tasks={summary.data.tasks} now={now} className="chart-narrow" /> : null}
        </main>
        <ChatPanel isOpen={isChatOpen} onClose={closeChat} onOpenTask={openTaskById} />
      </div>
      <TaskEditor
        task={editing}
        onClose={() => setEditing(null)}
        onDelete={(task) => {
          setEditing(null);
          actions.remove(task);
        }}
      />
      <ShortcutHelp isOpen={isHelpOpen} onClose={() => setIsHelpOpen(false)} />
    </div>
  );
}

function Logo() {
  return (
    <svg width="26" height="26" viewBox="0 0 32 32" aria-hidden="true" focusable="false" className="logo">
      <rect width="32" height="32" rx="8" fill="var(--accent)" />
      <path
        d="M9 16.5l4.5 4.5L23 11.5"
        fill="none"
        stroke="var(--accent-text)"
        strokeWidth="3.2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
