// Lists a user's tasks with views, filters, sorting and keyset pagination.
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { AppError, type ListTasksQuery, type TaskPage } from '@/lib/contracts';
import type { Db } from '../db/client';
import { tasks } from '../db/schema';
import { toTask } from './to-task';

const SORT_KEYS = {
  created: { expr: sql`${tasks.createdAt}`, type: sql.raw('timestamptz'), order: 'desc' },
  due: { expr: sql`coalesce(${tasks.dueAt}, 'infinity'::timestamptz)`, type: sql.raw('timestamptz'), order: 'asc' },
  priority: {
    expr: sql`(case ${tasks.priority} when 'high' then 3 when 'medium' then 2 when 'low' then 1 else 0 end)`,
    type: sql.raw('int'),
    order: 'desc',
  },
  title: { expr: sql`lower(${tasks.title})`, type: sql.raw('text'), order: 'asc' },
} as const;

type Cursor = [sortValue: string, id: string];

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(raw: string): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString());
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      /^[0-9a-f-]{36}$/.test(value[1])
    ) {
      return [value[0], value[1]];
    }
  } catch {}
  throw invalidCursor();
}

const invalidCursor = () =>
  new AppError('bad_request', 'cursor is not valid; use the nextCursor of a previous page', {
    errors: { cursor: ['not a cursor from a previous page'] },
  });

function isDataException(error: unknown): boolean {
  const code =
    (error as { code?: unknown; cause?: { code?: unknown } }).code ??
    (error as { cause?: { code?: unknown } }).cause?.code;
  return typeof code === 'string' && code.startsWith('22');
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function viewFilter(view: ListTasksQuery['view'], tz: string): SQL | undefined {
  const localDate = (col: SQL) => sql`(${col} at time zone ${tz})::date`;
  const today = sql`(now() at time zone ${tz})::date`;
  switch (view) {
    case 'all':
      return undefined;
    case 'completed':
      return eq(tasks.completed, true);
    case 'today':
      return sql`${tasks.completed} = false and ${localDate(sql`${tasks.dueAt}`)} = ${today}`;
    case 'upcoming':
      return sql`${tasks.completed} = false and ${localDate(sql`${tasks.dueAt}`)} > ${today}`;
    case 'overdue':
      return sql`${tasks.completed} = false and ${tasks.dueAt} < now()`;
  }
}

export async function listTasks(db: Db, userId: string, query: ListTasksQuery): Promise<TaskPage> {
  const sort = SORT_KEYS[query.sort];
  const order = query.order ?? sort.order;
  const conditions: (SQL | undefined)[] = [eq(tasks.userId, userId), viewFilter(query.view, query.tz)];
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    conditions.push(sql`(${tasks.title} ilike ${pattern} or ${tasks.notes} ilike ${pattern})`);
  }
  if (query.tag) conditions.push(sql`${query.tag} = any(${tasks.tags})`);
  if (query.priority) conditions.push(eq(tasks.priority, query.priority));
  if (query.cursor) {
    const [value, id] = decodeCursor(query.cursor);
    const cmp = sql.raw(order === 'asc' ? '>' : '<');
    conditions.push(sql`(${sort.expr}, ${tasks.id}) ${cmp} (${value}::${sort.type}, ${id}::uuid)`);
  }
  const direction = sql.raw(order);
  const rows = await db
    .select({ task: tasks, sortValue: sql<string>`(${sort.expr})::text` })
    .from(tasks)
    .where(and(...conditions))
    .orderBy(sql`${sort.expr} ${direction}, ${tasks.id} ${direction}`)
    .limit(query.limit + 1)
    .catch((error: unknown) => {
      // A crafted cursor decodes but its value does not cast to the sort's type (Postgres class 22,
      // data exception): the client's cursor is wrong, not the service.
      if (query.cursor && isDataException(error)) throw invalidCursor();
      throw error;
    });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => toTask(r.task)),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.sortValue, last.task.id]) : null,
  };
}
