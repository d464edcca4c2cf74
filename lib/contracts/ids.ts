// Ids in paths and cursors. A path id that is not well-formed names no resource: 404 everywhere
// (web and services alike), the same answer as another user's resource.
import type { z } from 'zod';
import { z as zod } from 'zod';
import { AppError } from './problem';

export const TaskIdSchema = zod.uuid({ message: 'task id must be a UUID' }).transform((id) => id.toLowerCase());

/** Notification ids are monotonic integers, used as cursors (also on the SSE `id:` line). */
export const NotificationIdSchema = zod.string().regex(/^[1-9]\d{0,17}$/, 'must be a notification id');

/** Parses an id taken from a path; anything malformed is `not_found`. */
export function pathIdOf<S extends z.ZodType<string, string>>(schema: S, raw: string, what: string): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AppError('not_found', `${what} ${JSON.stringify(raw.slice(0, 100))} does not exist`);
  return parsed.data;
}

export const taskIdOf = (raw: string) => pathIdOf(TaskIdSchema, raw, 'task');
export const notificationIdOf = (raw: string) => pathIdOf(NotificationIdSchema, raw, 'notification');
