// Human labels for task fields, and the tag rule as the browser applies it (from lib/contracts).

import { FREQUENCIES, PRIORITIES, SORTS, TAG_PATTERN, VIEWS } from '@/lib/contracts/rules';
import type { Priority, Recurrence } from '@/lib/contracts/task';
import type { Order, Sort, View } from './use-tasks';

export type Frequency = Recurrence['freq'];

export const PRIORITY_LABELS: Record<Priority, string> = { none: 'None', low: 'Low', medium: 'Medium', high: 'High' };

export const VIEW_LABELS: Record<View, string> = {
  today: 'Today',
  upcoming: 'Upcoming',
  overdue: 'Overdue',
  all: 'All',
  completed: 'Completed',
};

export const SORT_LABELS: Record<Sort, string> = {
  due: 'Due date',
  created: 'Date added',
  priority: 'Priority',
  title: 'Title',
};

export const FREQUENCY_LABELS: Record<Frequency, string> = {
  daily: 'Daily',
  weekly: 'Weekly',
  monthly: 'Monthly',
  yearly: 'Yearly',
};

const FREQUENCY_UNITS: Record<Frequency, string> = { daily: 'day', weekly: 'week', monthly: 'month', yearly: 'year' };

export function recurrenceText(recurrence: Recurrence): string {
  const unit = FREQUENCY_UNITS[recurrence.freq];
  return recurrence.interval > 1 ? `Every ${recurrence.interval} ${unit}s` : `Every ${unit}`;
}

export const isPriority = (value: string): value is Priority => (PRIORITIES as readonly string[]).includes(value);
export const isFrequency = (value: string): value is Frequency => (FREQUENCIES as readonly string[]).includes(value);
export const isSort = (value: string): value is Sort => (SORTS as readonly string[]).includes(value);
export const isView = (value: string): value is View => (VIEWS as readonly string[]).includes(value);
export const isOrder = (value: string): value is Order => value === 'asc' || value === 'desc';

/** Tags are stored lowercase, without a leading "#". */
export const normalizeTag = (raw: string) => raw.trim().replace(/^#/, '').toLowerCase();

export const isValidTag = (tag: string) => TAG_PATTERN.test(tag);

/** "home, #Work  errands" -> ["home", "work", "errands"] (duplicates dropped). */
export const parseTagList = (raw: string) => [
  ...new Set(
    raw
      .split(/[\s,]+/)
      .map(normalizeTag)
      .filter(Boolean),
  ),
];

export { FREQUENCIES, PRIORITIES, SORTS, VIEWS };
