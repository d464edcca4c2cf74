// The ground truth after a scenario: what the load was told succeeded, checked against the rows of
// task-service, notification-service and the worker's state store (and what the live streams and
// the SMTP receiver saw).
import type postgres from 'postgres';
import type { LoadRecord } from './load';

export type Counts = {
  /** Acknowledged creates missing, acknowledged edits or completions not in the row. */
  lostWrites: number;
  /** Outbox rows never published, or published, acted on by the worker and never recorded as processed. */
  unprocessedEvents: number;
  /** Acknowledged completions of a recurring task without a next occurrence. */
  missingNext: number;
  duplicateNext: number;
  duplicateNotifications: number;
  /** Acknowledged reminders (remindAt passed) without a notification. */
  undeliveredReminders: number;
  /** Notifications the owner's live stream never showed (live or replayed after a reconnect). */
  notOnStream: number;
  emailsMissing: number;
  emailsDuplicate: number;
  /** Reminders not yet due (the check waits for them). */
  notYetDue: number;
  /** For a diagnosis: notifications missing on their live stream (id, created at). */
  missingOnStream: string[];
};

export const isSettled = (c: Counts) =>
  c.unprocessedEvents === 0 &&
  c.missingNext === 0 &&
  c.undeliveredReminders === 0 &&
  c.notOnStream === 0 &&
  c.emailsMissing === 0 &&
  c.notYetDue === 0;

export type Dbs = { tasks: postgres.Sql; notifications: postgres.Sql; state: postgres.Sql };

export async function countTruth(
  dbs: Dbs,
  tag: string,
  record: LoadRecord,
  seenOnStreams: Set<string>,
  mailsBySubject: Map<string, number>,
): Promise<Counts> {
  const like = `${tag} %`;
  const rows = await dbs.tasks<{ id: string; title: string; completed: boolean; due_at: Date | null }[]>`
    select id, title, completed, due_at from tasks where title like ${like}`;
  const byId = new Map(rows.map((r) => [r.id, r]));

  let lostWrites = 0;
  let missingNext = 0;
  const now = Date.now();
  let undeliveredReminders = 0;
  let notYetDue = 0;
  const notifications = await dbs.notifications<{ id: string; task_id: string; title: string; created_at: Date }[]>`
    select id::text as id, task_id, title, created_at from notifications where title like ${like}`;
  const notifiedTasks = new Map<string, number>();
  for (const n of notifications) notifiedTasks.set(n.task_id, (notifiedTasks.get(n.task_id) ?? 0) + 1);

  for (const task of record.tasks.values()) {
    const row = byId.get(task.id);
    if (!row) {
      lostWrites += 1;
      continue;
    }
    if (row.title !== task.title && !task.maybeTitles.includes(row.title)) lostWrites += 1;
    if (task.isCompleted && !row.completed) lostWrites += 1;
    if (task.isRecurring && task.isCompleted && row.due_at) {
      const nextDue = new Date(row.due_at.getTime() + 86_400_000).getTime();
      const hasNext = rows.some((r) => r.id !== row.id && r.due_at?.getTime() === nextDue && r.title === row.title);
      if (!hasNext) missingNext += 1;
    }
    if (task.remindAt) {
      if (Date.parse(task.remindAt) > now) notYetDue += 1;
      else if (!notifiedTasks.has(task.id)) undeliveredReminders += 1;
    }
  }

  const [dupNext] = await dbs.tasks<{ n: number }[]>`
    select coalesce(sum(c - 1), 0)::int as n from (
      select count(*) as c from tasks where title like ${like} and recurrence is not null
      group by user_id, title, due_at having count(*) > 1) d`;
  const duplicateNotifications = [...notifiedTasks.values()].reduce((sum, c) => sum + (c - 1), 0);

  // Events of this scenario: task events carry the task (title), reminder events the title.
  // The worker records the events it acts on (a due reminder, a completed recurring task), not the rest.
  const events = await dbs.tasks<{ event_id: string; topic: string; sent: boolean; acted: boolean }[]>`
    select event_id::text, topic, sent_at is not null as sent,
      topic = 'reminders' or (type = 'todo.task.completed.v1' and jsonb_typeof(data->'task'->'recurrence') = 'object') as acted
    from outbox
    where data->'task'->>'title' like ${like} or data->>'title' like ${like}`;
  const published = events.filter((e) => e.sent && e.acted).map((e) => `worker||processed:${e.event_id}`);
  const processed = new Set<string>();
  for (let i = 0; i < published.length; i += 500) {
    const keys = published.slice(i, i + 500);
    const found = await dbs.state<{ key: string }[]>`select key from state where key in ${dbs.state(keys)}`;
    for (const f of found) processed.add(f.key);
  }
  const [unsentNotificationEvents] = await dbs.notifications<{ n: number }[]>`
    select count(*)::int as n from outbox where sent_at is null and data->'notification'->>'title' like ${like}`;
  const unprocessedEvents =
    events.filter((e) => !e.sent || (e.acted && !processed.has(`worker||processed:${e.event_id}`))).length +
    (unsentNotificationEvents?.n ?? 0);

  let emailsMissing = 0;
  let emailsDuplicate = 0;
  for (const n of notifications) {
    const mails = mailsBySubject.get(`Reminder: ${n.title}`) ?? 0;
    if (mails === 0) emailsMissing += 1;
    if (mails > 1) emailsDuplicate += mails - 1;
  }

  return {
    lostWrites,
    unprocessedEvents,
    missingNext,
    duplicateNext: dupNext?.n ?? 0,
    duplicateNotifications,
    undeliveredReminders,
    notOnStream: notifications.filter((n) => !seenOnStreams.has(n.id)).length,
    missingOnStream: notifications
      .filter((n) => !seenOnStreams.has(n.id))
      .map((n) => `${n.id}@${n.created_at.toISOString()}`),
    emailsMissing,
    emailsDuplicate,
    notYetDue,
  };
}
