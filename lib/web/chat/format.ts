// Short, human descriptions of tasks for chat replies and action cards, in the user's time zone,
// with the same labels as the task rows (lib/nl/format.ts).
import type { Task } from '@/lib/contracts';
import { formatDue, formatWhen as formatInstant, recurrenceLabel } from '@/lib/nl/format';

/** "Today 09:00", "Tomorrow 15:30", "Friday 10:00", "Fri 12 Dec 09:00". */
export const formatWhen = (iso: string, timeZone: string, now: Date) => formatInstant(iso, { now, timeZone });

/** A due instant: without the time for a date-only due ("Tomorrow"). */
export const formatDueAt = (iso: string, timeZone: string, now: Date) => formatDue(iso, { now, timeZone });

/** "every week", "every 2 days". */
export const formatRecurrence = (rule: Task['recurrence'] & object) => recurrenceLabel(rule).toLowerCase();

/** The details of a task worth a glance: due, reminder, repeat, priority, tags. */
export function describeTask(task: Task, timeZone: string, now: Date): string {
  const parts: string[] = [];
  if (task.dueAt) parts.push(`due ${formatDueAt(task.dueAt, timeZone, now)}`);
  if (task.remindAt) parts.push(`reminder ${formatWhen(task.remindAt, timeZone, now)}`);
  if (task.recurrence) parts.push(formatRecurrence(task.recurrence));
  if (task.priority !== 'none') parts.push(`${task.priority} priority`);
  if (task.tags.length) parts.push(task.tags.map((t) => `#${t}`).join(' '));
  return parts.join(', ');
}

export const quoted = (title: string) => `“${title}”`;
