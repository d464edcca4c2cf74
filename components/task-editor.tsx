'use client';
// The edit dialog: every field of a task, saved as one PATCH guarded by the version it was opened at.

import { type FormEvent, useState } from 'react';
import { NOTES_MAX, RECURRENCE_INTERVAL_MAX, TAGS_MAX, TITLE_MAX } from '@/lib/contracts/rules';
import type { Task } from '@/lib/contracts/task';
import { errorMessage, fieldError, isApiError } from './api';
import { isoToLocalInput, localInputToIso } from './datetime';
import { Dialog } from './dialog';
import {
  FREQUENCIES,
  FREQUENCY_LABELS,
  type Frequency,
  isFrequency,
  isPriority,
  isValidTag,
  PRIORITIES,
  PRIORITY_LABELS,
  parseTagList,
} from './task-labels';
import { fetchTask, type TaskPatch, useUpdateTask } from './use-tasks';

type Field = 'title' | 'notes' | 'dueAt' | 'remindAt' | 'priority' | 'tags' | 'recurrence';
type Errors = { [K in Field]?: string };

interface Draft {
  title: string;
  notes: string;
  due: string;
  remind: string;
  priority: Task['priority'];
  tags: string;
  freq: Frequency | '';
  interval: string;
  until: string;
}

const draftOf = (task: Task): Draft => ({
  title: task.title,
  notes: task.notes ?? '',
  due: isoToLocalInput(task.dueAt),
  remind: isoToLocalInput(task.remindAt),
  priority: task.priority,
  tags: task.tags.join(', '),
  freq: task.recurrence?.freq ?? '',
  interval: String(task.recurrence?.interval ?? 1),
  until: isoToLocalInput(task.recurrence?.until ?? null),
});

const sameInstant = (a: string | null, b: string | null) =>
  a === b || (a !== null && b !== null && Date.parse(a) === Date.parse(b));

/** The fields that differ from the task, or the problems that stop saving. */
function toPatch(task: Task, draft: Draft): { patch: TaskPatch } | { errors: Errors } {
  const errors: Errors = {};
  const title = draft.title.trim();
  if (!title) errors.title = 'Give the task a title';
  const dueAt = draft.due ? localInputToIso(draft.due) : null;
  if (draft.due && !dueAt) errors.dueAt = 'Enter a valid date and time';
  const remindAt = draft.remind ? localInputToIso(draft.remind) : null;
  if (draft.remind && !remindAt) errors.remindAt = 'Enter a valid date and time';
  const tags = parseTagList(draft.tags);
  const badTag = tags.find((tag) => !isValidTag(tag));
  if (badTag) errors.tags = `"${badTag}": tags use 1-32 of a-z, 0-9, "-" and "_"`;
  else if (tags.length > TAGS_MAX) errors.tags = `At most ${TAGS_MAX} tags`;
  const interval = Number(draft.interval);
  const until = draft.until ? localInputToIso(draft.until) : null;
  if (draft.freq) {
    if (!dueAt) errors.recurrence = 'A repeating task needs a due date';
    else if (!Number.isInteger(interval) || interval < 1 || interval > RECURRENCE_INTERVAL_MAX) {
      errors.recurrence = `Repeat every 1 to ${RECURRENCE_INTERVAL_MAX}`;
    } else if (draft.until && !until) errors.recurrence = 'Enter a valid end date';
  }
  if (Object.keys(errors).length > 0) return { errors };

  const patch: TaskPatch = {};
  if (title !== task.title) patch.title = title;
  const notes = draft.notes.trim() ? draft.notes : null;
  if (notes !== task.notes) patch.notes = notes;
  if (!sameInstant(dueAt, task.dueAt)) patch.dueAt = dueAt;
  if (!sameInstant(remindAt, task.remindAt)) patch.remindAt = remindAt;
  if (draft.priority !== task.priority) patch.priority = draft.priority;
  if (tags.join(',') !== task.tags.join(',')) patch.tags = tags;
  const recurrence = draft.freq ? { freq: draft.freq, interval, until } : null;
  const current = task.recurrence;
  const isRecurrenceSame =
    (recurrence === null && current === null) ||
    (recurrence !== null &&
      current !== null &&
      recurrence.freq === current.freq &&
      recurrence.interval === current.interval &&
      sameInstant(recurrence.until, current.until ?? null));
  if (!isRecurrenceSame) patch.recurrence = recurrence;
  return { patch };
}

export function TaskEditor({
  task,
  onClose,
  onDelete,
}: {
  task: Task | null;
  onClose: () => void;
  onDelete: (task: Task) => void;
}) {
  return (
    <Dialog isOpen={task !== null} onClose={onClose} title="Edit task" className="editor-dialog">
      {task ? <EditorForm key={`${task.id}`} task={task} onClose={onClose} onDelete={onDelete} /> : null}
    </Dialog>
  );
}

function EditorForm({ task, onClose, onDelete }: { task: Task; onClose: () => void; onDelete: (task: Task) => void }) {
  const updateTask = useUpdateTask();
  const [draft, setDraft] = useState<Draft>(() => draftOf(task));
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [base, setBase] = useState(task);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const errorFor = (field: Field) => errors[field] ?? fieldError(updateTask.error, field);
  const invalid = (field: Field) =>
    errorFor(field) ? { 'aria-invalid': true, 'aria-describedby': `edit-${field}-error` } : {};

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = toPatch(base, draft);
    if ('errors' in result) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    if (Object.keys(result.patch).length === 0) {
      onClose();
      return;
    }
    setMessage(null);
    updateTask.mutate(
      { task: base, patch: result.patch },
      {
        onSuccess: onClose,
        onError: (error) => {
          if (isApiError(error) && error.status === 412) {
            setMessage('This task was changed elsewhere. Check the fields and save again to overwrite.');
            // Keep the person's edits; save again against the version the server has now.
            fetchTask(task.id).then(setBase, (e: unknown) => setMessage(errorMessage(e)));
          } else if (isApiError(error) && error.status === 404) {
            setMessage('This task no longer exists.');
          } else if (!isApiError(error) || error.status >= 500 || !Object.keys(error.errors).length) {
            setMessage(errorMessage(error));
          }
        },
      },
    );
  }

  return (
    <form className="editor" aria-label={`Edit ${task.title}`} onSubmit={handleSubmit} noValidate>
      <div className="field">
        <label htmlFor="edit-title">Title</label>
        <input
          id="edit-title"
          type="text"
          required
          data-autofocus
          maxLength={TITLE_MAX}
          value={draft.title}
          onChange={(e) => set('title', e.target.value)}
          {...invalid('title')}
        />
        <FieldError field="title" message={errorFor('title')} />
      </div>
      <div className="field">
        <label htmlFor="edit-notes">
          Notes <span className="optional">(optional)</span>
        </label>
        <textarea
          id="edit-notes"
          rows={3}
          maxLength={NOTES_MAX}
          value={draft.notes}
          onChange={(e) => set('notes', e.target.value)}
          {...invalid('notes')}
        />
        <FieldError field="notes" message={errorFor('notes')} />
      </div>
      <div className="editor-grid">
        <div className="field">
          <label htmlFor="edit-due">Due</label>
          <input
            id="edit-due"
            type="datetime-local"
            value={draft.due}
            onChange={(e) => set('due', e.target.value)}
            {...invalid('dueAt')}
          />
          <FieldError field="dueAt" message={errorFor('dueAt')} />
        </div>
        <div className="field">
          <label htmlFor="edit-remind">Reminder</label>
          <input
            id="edit-remind"
            type="datetime-local"
            value={draft.remind}
            onChange={(e) => set('remind', e.target.value)}
            {...invalid('remindAt')}
          />
          <FieldError field="remindAt" message={errorFor('remindAt')} />
        </div>
        <div className="field">
          <label htmlFor="edit-priority">Priority</label>
          <select
            id="edit-priority"
            value={draft.priority}
            onChange={(e) => {
              if (isPriority(e.target.value)) set('priority', e.target.value);
            }}
          >
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {PRIORITY_LABELS[p]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="edit-tags">Tags</label>
          <input
            id="edit-tags"
            type="text"
            autoCapitalize="off"
            spellCheck={false}
            placeholder="home, work"
            value={draft.tags}
            onChange={(e) => set('tags', e.target.value)}
            {...invalid('tags')}
          />
          <FieldError field="tags" message={errorFor('tags')} />
        </div>
      </div>
      <fieldset className="editor-repeat">
        <legend>Repeat</legend>
        <div className="editor-grid">
          <div className="field">
            <label htmlFor="edit-freq">Frequency</label>
            <select
              id="edit-freq"
              value={draft.freq}
              onChange={(e) => set('freq', isFrequency(e.target.value) ? e.target.value : '')}
              {...invalid('recurrence')}
            >
              <option value="">Does not repeat</option>
              {FREQUENCIES.map((f) => (
                <option key={f} value={f}>
                  {FREQUENCY_LABELS[f]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="edit-interval">Every</label>
            <input
              id="edit-interval"
              type="number"
              min={1}
              max={RECURRENCE_INTERVAL_MAX}
              inputMode="numeric"
              disabled={!draft.freq}
              value={draft.interval}
              onChange={(e) => set('interval', e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="edit-until">
              Until <span className="optional">(optional)</span>
            </label>
            <input
              id="edit-until"
              type="datetime-local"
              disabled={!draft.freq}
              value={draft.until}
              onChange={(e) => set('until', e.target.value)}
            />
          </div>
        </div>
        <FieldError field="recurrence" message={errorFor('recurrence')} />
      </fieldset>
      {message ? (
        <p className="form-error" role="alert">
          {message}
        </p>
      ) : null}
      <div className="editor-actions">
        <button type="button" className="button danger" onClick={() => onDelete(task)}>
          Delete
        </button>
        <span className="spacer" />
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={updateTask.isPending}>
          {updateTask.isPending ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}

function FieldError({ field, message }: { field: Field; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={`edit-${field}-error`} className="field-error">
      {message}
    </p>
  );
}
