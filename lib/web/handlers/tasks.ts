import {
  CreateTaskSchema,
  HEADERS,
  ListTasksQuerySchema,
  parseOrThrow,
  type Task,
  type TaskPage,
} from '@/lib/contracts';
import { readJsonBody } from '@/lib/platform/json-body';
import { etagOf } from '@/lib/web/etag';
import { authed, jsonText } from '@/lib/web/route';
import { taskService } from '@/lib/web/services';

// GET /api/tasks: list with views, filters, sort and cursor
export const GET = authed(async ({ req, user }) => {
  const raw = Object.fromEntries(req.nextUrl.searchParams);
  const query = parseOrThrow(ListTasksQuerySchema, raw, 'query');
  const { text } = await taskService<TaskPage>('tasks', user.id, { query: { ...raw, ...query, limit: query.limit } });
  return jsonText(text);
});

// POST /api/tasks: create a task (Idempotency-Key replays the first result)
export const POST = authed(async ({ req, user }) => {
  const input = await readJsonBody(req, CreateTaskSchema);
  const key = req.headers.get(HEADERS.idempotencyKey);
  const { body: task, text } = await taskService<Task>('tasks', user.id, {
    method: 'POST',
    body: input,
    headers: key ? { [HEADERS.idempotencyKey]: key } : {},
  });
  return jsonText(text, { status: 201, headers: { location: `/api/tasks/${task.id}`, etag: etagOf(task) } });
});
