'use client';
// The form that creates a task: title plus optional due, reminder, priority, tags and recurrence.

import { type FormEvent, useRef, useState } from 'react';
import { PRIORITIES, type Priority, type Recurrence } from '@/lib/contracts';
import { errorMessage, fieldError } from './api';
import { localInputToIso } from './datetime';
import { normalizeTag, PRIORITY_LABELS } from './task-filters';
import { type NewTask, useCreateTask } from './use-tasks';

type Frequency = Recurrence['freq'];
const FREQUENCIES: readonly Frequency[] = ['daily', 'weekly', 'monthly', 'yearly'];
const FREQUENCY_LABELS: Record<Frequency, string> = {
  daily: 'Daily',
  weekly: 'Weekly',
  monthly: 'Monthly',
  yearly: 'Yearly',
};

const isPriority = (value: string): value is Priority => (PRIORITIES as readonly string[]).includes(value);
const isFrequency = (value: string): value is Frequency => (FREQUENCIES as readonly string[]).includes(value);

type Field = 'title' | 'dueAt' | 'remindAt' | 'priority' | 'tags' | 'recurrence';
type LocalErrors = { [K in Field]?: string };

const parseTags = (raw: string) => [...new Set(raw.split(',').map(normalizeTag).filter(Boolean))];

export function AddTaskForm() {
  const createTask = useCreateTask();
  const titleRef = useRef<HTMLInputElement>(null);
  const [title, setTitle] = useState('');
  const [due, setDue] = useState('');
  const [remind, setRemind] = useState('');
  const [priority, setPriority] = useState<Priority>('none');
  const [tags, setTags] = useState('');
  const [frequency, setFrequency] = useState<Frequency | ''>('');
  const [localErrors, setLocalErrors] = useState<LocalErrors>({});

  const serverError = createTask.error;
  const errorFor = (field: Field) => localErrors[field] ?? fieldError(serverError, field);

  function validate(): { input: NewTask } | { errors: LocalErrors } {
    const errors: LocalErrors = {};
    const trimmedTitle = title.trim();
    if (!trimmedTitle) errors.title = 'Give the task a title';
    const dueAt = due ? localInputToIso(due) : null;
    if (due && !dueAt) errors.dueAt = 'Enter a valid date and time';
    const remindAt = remind ? localInputToIso(remind) : null;
    if (remind && !remindAt) errors.remindAt = 'Enter a valid date and time';
    if (frequency && !dueAt) errors.recurrence = 'A repeating task needs a due date';
    if (Object.keys(errors).length > 0) return { errors };
    return {
      input: {
        title: trimmedTitle,
        priority,
        tags: parseTags(tags),
        dueAt,
        remindAt,
        recurrence: frequency ? { freq: frequency, interval: 1 } : null,
      },
    };
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (createTask.isPending) return;
    const result = validate();
    if ('errors' in result) {
      setLocalErrors(result.errors);
      return;
    }
    setLocalErrors({});
    createTask.mutate(result.input, {
      onSuccess: () => {
        setTitle('');
        setDue('');
        setRemind('');
        setPriority('none');
        setTags('');
        setFrequency('');
        titleRef.current?.focus();
      },
    });
  }

  const describedBy = (field: Field) => (errorFor(field) ? `new-task-${field}-error` : undefined);

  return (
    <form className="add-task card" aria-label="Add task" onSubmit={handleSubmit}>
      <div className="add-task-main">
        <div className="field grow">
          <label htmlFor="new-task-title">New task</label>
          <input
            ref={titleRef}
            id="new-task-title"
            name="title"
            type="text"
            required
            maxLength={200}
            autoComplete="off"
            placeholder="What needs doing?"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            aria-invalid={errorFor('title') ? true : undefined}
            aria-describedby={describedBy('title')}
          />
          <FieldError field="title" message={errorFor('title')} />
        </div>
        <button type="submit" className="button primary" disabled={createTask.isPending}>
          Add
        </button>
      </div>
      <div className="add-task-options">
        <div className="field">
          <label htmlFor="new-task-due">Due</label>
          <input
            id="new-task-due"
            name="dueAt"
            type="datetime-local"
            value={due}
            onChange={(e) => setDue(e.target.value)}
            aria-invalid={errorFor('dueAt') ? true : undefined}
            aria-describedby={describedBy('dueAt')}
          />
          <FieldError field="dueAt" message={errorFor('dueAt')} />
        </div>
        <div className="field">
          <label htmlFor="new-task-remind">Remind at</label>
          <input
            id="new-task-remind"
            name="remindAt"
            type="datetime-local"
            value={remind}
            onChange={(e) => setRemind(e.target.value)}
            aria-invalid={errorFor('remindAt') ? true : undefined}
            aria-describedby={describedBy('remindAt')}
          />
          <FieldError field="remindAt" message={errorFor('remindAt')} />
        </div>
        <div className="field">
          <label htmlFor="new-task-priority">Priority</label>
          <select
            id="new-task-priority"
            name="priority"
            value={priority}
            onChange={(e) => {
              const value = e.target.value;
              if (isPriority(value)) setPriority(value);
            }}
          >
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {PRIORITY_LABELS[p]}
              </option>
            ))}
          </select>
          <FieldError field="priority" message={errorFor('priority')} />
        </div>
        <div className="field">
          <label htmlFor="new-task-tags">Tags</label>
          <input
            id="new-task-tags"
            name="tags"
            type="text"
            autoCapitalize="off"
            spellCheck={false}
            placeholder="work, home"
            value={tags}
            onChange={(e) => setTags(e.target.value)}
            aria-invalid={errorFor('tags') ? true : undefined}
            aria-describedby={describedBy('tags') ?? 'new-task-tags-hint'}
          />
          {errorFor('tags') ? null : (
            <p id="new-task-tags-hint" className="hint">
              Separate with commas
            </p>
          )}
          <FieldError field="tags" message={errorFor('tags')} />
        </div>
        <div className="field">
          <label htmlFor="new-task-recurrence">Recurrence</label>
          <select
            id="new-task-recurrence"
            name="recurrence"
            value={frequency}
            onChange={(e) => {
              const value = e.target.value;
              setFrequency(isFrequency(value) ? value : '');
            }}
            aria-invalid={errorFor('recurrence') ? true : undefined}
            aria-describedby={describedBy('recurrence')}
          >
            <option value="">None</option>
            {FREQUENCIES.map((f) => (
              <option key={f} value={f}>
                {FREQUENCY_LABELS[f]}
              </option>
            ))}
          </select>
          <FieldError field="recurrence" message={errorFor('recurrence')} />
        </div>
      </div>
      {serverError ? (
        <p className="form-error" role="alert">
          {errorMessage(serverError)}
        </p>
      ) : null}
    </form>
  );
}

function FieldError({ field, message }: { field: Field; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={`new-task-${field}-error`} className="field-error">
      {message}
    </p>
  );
}
