'use client';
// The paged task list for the current view and filters; Upcoming is grouped by day.

import { type RefObject, useEffect } from 'react';
import type { Task } from '@/lib/contracts/task';
import { errorMessage } from './api';
import { formatDay, localDayKey } from './datetime';
import { TaskItem } from './task-item';
import { type TaskFilters, useTaskList } from './use-tasks';

const EMPTY: Record<TaskFilters['view'], { title: string; hint: string }> = {
  all: { title: 'No tasks yet', hint: 'Add one above — try “Call mom tomorrow 6pm #family !high”.' },
  today: { title: 'Nothing due today', hint: 'Enjoy the free time, or plan something with a date.' },
  upcoming: { title: 'Nothing coming up', hint: 'Tasks with a due date after today show here, by day.' },
  overdue: { title: 'Nothing overdue', hint: 'You are on top of things.' },
  completed: { title: 'No completed tasks yet', hint: 'Tick a task off and it lands here.' },
};

const hasSearch = (filters: TaskFilters) => Boolean(filters.q || filters.tag || filters.priority);

export interface TaskListProps {
  filters: TaskFilters;
  now: Date;
  selectedId: string | null;
  /** The tasks on screen, in order, for keyboard navigation. */
  visibleTasks: RefObject<Task[]>;
  onToggle: (task: Task, completed: boolean) => void;
  onEdit: (task: Task) => void;
  onDelete: (task: Task) => void;
  onTag: (tag: string) => void;
  onSelect: (task: Task) => void;
}

interface Group {
  key: string;
  label: string | null;
  tasks: Task[];
}

function groupByDay(tasks: Task[], now: Date): Group[] {
  const groups = new Map<string, Group>();
  for (const task of tasks) {
    const date = task.dueAt ? new Date(task.dueAt) : null;
    const key = date ? localDayKey(date) : 'none';
    const group = groups.get(key) ?? { key, label: date ? formatDay(date, now) : 'No date', tasks: [] };
    group.tasks.push(task);
    groups.set(key, group);
  }
  return [...groups.values()];
}

export function TaskList(props: TaskListProps) {
  const { filters, now, selectedId, visibleTasks, ...handlers } = props;
  const { data, error, isPending, isError, refetch, hasNextPage, fetchNextPage, isFetchingNextPage } =
    useTaskList(filters);

  // A task can appear on two pages if it moved between requests; show it once.
  const tasks: Task[] = [];
  const seen = new Set<string>();
  for (const page of data?.pages ?? []) {
    for (const task of page.items) {
      if (!seen.has(task.id)) {
        seen.add(task.id);
        tasks.push(task);
      }
    }
  }

  useEffect(() => {
    visibleTasks.current = tasks;
  });

  if (isPending) return <TaskSkeleton />;

  if (isError) {
    return (
      <div className="load-error" role="alert">
        <p>Could not load tasks: {errorMessage(error)}</p>
        <button type="button" className="button small" onClick={() => void refetch()}>
          Try again
        </button>
      </div>
    );
  }

  const isGrouped = filters.view === 'upcoming' && filters.sort === 'due' && filters.order !== 'desc';
  const groups: Group[] = isGrouped ? groupByDay(tasks, now) : [{ key: 'all', label: null, tasks }];
  const empty = EMPTY[filters.view];

  return (
    <>
      {tasks.length === 0 ? (
        <div className="empty">
          {hasSearch(filters) ? (
            <>
              <p className="empty-title">No tasks match</p>
              <p className="muted">Try another search, tag or priority.</p>
            </>
          ) : (
            <>
              <p className="empty-title">{empty.title}</p>
              <p className="muted">{empty.hint}</p>
            </>
          )}
        </div>
      ) : null}
      {groups.map((group) => (
        <div key={group.key} className="task-group">
          {group.label ? (
            <h3 className="group-heading" id={`group-${group.key}`}>
              {group.label}
            </h3>
          ) : null}
          <ul
            className="task-list"
            aria-label={group.label ? undefined : 'Tasks'}
            aria-labelledby={group.label ? `group-${group.key}` : undefined}
          >
            {group.tasks.map((task) => (
              <TaskItem key={task.id} task={task} now={now} isSelected={task.id === selectedId} {...handlers} />
            ))}
          </ul>
        </div>
      ))}
      {hasNextPage ? (
        <div className="load-more">
          <button
            type="button"
            className="button"
            onClick={() => void fetchNextPage()}
            disabled={isFetchingNextPage}
            aria-busy={isFetchingNextPage}
          >
            {isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </div>
      ) : null}
    </>
  );
}

export function TaskSkeleton() {
  return (
    <div className="skeleton-list" role="status" aria-busy="true">
      <span className="visually-hidden">Loading tasks…</span>
      {[72, 54, 86, 63].map((width) => (
        <div key={width} className="skeleton-row">
          <span className="skeleton-box" />
          <span className="skeleton-line" style={{ width: `${width}%` }} />
        </div>
      ))}
    </div>
  );
}
