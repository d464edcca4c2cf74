// Event types, their topics and payloads: the one place publishers and subscribers read them from.
import { z } from 'zod';
import { TOPICS, type Topic } from './names';
import { NotificationSchema } from './notification';
import { TaskSchema } from './task';

export const EVENT_TYPES = {
  taskCreated: 'todo.task.created.v1',
  taskUpdated: 'todo.task.updated.v1',
  taskCompleted: 'todo.task.completed.v1',
  taskReopened: 'todo.task.reopened.v1',
  taskDeleted: 'todo.task.deleted.v1',
  reminderDue: 'todo.reminder.due.v1',
  notificationCreated: 'todo.notification.created.v1',
} as const;
export type EventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];

export const TaskChangedDataSchema = z.object({ userId: z.string().min(1), task: TaskSchema });
export const TaskDeletedDataSchema = z.object({ userId: z.string().min(1), taskId: z.uuid() });
export const ReminderDueDataSchema = z.object({
  userId: z.string().min(1),
  taskId: z.uuid(),
  reminderId: z.string().min(1),
  title: z.string(),
  dueAt: z.string().nullable(),
  remindAt: z.string(),
});
export const NotificationCreatedDataSchema = z.object({ userId: z.string().min(1), notification: NotificationSchema });

export const EVENTS = {
  [EVENT_TYPES.taskCreated]: { topic: TOPICS.taskEvents, schema: TaskChangedDataSchema },
  [EVENT_TYPES.taskUpdated]: { topic: TOPICS.taskEvents, schema: TaskChangedDataSchema },
  [EVENT_TYPES.taskCompleted]: { topic: TOPICS.taskEvents, schema: TaskChangedDataSchema },
  [EVENT_TYPES.taskReopened]: { topic: TOPICS.taskEvents, schema: TaskChangedDataSchema },
  [EVENT_TYPES.taskDeleted]: { topic: TOPICS.taskEvents, schema: TaskDeletedDataSchema },
  [EVENT_TYPES.reminderDue]: { topic: TOPICS.reminders, schema: ReminderDueDataSchema },
  [EVENT_TYPES.notificationCreated]: { topic: TOPICS.notifications, schema: NotificationCreatedDataSchema },
} as const satisfies Record<EventType, { topic: Topic; schema: z.ZodType }>;

export type EventData<T extends EventType> = z.infer<(typeof EVENTS)[T]['schema']>;

/** A task event as any subscriber of `task-events` sees it. */
export const TaskEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal(EVENT_TYPES.taskCreated), data: TaskChangedDataSchema }),
  z.object({ type: z.literal(EVENT_TYPES.taskUpdated), data: TaskChangedDataSchema }),
  z.object({ type: z.literal(EVENT_TYPES.taskCompleted), data: TaskChangedDataSchema }),
  z.object({ type: z.literal(EVENT_TYPES.taskReopened), data: TaskChangedDataSchema }),
  z.object({ type: z.literal(EVENT_TYPES.taskDeleted), data: TaskDeletedDataSchema }),
]);
export type TaskEvent = z.infer<typeof TaskEventSchema>;

/** The CloudEvents envelope Dapr delivers to subscribers (the fields we read). */
export const CloudEventSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  source: z.string().optional(),
  topic: z.string().optional(),
  data: z.unknown(),
});
export type CloudEvent = z.infer<typeof CloudEventSchema>;
