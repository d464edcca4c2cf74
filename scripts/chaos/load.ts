// The mixed load of a chaos scenario: per user, one op after another (creates with and without a
// reminder, recurring tasks, edits, completions of recurring tasks), and one live event stream per
// user that reconnects with its cursor. Every answer is recorded: what was acknowledged is the
// ground truth the databases are checked against afterwards.
import { openSse, type SseStream } from '../../bench/lib/sse';
import type { BenchUser } from '../../bench/lib/users';

export type AckedTask = {
  id: string;
  userId: string;
  title: string;
  /** Titles sent in edits whose outcome is unknown (timeout, 5xx) after the last acknowledged one. */
  maybeTitles: string[];
  remindAt: string | null;
  isRecurring: boolean;
  isCompleted: boolean;
  isMaybeCompleted: boolean;
};

export type LoadRecord = {
  tasks: Map<string, AckedTask>;
  acked: { creates: number; edits: number; completions: number };
  unknown: number;
  refused: Map<string, number>;
};

export const newRecord = (): LoadRecord => ({
  tasks: new Map(),
  acked: { creates: 0, edits: 0, completions: 0 },
  unknown: 0,
  refused: new Map(),
});

type Answer = { status: number; body: unknown };

async function call(baseUrl: string, user: BenchUser, method: string, path: string, body?: unknown): Promise<Answer> {
  try {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { cookie: user.cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {}
    return { status: res.status, body: parsed };
  } catch {
    return { status: 0, body: null };
  }
}

/** 2xx: acknowledged; 0 (no answer) or 5xx: unknown outcome; other 4xx: refused, changes nothing. */
const outcomeOf = (status: number) =>
  status >= 200 && status < 300 ? 'acked' : status === 0 || status >= 500 ? 'unknown' : 'refused';

const pick = <T>(items: T[]): T | undefined => items[Math.floor(Math.random() * items.length)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs one user's ops until `signal` aborts. Titles start with `tag` so a scenario's rows can be found. */
export async function runUser(
  baseUrl: string,
  user: BenchUser,
  tag: string,
  record: LoadRecord,
  signal: AbortSignal,
  pauseMs = 300,
): Promise<void> {
  let seq = 0;
  const refuse = (what: string, status: number) =>
    record.refused.set(`${what} ${status}`, (record.refused.get(`${what} ${status}`) ?? 0) + 1);
  while (!signal.aborted) {
    seq += 1;
    const mine = [...record.tasks.values()].filter((t) => t.userId === user.id);
    const roll = Math.random();
    if (roll < 0.55 || mine.length === 0) {
      const title = `${tag} ${user.id.slice(0, 8)} #${seq}`;
      const kind = roll < 0.2 ? 'plain' : roll < 0.42 ? 'reminder' : 'recurring';
      const remindAt = kind === 'reminder' ? new Date(Date.now() + 2000 + Math.random() * 4000).toISOString() : null;
      const body =
        kind === 'recurring'
          ? {
              title,
              dueAt: new Date(Date.now() + 86_400_000).toISOString(),
              recurrence: { freq: 'daily', interval: 1 },
            }
          : { title, ...(remindAt ? { remindAt } : {}) };
      const res = await call(baseUrl, user, 'POST', '/api/tasks', body);
      const outcome = outcomeOf(res.status);
      if (outcome === 'acked') {
        const id = (res.body as { id: string }).id;
        record.acked.creates += 1;
        record.tasks.set(id, {
          id,
          userId: user.id,
          title,
          maybeTitles: [],
          remindAt,
          isRecurring: kind === 'recurring',
          isCompleted: false,
          isMaybeCompleted: false,
        });
      } else if (outcome === 'unknown') record.unknown += 1;
      else refuse('create', res.status);
    } else if (roll < 0.8) {
      // Open tasks only: a next occurrence copies the title at completion, which the check relies on.
      const task = pick(mine.filter((t) => !t.isCompleted && !t.isMaybeCompleted));
      if (task) {
        const title = `${tag} ${user.id.slice(0, 8)} #${seq} (edited)`;
        const res = await call(baseUrl, user, 'PATCH', `/api/tasks/${task.id}`, { title });
        const outcome = outcomeOf(res.status);
        if (outcome === 'acked') {
          record.acked.edits += 1;
          task.title = title;
          task.maybeTitles = [];
        } else if (outcome === 'unknown') {
          record.unknown += 1;
          task.maybeTitles.push(title);
        } else refuse('edit', res.status);
      }
    } else {
      const task = pick(mine.filter((t) => t.isRecurring && !t.isCompleted && !t.isMaybeCompleted));
      if (task) {
        const res = await call(baseUrl, user, 'POST', `/api/tasks/${task.id}/complete`);
        const outcome = outcomeOf(res.status);
        if (outcome === 'acked') {
          record.acked.completions += 1;
          task.isCompleted = true;
        } else if (outcome === 'unknown') {
          record.unknown += 1;
          task.isMaybeCompleted = true;
        } else refuse('complete', res.status);
      }
    }
    await sleep(pauseMs);
  }
}

/** A user's live stream that reconnects (with its cursor, as a browser does) whenever it ends. */
export class LiveClient {
  readonly seenNotifications = new Set<string>();
  private cursor = '';
  private stream: SseStream | undefined;
  private isClosed = false;
  reconnects = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly user: BenchUser,
  ) {
    this.open();
  }

  private open(): void {
    if (this.isClosed) return;
    const url = `${this.baseUrl}/api/events${this.cursor ? `?lastEventId=${this.cursor}` : ''}`;
    this.stream = openSse(
      url,
      this.user.cookie,
      (e) => {
        if (e.event !== 'notification') return;
        if (e.id) this.cursor = e.id;
        try {
          this.seenNotifications.add(String((JSON.parse(e.data) as { id: string }).id));
        } catch {}
      },
      {
        timeoutMs: 30_000,
        onClose: () => {
          if (this.isClosed) return;
          this.reconnects += 1;
          setTimeout(() => this.open(), 500);
        },
      },
    );
  }

  close(): void {
    this.isClosed = true;
    this.stream?.close();
  }
}
