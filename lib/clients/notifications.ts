// The typed client of notification-service: one function per route, on behalf of one user.
import { z } from 'zod';
import {
  APP_IDS,
  type CreateNotification,
  type ListNotificationsQuery,
  type Notification,
  type NotificationPage,
  NotificationPageSchema,
  NotificationSchema,
  type Settings,
  SettingsSchema,
} from '../contracts';
import { call } from './call';

const Nothing = z.unknown();
const app = APP_IDS.notificationService;

export function notificationClient(userId: string) {
  const base = { userId };
  return {
    list: async (query: Partial<ListNotificationsQuery>): Promise<NotificationPage> =>
      (await call(app, 'notifications', NotificationPageSchema, { ...base, query })).body,

    /** The worker's reminder step, idempotent on `reminderId`. */
    create: async (input: CreateNotification): Promise<Notification> =>
      (await call(app, 'notifications', NotificationSchema, { ...base, method: 'POST', body: input })).body,

    markRead: async (id: string): Promise<void> => {
      await call(app, `notifications/${id}/read`, Nothing, { ...base, method: 'POST' });
    },

    markAllRead: async (): Promise<void> => {
      await call(app, 'notifications/read-all', Nothing, { ...base, method: 'POST' });
    },

    getSettings: async (): Promise<Settings> => (await call(app, 'settings', SettingsSchema, base)).body,

    putSettings: async (settings: Settings & { email: string | null }): Promise<Settings> =>
      (await call(app, 'settings', SettingsSchema, { ...base, method: 'PUT', body: settings })).body,
  };
}
export type NotificationClient = ReturnType<typeof notificationClient>;
