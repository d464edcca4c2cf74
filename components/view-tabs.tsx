'use client';
// The task views as a tab list with counts (arrow keys move between tabs, as the ARIA tabs pattern expects).

import { type KeyboardEvent, useRef } from 'react';
import { VIEW_LABELS } from './task-labels';
import type { View } from './use-tasks';

/** The order views are shown in. */
export const VIEW_ORDER: readonly View[] = ['today', 'upcoming', 'overdue', 'all', 'completed'];

/** Where each key moves the selection, given the current index and the number of tabs. */
const KEY_STEPS: Partial<Record<string, (index: number, count: number) => number>> = {
  ArrowRight: (index, count) => (index + 1) % count,
  ArrowDown: (index, count) => (index + 1) % count,
  ArrowLeft: (index, count) => (index - 1 + count) % count,
  ArrowUp: (index, count) => (index - 1 + count) % count,
  Home: () => 0,
  End: (_index, count) => count - 1,
};

export const TASK_PANEL_ID = 'task-panel';
export const tabId = (view: View) => `view-tab-${view}`;

export function ViewTabs({
  value,
  counts,
  onChange,
}: {
  value: View;
  /** Per view, the number shown beside it; undefined while loading. */
  counts: Partial<Record<View, string>>;
  onChange: (view: View) => void;
}) {
  const tabRefs = useRef(new Map<View, HTMLButtonElement>());

  function handleKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    const step = KEY_STEPS[event.key];
    if (!step) return;
    const next = VIEW_ORDER[step(VIEW_ORDER.indexOf(value), VIEW_ORDER.length)];
    if (!next) return;
    event.preventDefault();
    onChange(next);
    tabRefs.current.get(next)?.focus();
  }

  return (
    <div className="view-tabs" role="tablist" aria-label="Views">
      {VIEW_ORDER.map((view) => {
        const isSelected = view === value;
        const count = counts[view];
        return (
          <button
            key={view}
            ref={(element) => {
              if (element) tabRefs.current.set(view, element);
              return () => {
                tabRefs.current.delete(view);
              };
            }}
            type="button"
            role="tab"
            id={tabId(view)}
            aria-selected={isSelected}
            aria-controls={TASK_PANEL_ID}
            tabIndex={isSelected ? 0 : -1}
            className={`view-tab view-${view}`}
            aria-label={count ? `${VIEW_LABELS[view]} (${count})` : VIEW_LABELS[view]}
            onClick={() => onChange(view)}
            onKeyDown={handleKeyDown}
          >
            <span className="view-label">{VIEW_LABELS[view]}</span>
            {count ? <span className="count">{count}</span> : null}
          </button>
        );
      })}
    </div>
  );
}
