// Names shared by every process: app ids, Dapr components, topics, headers.

export const APP_IDS = {
  web: 'web',
  taskService: 'task-service',
  notificationService: 'notification-service',
  worker: 'worker',
} as const;

export const COMPONENTS = {
  pubsub: 'pubsub',
  pubsubFanout: 'pubsub-fanout',
  statestore: 'statestore',
  secretstore: 'secretstore',
  reminderSweep: 'reminder-sweep',
  email: 'email',
  /** Optional conversation.* component (an LLM) the chat offers its tools to. */
  llm: 'llm',
} as const;

export const TOPICS = {
  taskEvents: 'task-events',
  reminders: 'reminders',
  notifications: 'notifications',
} as const;
export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

export const HEADERS = {
  /** The acting user, set only by `web` (or the worker, from an event). */
  userId: 'x-user-id',
  /** Idempotency key for POST requests. */
  idempotencyKey: 'idempotency-key',
  /** Token a sidecar sends to its app (APP_API_TOKEN). */
  appApiToken: 'dapr-api-token',
  /** Set by task-service when an Idempotency-Key replays the first result. */
  idempotentReplayed: 'idempotent-replayed',
} as const;

/** Secret keys in the `secretstore` component. */
export const SECRETS = {
  webDatabaseUrl: 'web-database-url',
  tasksDatabaseUrl: 'tasks-database-url',
  notificationsDatabaseUrl: 'notifications-database-url',
  stateDatabaseUrl: 'state-database-url',
  authSecret: 'auth-secret',
} as const;
