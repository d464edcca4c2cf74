'use client';
// Search, the active tag, priority and sort of the task list.

import { forwardRef, useEffect, useState } from 'react';
import { Icon } from './icons';
import { isOrder, isPriority, isSort, PRIORITIES, PRIORITY_LABELS, SORT_LABELS, SORTS } from './task-labels';
import type { TaskFilters } from './use-tasks';

const SEARCH_DELAY_MS = 250;
export const SEARCH_INPUT_ID = 'task-search';

/** The value after it has stopped changing for `delay` ms (so typing does not fire a request per key). */
function useDebounced<T>(value: T, delay: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return debounced;
}

type FilterChange = Partial<Omit<TaskFilters, 'view'>>;

export const TaskFiltersBar = forwardRef<
  HTMLInputElement,
  { filters: TaskFilters; onChange: (change: FilterChange) => void }
>(function TaskFiltersBar({ filters, onChange }, searchRef) {
  const [search, setSearch] = useState(filters.q);
  const debouncedSearch = useDebounced(search.trim(), SEARCH_DELAY_MS);

  useEffect(() => {
    if (debouncedSearch !== filters.q) onChange({ q: debouncedSearch });
  }, [debouncedSearch, filters.q, onChange]);

  return (
    <search className="filters">
      <div className="search-box">
        <label htmlFor={SEARCH_INPUT_ID} className="visually-hidden">
          Search tasks
        </label>
        <Icon name="search" />
        <input
          ref={searchRef}
          id={SEARCH_INPUT_ID}
          type="search"
          value={search}
          maxLength={200}
          placeholder="Search tasks"
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => {
            // Escape clears, then leaves the box so single-key shortcuts work again.
            if (e.key !== 'Escape') return;
            if (search) setSearch('');
            else e.currentTarget.blur();
          }}
        />
        <kbd className="kbd-hint" title="Press / to search">
          /
        </kbd>
      </div>
      {filters.tag ? (
        <button
          type="button"
          className="chip chip-tag is-active"
          onClick={() => onChange({ tag: '' })}
          aria-label={`Remove tag filter ${filters.tag}`}
        >
          #{filters.tag} <Icon name="close" size={12} />
        </button>
      ) : null}
      <div className="filter-selects">
        <label className="compact-field">
          <span className="visually-hidden">Filter by priority</span>
          <select
            value={filters.priority}
            onChange={(e) => onChange({ priority: isPriority(e.target.value) ? e.target.value : '' })}
          >
            <option value="">Any priority</option>
            {PRIORITIES.map((priority) => (
              <option key={priority} value={priority}>
                {priority === 'none' ? 'No priority' : `${PRIORITY_LABELS[priority]} priority`}
              </option>
            ))}
          </select>
        </label>
        <label className="compact-field">
          <span className="visually-hidden">Sort by</span>
          <select
            value={filters.sort}
            onChange={(e) => {
              if (isSort(e.target.value)) onChange({ sort: e.target.value });
            }}
          >
            {SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {SORT_LABELS[sort]}
              </option>
            ))}
          </select>
        </label>
        <label className="compact-field">
          <span className="visually-hidden">Order</span>
          <select
            value={filters.order}
            onChange={(e) => onChange({ order: isOrder(e.target.value) ? e.target.value : '' })}
          >
            <option value="">Default order</option>
            <option value="asc">Ascending</option>
            <option value="desc">Descending</option>
          </select>
        </label>
      </div>
    </search>
  );
});
