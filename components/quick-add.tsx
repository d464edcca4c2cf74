'use client';
// Quick add: one line of natural language ("Water plants tomorrow 8am #home !high") with a preview
// of what was understood. The stored title is the text without the parsed parts. The parser
// (lib/nl, with chrono-node) loads on first focus, so it is not part of the page's first load.

import { type FormEvent, forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import type { ParsedPart, QuickAdd as ParsedQuickAdd } from '@/lib/nl/types';
import { errorMessage } from './api';
import { browserTimeZone } from './datetime';
import { Icon, type IconName } from './icons';
import { type NewTask, useCreateTask } from './use-tasks';

type Parser = typeof import('@/lib/nl/quick-add').parseQuickAdd;

let parserPromise: Promise<Parser> | null = null;
function loadParser(): Promise<Parser> {
  parserPromise ??= import('@/lib/nl/quick-add').then((module) => module.parseQuickAdd);
  return parserPromise;
}

const PART_ICONS: Record<ParsedPart['kind'], IconName> = {
  due: 'calendar',
  remind: 'bell',
  tag: 'plus',
  priority: 'flag',
  recurrence: 'repeat',
};

const PART_NAMES: Record<ParsedPart['kind'], string> = {
  due: 'Due',
  remind: 'Reminder',
  tag: 'Tag',
  priority: 'Priority',
  recurrence: 'Repeats',
};

export interface QuickAddHandle {
  focus: () => void;
}

export const QuickAdd = forwardRef<QuickAddHandle>(function QuickAdd(_props, ref) {
  const createTask = useCreateTask();
  const inputRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [parser, setParser] = useState<Parser | null>(null);
  const [error, setError] = useState<string | null>(null);

  useImperativeHandle(ref, () => ({ focus: () => inputRef.current?.focus() }), []);

  function ensureParser() {
    if (!parser) void loadParser().then((parse) => setParser(() => parse));
  }

  useEffect(() => {
    // Typing before focus (autofill, tests) also needs the parser.
    if (text && !parser) void loadParser().then((parse) => setParser(() => parse));
  }, [text, parser]);

  const parsed: ParsedQuickAdd | null =
    parser && text.trim() ? parser(text, { now: new Date(), timeZone: browserTimeZone() }) : null;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitted = text;
    if (!submitted.trim()) {
      // A second Enter right after an add finds the box already emptied: nothing to say then.
      if (!createTask.isPending) setError('Give the task a title');
      return;
    }
    const parse = parser ?? (await loadParser());
    const { task } = parse(submitted, { now: new Date(), timeZone: browserTimeZone() });
    if (!task.title) {
      setError('Give the task a title, not only a date or tags');
      return;
    }
    setError(null);
    const input: NewTask = {
      title: task.title,
      dueAt: task.dueAt,
      remindAt: task.remindAt,
      tags: task.tags,
      priority: task.priority,
      recurrence: task.recurrence,
    };
    // The box empties at once, so the next task can be typed while this one is saved; emptying it
    // when the save answered erased what had been typed since. A failed save puts the text back,
    // unless the person has started typing something else.
    setText('');
    createTask.mutate(input, {
      onError: () => setText((current) => (current === '' ? submitted : current)),
    });
  }

  const message = error ?? (createTask.error ? errorMessage(createTask.error) : null);
  const parts = parsed?.parts ?? [];

  return (
    <form className="quick-add" aria-label="Add task" onSubmit={(event) => void handleSubmit(event)}>
      <div className="quick-add-row">
        <label htmlFor="new-task-title" className="visually-hidden">
          New task
        </label>
        <Icon name="plus" size={18} />
        <input
          ref={inputRef}
          id="new-task-title"
          name="title"
          type="text"
          maxLength={500}
          autoComplete="off"
          spellCheck
          placeholder="Add a task — “Call mom tomorrow 6pm #family !high”"
          value={text}
          onFocus={ensureParser}
          onKeyDown={(e) => {
            // Escape clears, then leaves the box so single-key shortcuts work again.
            if (e.key !== 'Escape') return;
            if (text) setText('');
            else e.currentTarget.blur();
          }}
          onChange={(e) => {
            setText(e.target.value);
            if (error) setError(null);
          }}
          aria-invalid={message ? true : undefined}
          aria-describedby={`quick-add-preview${message ? ' quick-add-error' : ''}`}
        />
        <button type="submit" className="button primary">
          Add
        </button>
      </div>
      <div id="quick-add-preview" className="chips" aria-live="polite">
        {parsed && parts.length > 0 ? (
          <>
            <span className="chip chip-title">
              <span className="visually-hidden">Title: </span>
              {parsed.task.title || <em>no title yet</em>}
            </span>
            {parts.map((part) => (
              <span key={`${part.kind}-${part.start}`} className={`chip chip-${part.kind}`} title={`“${part.text}”`}>
                <Icon name={PART_ICONS[part.kind]} size={13} />
                <span className="visually-hidden">{PART_NAMES[part.kind]}: </span>
                {part.label}
              </span>
            ))}
          </>
        ) : null}
      </div>
      {message ? (
        <p id="quick-add-error" className="field-error" role="alert">
          {message}
        </p>
      ) : null}
    </form>
  );
});
