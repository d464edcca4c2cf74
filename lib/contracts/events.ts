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

/** The event types published on a topic. */
export type EventTypeOn<T extends Topic> = {
  [K in EventType]: (typeof EVENTS)[K]['topic'] extends T ? K : never;
}[EventType];

/** An event as a subscriber of its topic sees it: `{ type, data }`, narrowed by `type`. */
export type TopicEvent<T extends Topic> = { [K in EventTypeOn<T>]: { type: K; data: EventData<K> } }[EventTypeOn<T>];

/** The event types published on a topic, from the catalogue (never listed a second time). */
export const eventTypesOn = (topic: Topic): EventType[] =>
  (Object.keys(EVENTS) as EventType[]).filter((type) => EVENTS[type].topic === topic);

function buildTopicSchema<T extends Topic>(topic: T): z.ZodType<TopicEvent<T>> {
  const [first, ...rest] = eventTypesOn(topic).map((type) =>
    z.object({ type: z.literal(type), data: EVENTS[type].schema }),
  );
  if (!first) throw new Error(`the event catalogue has no event on topic ${topic}`);
  // The members are the catalogue's entries for this topic, so the union is TopicEvent<T> by construction.
  return z.discriminatedUnion('type', [first, ...rest]) as unknown as z.ZodType<TopicEvent<T>>;
}

const TOPIC_SCHEMAS = Object.fromEntries(Object.values(TOPICS).map((topic) => [topic, buildTopicSchema(topic)])) as {
  [T in Topic]: z.ZodType<TopicEvent<T>>;
};

/** What a subscriber of `topic` validates each delivery's `{ type, data }` with. */
export const topicEventSchema = <T extends Topic>(topic: T): z.ZodType<TopicEvent<T>> => TOPIC_SCHEMAS[topic];

/** The CloudEvents envelope Dapr delivers to subscribers (the fields we read). */
export const CloudEventSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  source: z.string().optional(),
  topic: z.string().optional(),
  data: z.unknown(),
});
export type CloudEvent = z.infer<typeof CloudEventSchema>;
