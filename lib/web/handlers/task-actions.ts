import { type Task, taskIdOf } from '@/lib/contracts';
import { etagOf } from '@/lib/web/etag';
import { authed } from '@/lib/web/route';
import { taskService } from '@/lib/web/services';

// POST /api/tasks/{id}/complete
export const completeTask = authed<{ id: string }>(async ({ user, params }) => {
  const { body: task } = await taskService<Task>(`tasks/${taskIdOf(params.id)}/complete`, user.id, { method: 'POST' });
  return Response.json(task, { headers: { etag: etagOf(task) } });
});

// POST /api/tasks/{id}/reopen
export const reopenTask = authed<{ id: string }>(async ({ user, params }) => {
  const { body: task } = await taskService<Task>(`tasks/${taskIdOf(params.id)}/reopen`, user.id, { method: 'POST' });
  return Response.json(task, { headers: { etag: etagOf(task) } });
});
