// Short human labels for instants in the user's time zone ("Today 09:00", "Tomorrow", "Fri 13 Mar 15:00"),
// the same in the browser and on the server. English, 24-hour clock.
import type { Recurrence } from '../contracts/task';
import { DATE_ONLY_DUE_TIME } from './dates';
import { labelOf } from './recurrence';
import type { TaskQuery } from './types';
import { safeTimeZone, wallClockAt, wallClockMs, weekdayOf } from './zone';

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_MS = 86_400_000;

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * "Today", "Tomorrow", "Yesterday", a weekday within the next six days, else "Fri 20 Mar" (with the year
 * when it is not this year); followed by the time unless `withTime` is false.
 */
export function formatWhen(
  instant: Date | string,
  ctx: { now: Date; timeZone: string },
  { withTime = true }: { withTime?: boolean } = {},
): string {
  const timeZone = safeTimeZone(ctx.timeZone);
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (!Number.isFinite(date.getTime())) return '';
  const wall = wallClockAt(date, timeZone);
  const today = wallClockAt(ctx.now, timeZone);
  const dayMs = (w: typeof wall) => wallClockMs({ ...w, hour: 0, minute: 0, second: 0 });
  const days = Math.round((dayMs(wall) - dayMs(today)) / DAY_MS);
  let day: string;
  if (days === 0) day = 'Today';
  else if (days === 1) day = 'Tomorrow';
  else if (days === -1) day = 'Yesterday';
  else if (days > 1 && days < 7) day = WEEKDAY_NAMES[weekdayOf(wall)] ?? '';
  else {
    const short = `${(WEEKDAY_NAMES[weekdayOf(wall)] ?? '').slice(0, 3)} ${wall.day} ${MONTH_NAMES[wall.month - 1]}`;
    day = wall.year === today.year ? short : `${short} ${wall.year}`;
  }
  return withTime ? `${day} ${pad(wall.hour)}:${pad(wall.minute)}` : day;
}

/** A due date's label: without the time when it is the date-only convention (end of the day). */
export function formatDue(instant: Date | string, ctx: { now: Date; timeZone: string }): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (!Number.isFinite(date.getTime())) return '';
  const wall = wallClockAt(date, safeTimeZone(ctx.timeZone));
  const isDateOnly = wall.hour === DATE_ONLY_DUE_TIME.hour && wall.minute === DATE_ONLY_DUE_TIME.minute;
  return formatWhen(date, ctx, { withTime: !isDateOnly });
}

const PRIORITY_LABELS = { none: 'No priority', low: 'Low', medium: 'Medium', high: 'High' } as const;
export const priorityLabel = (p: keyof typeof PRIORITY_LABELS) => PRIORITY_LABELS[p];

/** A repetition rule for a task row: "Every week", "Every 2 days" (the until date, if any, is left out). */
export const recurrenceLabel = (rule: Pick<Recurrence, 'freq' | 'interval'>) => labelOf(rule);

const VIEW_PHRASES = {
  all: 'tasks',
  today: 'tasks due today',
  upcoming: 'upcoming tasks',
  overdue: 'overdue tasks',
  completed: 'completed tasks',
} as const;

/** A list request in words, for a reply: "overdue tasks tagged #work with high priority matching “dentist”". */
export function describeQuery(query: TaskQuery): string {
  const words: string[] = [VIEW_PHRASES[query.view ?? 'all']];
  if (query.tag) words.push(`tagged #${query.tag}`);
  if (query.priority) words.push(query.priority === 'none' ? 'without priority' : `with ${query.priority} priority`);
  if (query.q) words.push(`matching “${query.q}”`);
  return words.join(' ');
}
