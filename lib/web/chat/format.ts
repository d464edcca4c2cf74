// Short, human descriptions of tasks and instants for chat replies, in the user's time zone.
import type { Recurrence, Task } from '@/lib/contracts';

const dayKey = (date: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);

/** "Today 09:00", "Tomorrow 15:30", "Fri 12 Dec 09:00", "12 Dec 2027 09:00". */
export function formatWhen(iso: string, timeZone: string, now: Date): string {
  const date = new Date(iso);
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(date);
  const day = dayKey(date, timeZone);
  const today = dayKey(now, timeZone);
  const tomorrow = dayKey(new Date(now.getTime() + 86_400_000), timeZone);
  const yesterday = dayKey(new Date(now.getTime() - 86_400_000), timeZone);
  if (day === today) return `Today ${time}`;
  if (day === tomorrow) return `Tomorrow ${time}`;
  if (day === yesterday) return `Yesterday ${time}`;
  const sameYear = day.slice(0, 4) === today.slice(0, 4);
  const datePart = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
  }).format(date);
  return `${datePart} ${time}`;
}

export function formatRecurrence(recurrence: Recurrence): string {
  const unit = { daily: 'day', weekly: 'week', monthly: 'month', yearly: 'year' }[recurrence.freq];
  return recurrence.interval === 1 ? `every ${unit}` : `every ${recurrence.interval} ${unit}s`;
}

/** The details of a task worth a glance: due, reminder, repeat, priority, tags. */
export function describeTask(task: Task, timeZone: string, now: Date): string {
  const parts: string[] = [];
  if (task.dueAt) parts.push(`due ${formatWhen(task.dueAt, timeZone, now)}`);
  if (task.remindAt) parts.push(`reminder ${formatWhen(task.remindAt, timeZone, now)}`);
  if (task.recurrence) parts.push(formatRecurrence(task.recurrence));
  if (task.priority !== 'none') parts.push(`${task.priority} priority`);
  if (task.tags.length) parts.push(task.tags.map((t) => `#${t}`).join(' '));
  return parts.join(', ');
}

export const quoted = (title: string) => `“${title}”`;
