'use client';
// One task row: complete checkbox, title (editable in place), due date, tags, priority, delete.

import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type KeyboardEvent, useState } from 'react';
import type { Task } from '@/lib/contracts';
import { errorMessage, isApiError } from './api';
import { formatFull, formatWhen, isPast } from './datetime';
import { PRIORITY_LABELS } from './task-filters';
import { TASKS_KEY, useDeleteTask, useRenameTask, useToggleTask } from './use-tasks';

const STALE_MESSAGE = 'This task changed elsewhere; reloaded';
const GONE_MESSAGE = 'This task no longer exists';

const RECURRENCE_LABELS: Record<NonNullable<Task['recurrence']>['freq'], string> = {
  daily: 'day',
  weekly: 'week',
  monthly: 'month',
  yearly: 'year',
};

function recurrenceText(recurrence: NonNullable<Task['recurrence']>): string {
  const unit = RECURRENCE_LABELS[recurrence.freq];
  return recurrence.interval > 1 ? `Every ${recurrence.interval} ${unit}s` : `Every ${unit}`;
}

export function TaskItem({ task }: { task: Task }) {
  const queryClient = useQueryClient();
  const toggleTask = useToggleTask();
  const deleteTask = useDeleteTask();
  const renameTask = useRenameTask();
  const [isEditing, setIsEditing] = useState(false);
  const [draft, setDraft] = useState(task.title);
  const [message, setMessage] = useState<string | null>(null);

  const editInputId = `task-${task.id}-title`;
  const isOverdue = !task.completed && task.dueAt !== null && isPast(task.dueAt);

  /** Turns a failed action into a message on the row; a missing or moved task is refetched. */
  function report(error: unknown, staleMessage = GONE_MESSAGE) {
    if (isApiError(error) && (error.status === 404 || error.status === 412)) {
      setMessage(error.status === 412 ? staleMessage : GONE_MESSAGE);
      void queryClient.invalidateQueries({ queryKey: TASKS_KEY });
      return;
    }
    setMessage(errorMessage(error));
  }

  function handleToggle(completed: boolean) {
    if (toggleTask.isPending) return;
    setMessage(null);
    toggleTask.mutate({ task, completed }, { onError: (error) => report(error) });
  }

  function handleDelete() {
    setMessage(null);
    deleteTask.mutate(task, { onError: (error) => report(error) });
  }

  function startEditing() {
    setDraft(task.title);
    setMessage(null);
    setIsEditing(true);
  }

  function handleSave(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const title = draft.trim();
    if (!title) {
      setMessage('Give the task a title');
      return;
    }
    if (title === task.title) {
      setIsEditing(false);
      return;
    }
    setMessage(null);
    renameTask.mutate(
      { task, title },
      {
        onSuccess: () => setIsEditing(false),
        onError: (error) => report(error, STALE_MESSAGE),
      },
    );
  }

  function handleEditKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Escape') {
      event.preventDefault();
      setIsEditing(false);
      setMessage(null);
    }
  }

  return (
    <li className={`task${task.completed ? ' is-completed' : ''}${deleteTask.isPending ? ' is-busy' : ''}`}>
      <input
        type="checkbox"
        className="task-check"
        checked={task.completed}
        onChange={(e) => handleToggle(e.target.checked)}
        aria-label={`Complete ${task.title}`}
      />
      <div className="task-body">
        {isEditing ? (
          <form className="task-edit" aria-label={`Rename ${task.title}`} onSubmit={handleSave}>
            <label htmlFor={editInputId} className="visually-hidden">
              Title
            </label>
            <input
              id={editInputId}
              type="text"
              required
              maxLength={200}
              // biome-ignore lint/a11y/noAutofocus: focus follows the Edit button the user pressed
              autoFocus
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={handleEditKeyDown}
            />
            <button type="submit" className="button primary small" disabled={renameTask.isPending}>
              Save
            </button>
            <button
              type="button"
              className="button small"
              onClick={() => {
                setIsEditing(false);
                setMessage(null);
              }}
            >
              Cancel
            </button>
          </form>
        ) : (
          <span className="task-title">{task.title}</span>
        )}
        <div className="task-meta">
          {task.dueAt ? (
            <span className={`meta due${isOverdue ? ' overdue' : ''}`}>
              {isOverdue ? 'Overdue' : 'Due'}{' '}
              <time dateTime={task.dueAt} title={formatFull(task.dueAt)}>
                {formatWhen(task.dueAt)}
              </time>
            </span>
          ) : null}
          {task.remindAt && !task.completed ? (
            <span className="meta">
              Reminder{' '}
              <time dateTime={task.remindAt} title={formatFull(task.remindAt)}>
                {formatWhen(task.remindAt)}
              </time>
            </span>
          ) : null}
          {task.recurrence ? <span className="meta">{recurrenceText(task.recurrence)}</span> : null}
          {task.priority !== 'none' ? (
            <span className={`badge priority-${task.priority}`}>{PRIORITY_LABELS[task.priority]} priority</span>
          ) : null}
          {task.tags.map((tag) => (
            <span key={tag} className="tag">
              #{tag}
            </span>
          ))}
        </div>
        {message ? (
          <p className="task-message" role="alert">
            {message}
          </p>
        ) : null}
      </div>
      <div className="task-actions">
        {isEditing ? null : (
          <button type="button" className="button small" onClick={startEditing} aria-label={`Edit ${task.title}`}>
            Edit
          </button>
        )}
        <button
          type="button"
          className="button small danger"
          onClick={handleDelete}
          disabled={deleteTask.isPending}
          aria-label={`Delete ${task.title}`}
        >
          Delete
        </button>
      </div>
    </li>
  );
}
