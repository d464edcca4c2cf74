'use client';
// The paged task list for the current view and filters.

import type { Task } from '@/lib/contracts';
import { errorMessage } from './api';
import { TaskItem } from './task-item';
import { type TaskFilters, useTaskList } from './use-tasks';

const EMPTY_TEXT: Record<TaskFilters['view'], string> = {
  all: 'No tasks yet. Add one above.',
  today: 'Nothing due today.',
  upcoming: 'Nothing coming up.',
  overdue: 'Nothing overdue. Nice.',
  completed: 'No completed tasks yet.',
};

const hasSearch = (filters: TaskFilters) => Boolean(filters.q || filters.tag || filters.priority);

export function TaskList({ filters }: { filters: TaskFilters }) {
  const { data, error, isPending, isError, refetch, hasNextPage, fetchNextPage, isFetchingNextPage } =
    useTaskList(filters);

  if (isPending) {
    return (
      <p className="muted" aria-busy="true">
        Loading tasks…
      </p>
    );
  }

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

  // A task can appear on two pages if it moved between requests; show it once.
  const seen = new Set<string>();
  const tasks: Task[] = [];
  for (const page of data.pages) {
    for (const task of page.items) {
      if (!seen.has(task.id)) {
        seen.add(task.id);
        tasks.push(task);
      }
    }
  }

  return (
    <>
      {tasks.length === 0 ? (
        <p className="muted empty">{hasSearch(filters) ? 'No tasks match these filters.' : EMPTY_TEXT[filters.view]}</p>
      ) : null}
      <ul className="task-list" aria-label="Tasks">
        {tasks.map((task) => (
          <TaskItem key={task.id} task={task} />
        ))}
      </ul>
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
