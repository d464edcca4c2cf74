import type { Task } from '@/lib/contracts';
import { etagOf } from '@/lib/server/etag';
import { authed, json } from '@/lib/server/route';
import { taskService } from '@/lib/server/services';
import { taskIdOf } from '@/lib/server/task-id';

// POST /api/tasks/{id}/complete
export const POST = authed<{ id: string }>(async ({ user, params }) => {
  const { body: task } = await taskService<Task>(`tasks/${taskIdOf(params.id)}/complete`, user.id, { method: 'POST' });
  return json(task, { headers: { etag: etagOf(task) } });
});
