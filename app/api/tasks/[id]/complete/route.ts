import type { Task } from '@/lib/contracts';
import { etagOf } from '@/lib/web/etag';
import { authed, json } from '@/lib/web/route';
import { taskService } from '@/lib/web/services';
import { taskIdOf } from '@/lib/web/task-id';

// POST /api/tasks/{id}/complete
export const POST = authed<{ id: string }>(async ({ user, params }) => {
  const { body: task } = await taskService<Task>(`tasks/${taskIdOf(params.id)}/complete`, user.id, { method: 'POST' });
  return json(task, { headers: { etag: etagOf(task) } });
});
