'use client';
// Search, tag and priority filters and the sort order of the task list.

import { useEffect, useId, useState } from 'react';
import { PRIORITIES, type Priority, SORTS } from '@/lib/contracts';
import type { Order, Sort, TaskFilters } from './use-tasks';

const SEARCH_DELAY_MS = 250;
const TAG_PATTERN = /^[a-z0-9_-]{1,32}$/;

export const PRIORITY_LABELS: Record<Priority, string> = { none: 'None', low: 'Low', medium: 'Medium', high: 'High' };

const SORT_LABELS: Record<Sort, string> = {
  due: 'Due date',
  created: 'Date created',
  priority: 'Priority',
  title: 'Title',
};

/** Tags are stored lowercase, without a leading "#". */
export const normalizeTag = (raw: string) => raw.trim().replace(/^#/, '').toLowerCase();

const isPriority = (value: string): value is Priority => (PRIORITIES as readonly string[]).includes(value);
const isSort = (value: string): value is Sort => (SORTS as readonly string[]).includes(value);
const isOrder = (value: string): value is Order => value === 'asc' || value === 'desc';

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

export function TaskFiltersBar({
  filters,
  onChange,
}: {
  filters: TaskFilters;
  onChange: (change: FilterChange) => void;
}) {
  const id = useId();
  const [search, setSearch] = useState(filters.q);
  const [tag, setTag] = useState(filters.tag);
  const debouncedSearch = useDebounced(search.trim(), SEARCH_DELAY_MS);
  const debouncedTag = useDebounced(normalizeTag(tag), SEARCH_DELAY_MS);
  const isTagValid = debouncedTag === '' || TAG_PATTERN.test(debouncedTag);

  useEffect(() => {
    if (debouncedSearch !== filters.q) onChange({ q: debouncedSearch });
  }, [debouncedSearch, filters.q, onChange]);

  useEffect(() => {
    if (isTagValid && debouncedTag !== filters.tag) onChange({ tag: debouncedTag });
  }, [debouncedTag, isTagValid, filters.tag, onChange]);

  return (
    <search className="filters">
      <div className="field filter-search">
        <label htmlFor={`${id}-q`}>Search tasks</label>
        <input
          id={`${id}-q`}
          type="search"
          value={search}
          maxLength={200}
          placeholder="Title or notes"
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-tag`}>Filter by tag</label>
        <input
          id={`${id}-tag`}
          type="text"
          value={tag}
          placeholder="e.g. work"
          autoCapitalize="off"
          spellCheck={false}
          onChange={(e) => setTag(e.target.value)}
          aria-invalid={isTagValid ? undefined : true}
          aria-describedby={isTagValid ? undefined : `${id}-tag-error`}
        />
        {isTagValid ? null : (
          <p id={`${id}-tag-error`} className="field-error">
            Tags use a-z, 0-9, "-" and "_"
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-priority`}>Filter by priority</label>
        <select
          id={`${id}-priority`}
          value={filters.priority}
          onChange={(e) => {
            const value = e.target.value;
            onChange({ priority: isPriority(value) ? value : '' });
          }}
        >
          <option value="">Any</option>
          {PRIORITIES.map((priority) => (
            <option key={priority} value={priority}>
              {PRIORITY_LABELS[priority]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-sort`}>Sort by</label>
        <select
          id={`${id}-sort`}
          value={filters.sort}
          onChange={(e) => {
            const value = e.target.value;
            if (isSort(value)) onChange({ sort: value });
          }}
        >
          {SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {SORT_LABELS[sort]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-order`}>Order</label>
        <select
          id={`${id}-order`}
          value={filters.order}
          onChange={(e) => {
            const value = e.target.value;
            onChange({ order: isOrder(value) ? value : '' });
          }}
        >
          <option value="">Default</option>
          <option value="asc">Ascending</option>
          <option value="desc">Descending</option>
        </select>
      </div>
    </search>
  );
}
