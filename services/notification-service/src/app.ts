// notification-service HTTP API, reached only through its Dapr sidecar. Each handler parses, runs one
// operation (reads directly, changes with events as a unit of work: lib/service-kit/unit-of-work.ts) and maps.
import type { Hono } from 'hono';
import {
  CreateNotificationSchema,
  ListNotificationsQuerySchema,
  notificationIdOf,
  PutSettingsSchema,
  parseOrThrow,
} from '@/lib/contracts';
import { actingUser, createServiceApp, readJson } from '@/lib/service-kit/app';
import type { Db, RunNotificationOperation } from './db/client';
import { createNotification } from './notifications/create-notification';
import { listNotifications } from './notifications/list-notifications';
import { markAllRead, markRead } from './notifications/mark-read';
import { getSettings, putSettings } from './notifications/settings';

export type Deps = {
  appApiToken: string;
  db: () => Promise<Db>;
  run: RunNotificationOperation;
  kickEmail?: () => void;
};

export function createNotificationServiceApp({ appApiToken, db, run, kickEmail }: Deps): Hono {
  const app = createServiceApp(appApiToken);

  // GET /notifications: list (newest first, or oldest first after a cursor for replay)
  app.get('/notifications', async (c) => {
    const query = parseOrThrow(ListNotificationsQuerySchema, c.req.query(), 'query');
    return c.json(await listNotifications(await db(), actingUser(c), query));
  });

  // POST /notifications: the worker stores a reminder's notification (idempotent on reminderId)
  app.post('/notifications', async (c) => {
    const input = await readJson(c, CreateNotificationSchema);
    const userId = actingUser(c);
    const { notification, isNew } = await run((work) => createNotification(work, userId, input, kickEmail));
    return c.json(notification, isNew ? 201 : 200);
  });

  // POST /notifications/read-all
  app.post('/notifications/read-all', async (c) => {
    await markAllRead(await db(), actingUser(c));
    return c.body(null, 204);
  });

  // POST /notifications/:id/read
  app.post('/notifications/:id/read', async (c) => {
    await markRead(await db(), actingUser(c), Number(notificationIdOf(c.req.param('id'))));
    return c.body(null, 204);
  });

  // GET|PUT /settings: per-user notification settings
  app.get('/settings', async (c) => c.json(await getSettings(await db(), actingUser(c))));
  app.put('/settings', async (c) => {
    const settings = await readJson(c, PutSettingsSchema);
    return c.json(await putSettings(await db(), actingUser(c), settings));
  });

  return app;
}
