import { type Task, taskIdOf, UpdateTaskSchema } from '@/lib/contracts';
import { readJsonBody } from '@/lib/platform/json-body';
import { etagOf } from '@/lib/web/etag';
import { authed, jsonText } from '@/lib/web/route';
import { taskService } from '@/lib/web/services';

type Params = { id: string };

// GET /api/tasks/{id}
export const GET = authed<Params>(async ({ user, params }) => {
  const { body: task, text } = await taskService<Task>(`tasks/${taskIdOf(params.id)}`, user.id);
  return jsonText(text, { headers: { etag: etagOf(task) } });
});

// PATCH /api/tasks/{id}: optional If-Match with the ETag; 412 on a stale version
export const PATCH = authed<Params>(async ({ req, user, params }) => {
  const id = taskIdOf(params.id);
  const patch = await readJsonBody(req, UpdateTaskSchema);
  const ifMatch = req.headers.get('if-match');
  const { body: task, text } = await taskService<Task>(`tasks/${id}`, user.id, {
    method: 'PATCH',
    body: patch,
    headers: ifMatch ? { 'if-match': ifMatch } : {},
  });
  return jsonText(text, { headers: { etag: etagOf(task) } });
});

// DELETE /api/tasks/{id}
export const DELETE = authed<Params>(async ({ user, params }) => {
  await taskService(`tasks/${taskIdOf(params.id)}`, user.id, { method: 'DELETE' });
  return new Response(null, { status: 204 });
});
