// View counts and the tag list, computed in the browser from the summary of the user's tasks with
// the same rules task-service applies to its views (in the browser's time zone).
import { localDayKey } from './datetime';
import type { TaskSummary, View } from './use-tasks';

const MAX_TAGS_SHOWN = 20;

/**
 * Per view, the count to show: open tasks due today / after today / before now, all open
 * tasks, and completed ones. "" hides a zero (except for All); "+" marks a truncated summary.
 */
export function countsOf(summary: TaskSummary | undefined, now: Date): Partial<Record<View, string>> {
  if (!summary) return {};
  const today = localDayKey(now);
  const counts: Record<View, number> = { today: 0, upcoming: 0, overdue: 0, all: 0, completed: 0 };
  for (const task of summary.tasks) {
    if (task.completed) {
      counts.completed += 1;
      continue;
    }
    counts.all += 1;
    if (!task.dueAt) continue;
    const due = new Date(task.dueAt);
    const day = localDayKey(due);
    if (day === today) counts.today += 1;
    else if (day > today) counts.upcoming += 1;
    if (due.getTime() < now.getTime()) counts.overdue += 1;
  }
  const suffix = summary.isTruncated ? '+' : '';
  return Object.fromEntries(
    Object.entries(counts).map(([view, n]) => [view, n > 0 || view === 'all' ? `${n}${suffix}` : '']),
  );
}

/** Tags of open tasks, most used first. */
export function tagsOf(summary: TaskSummary | undefined): string[] {
  const uses = new Map<string, number>();
  for (const task of summary?.tasks ?? []) {
    if (task.completed) continue;
    for (const tag of task.tags) uses.set(tag, (uses.get(tag) ?? 0) + 1);
  }
  return [...uses.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, MAX_TAGS_SHOWN)
    .map(([tag]) => tag);
}
