import { z } from 'zod';
import { NotificationIdSchema } from './ids';
import { lineText, multilineText } from './text';

export const NotificationSchema = z.object({
  id: z.string(),
  kind: z.literal('reminder'),
  taskId: z.uuid(),
  title: z.string(),
  body: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof NotificationSchema>;

export const NotificationPageSchema = z.object({
  items: z.array(NotificationSchema),
  unreadCount: z.number().int(),
  nextCursor: z.string().nullable(),
});
export type NotificationPage = z.infer<typeof NotificationPageSchema>;

/**
 * `after` lists oldest first from a cursor (SSE replay); without it, newest first, paged with `before`.
 */
export const ListNotificationsQuerySchema = z.strictObject({
  unread: z.enum(['true', 'false'], { message: 'unread must be true or false' }).optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1, 'limit must be between 1 and 100')
    .max(100, 'limit must be between 1 and 100')
    .default(20),
  after: NotificationIdSchema.optional(),
  before: NotificationIdSchema.optional(),
});
export type ListNotificationsQuery = z.infer<typeof ListNotificationsQuerySchema>;

/** worker -> notification-service: the notification for one reminder firing. */
export const CreateNotificationSchema = z.strictObject({
  taskId: z.uuid(),
  reminderId: lineText('reminderId').min(1).max(200),
  title: lineText('title').max(300),
  body: multilineText('body').max(1000),
});
export type CreateNotification = z.infer<typeof CreateNotificationSchema>;

export const SettingsSchema = z.strictObject({
  emailReminders: z.boolean({ message: 'emailReminders must be true or false' }),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** web -> notification-service: settings plus the address to send to. */
export const PutSettingsSchema = SettingsSchema.extend({ email: z.email().nullable() });
