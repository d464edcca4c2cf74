'use client';
// The task views as a tab list (arrow keys move between tabs, as the ARIA tabs pattern expects).

import { type KeyboardEvent, useRef } from 'react';
import { VIEWS } from '@/lib/contracts';
import type { View } from './use-tasks';

export const VIEW_LABELS: Record<View, string> = {
  all: 'All',
  today: 'Today',
  upcoming: 'Upcoming',
  overdue: 'Overdue',
  completed: 'Completed',
};

/** Where each key moves the selection, given the current index and the number of tabs. */
const KEY_STEPS: Partial<Record<string, (index: number, count: number) => number>> = {
  ArrowRight: (index, count) => (index + 1) % count,
  ArrowLeft: (index, count) => (index - 1 + count) % count,
  Home: () => 0,
  End: (_index, count) => count - 1,
};

export const TASK_PANEL_ID = 'task-panel';
export const tabId = (view: View) => `view-tab-${view}`;

export function ViewTabs({ value, onChange }: { value: View; onChange: (view: View) => void }) {
  const tabRefs = useRef(new Map<View, HTMLButtonElement>());

  function handleKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    const step = KEY_STEPS[event.key];
    if (!step) return;
    const next = VIEWS[step(VIEWS.indexOf(value), VIEWS.length)];
    if (!next) return;
    event.preventDefault();
    onChange(next);
    tabRefs.current.get(next)?.focus();
  }

  return (
    <div className="view-tabs" role="tablist" aria-label="Views">
      {VIEWS.map((view) => {
        const isSelected = view === value;
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
            className="view-tab"
            onClick={() => onChange(view)}
            onKeyDown={handleKeyDown}
          >
            {VIEW_LABELS[view]}
          </button>
        );
      })}
    </div>
  );
}
