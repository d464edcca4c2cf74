'use client';
// One task row: complete checkbox, title, and at a glance its due date (relative, red when
// overdue), reminder, recurrence, priority and tags. The title opens the edit dialog.

import type { Task } from '@/lib/contracts/task';
import { formatFull, formatWhen, isPast } from './datetime';
import { Icon } from './icons';
import { PRIORITY_LABELS, recurrenceText } from './task-labels';

export function TaskItem({
  task,
  now,
  isSelected,
  onToggle,
  onEdit,
  onDelete,
  onTag,
  onSelect,
}: {
  task: Task;
  now: Date;
  isSelected: boolean;
  onToggle: (task: Task, completed: boolean) => void;
  onEdit: (task: Task) => void;
  onDelete: (task: Task) => void;
  onTag: (tag: string) => void;
  onSelect: (task: Task) => void;
}) {
  const isOverdue = !task.completed && task.dueAt !== null && isPast(task.dueAt, now);
  const isReminderPending = task.remindAt !== null && !task.completed && !isPast(task.remindAt, now);
  const className = [
    'task',
    task.completed ? 'is-completed' : '',
    isSelected ? 'is-selected' : '',
    `priority-row-${task.priority}`,
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <li
      className={className}
      data-task-id={task.id}
      tabIndex={-1}
      aria-current={isSelected ? 'true' : undefined}
      onFocus={(event) => {
        if (event.currentTarget.contains(event.target)) onSelect(task);
      }}
    >
      <input
        type="checkbox"
        className="task-check"
        checked={task.completed}
        onChange={(e) => onToggle(task, e.target.checked)}
        aria-label={`Complete ${task.title}`}
      />
      <div className="task-body">
        <button type="button" className="task-title" onClick={() => onEdit(task)} tabIndex={-1}>
          {task.title}
        </button>
        <div className="task-meta">
          {task.dueAt ? (
            <span className={`meta due${isOverdue ? ' overdue' : ''}`}>
              <Icon name="calendar" size={13} />
              <span className="visually-hidden">{isOverdue ? 'Overdue, was due' : 'Due'}</span>
              <time dateTime={task.dueAt} title={formatFull(task.dueAt)}>
                {formatWhen(task.dueAt, now)}
              </time>
            </span>
          ) : null}
          {task.remindAt && !task.completed ? (
            <span className={`meta reminder${isReminderPending ? '' : ' is-past'}`}>
              <Icon name="bell" size={13} />
              <span className="visually-hidden">Reminder</span>
              <time dateTime={task.remindAt} title={formatFull(task.remindAt)}>
                {formatWhen(task.remindAt, now)}
              </time>
            </span>
          ) : null}
          {task.recurrence ? (
            <span className="meta">
              <Icon name="repeat" size={13} />
              {recurrenceText(task.recurrence)}
            </span>
          ) : null}
          {task.priority !== 'none' ? (
            <span className={`meta priority priority-${task.priority}`}>
              <Icon name="flag" size={13} />
              {PRIORITY_LABELS[task.priority]}
              <span className="visually-hidden"> priority</span>
            </span>
          ) : null}
          {task.tags.map((tag) => (
            <button
              key={tag}
              type="button"
              className="tag"
              onClick={() => onTag(tag)}
              aria-label={`Show tasks tagged ${tag}`}
            >
              #{tag}
            </button>
          ))}
          {task.notes ? <span className="meta notes-hint">{task.notes.split('\n', 1)[0]}</span> : null}
        </div>
      </div>
      <div className="task-actions">
        <button type="button" className="icon-button" onClick={() => onEdit(task)} aria-label={`Edit ${task.title}`}>
          <Icon name="edit" />
        </button>
        <button
          type="button"
          className="icon-button danger"
          onClick={() => onDelete(task)}
          aria-label={`Delete ${task.title}`}
        >
          <Icon name="trash" />
        </button>
      </div>
    </li>
  );
}
