// Ids in paths and cursors. A path id that is not well-formed names no resource: 404 everywhere
// (web and services alike), the same answer as another user's resource.
import { z } from 'zod';
import { AppError } from './problem';

export const TaskIdSchema = z.uuid({ message: 'task id must be a UUID' }).transform((id) => id.toLowerCase());

/**
 * Notification ids are monotonic integers and double as cursors (`after`, `before`, the SSE `id:`
 * line and Last-Event-ID). `0` is a valid cursor (before the first notification) but names none.
 */
export const NotificationIdSchema = z.string().regex(/^\d{1,18}$/, 'must be a notification id (digits)');

/** Parses an id taken from a path; anything malformed is `not_found`. */
export function pathIdOf<S extends z.ZodType<string, string>>(schema: S, raw: string, what: string): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AppError('not_found', `${what} ${JSON.stringify(raw.slice(0, 100))} does not exist`);
  return parsed.data;
}

export const taskIdOf = (raw: string) => pathIdOf(TaskIdSchema, raw, 'task');
export const notificationIdOf = (raw: string) => pathIdOf(NotificationIdSchema, raw, 'notification');
