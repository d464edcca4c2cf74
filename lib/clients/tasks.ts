// The typed client of task-service: one function per route, on behalf of one user. Used by web's
// route handlers, the chat tools and the worker; nobody else spells a task-service path.
import { z } from 'zod';
import {
  APP_IDS,
  type CreateTask,
  HEADERS,
  type ListTasksQuery,
  type Task,
  type TaskPage,
  TaskPageSchema,
  TaskSchema,
  type UpdateTask,
} from '../contracts';
import { call } from './call';

const Nothing = z.unknown();
const app = APP_IDS.taskService;

export type CreateResult = { task: Task; isReplayed: boolean };

export function taskClient(userId: string) {
  const base = { userId };
  return {
    list: async (query: Partial<ListTasksQuery>): Promise<TaskPage> =>
      (await call(app, 'tasks', TaskPageSchema, { ...base, query })).body,

    create: async (input: CreateTask, options: { idempotencyKey?: string } = {}): Promise<CreateResult> => {
      const { body, headers } = await call(app, 'tasks', TaskSchema, {
        ...base,
        method: 'POST',
        body: input,
        headers: options.idempotencyKey ? { [HEADERS.idempotencyKey]: options.idempotencyKey } : {},
      });
      return { task: body, isReplayed: headers.get(HEADERS.idempotentReplayed) === 'true' };
    },

    get: async (id: string): Promise<Task> => (await call(app, `tasks/${id}`, TaskSchema, base)).body,

    update: async (id: string, patch: UpdateTask, options: { ifMatch?: string } = {}): Promise<Task> =>
      (
        await call(app, `tasks/${id}`, TaskSchema, {
          ...base,
          method: 'PATCH',
          body: patch,
          headers: options.ifMatch ? { 'if-match': options.ifMatch } : {},
        })
      ).body,

    remove: async (id: string): Promise<void> => {
      await call(app, `tasks/${id}`, Nothing, { ...base, method: 'DELETE' });
    },

    complete: async (id: string): Promise<Task> =>
      (await call(app, `tasks/${id}/complete`, TaskSchema, { ...base, method: 'POST' })).body,

    reopen: async (id: string): Promise<Task> =>
      (await call(app, `tasks/${id}/reopen`, TaskSchema, { ...base, method: 'POST' })).body,

    /** The worker's recurrence step; null when the next occurrence exists already or the series ended. */
    nextOccurrence: async (id: string, eventId: string): Promise<Task | null> => {
      const { status, body } = await call(app, `tasks/${id}/next-occurrence`, TaskSchema.or(z.null()), {
        ...base,
        method: 'POST',
        body: { eventId },
      });
      return status === 201 ? body : null;
    },
  };
}
export type TaskClient = ReturnType<typeof taskClient>;
