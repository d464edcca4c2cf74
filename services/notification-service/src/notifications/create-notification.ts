import { eq } from 'drizzle-orm';
import { type CreateNotification, EVENT_TYPES, type Notification } from '@/lib/contracts';
import type { NotificationWork } from '../db/client';
import { notifications, userSettings } from '../db/schema';
import { sendReminderEmailWithRetry } from './send-email';
import { toNotification } from './to-notification';

export type CreatedNotification = { notification: Notification; isNew: boolean };

/**
 * Stores the notification of one reminder firing, once; a repeated reminder id returns the first.
 * A new one is e-mailed after the commit when the user asked for reminder e-mails.
 */
export async function createNotification(
  { tx, emit, afterCommit }: NotificationWork,
  userId: string,
  input: CreateNotification,
): Promise<CreatedNotification> {
  const [inserted] = await tx
    .insert(notifications)
    .values({ userId, kind: 'reminder', ...input })
    .onConflictDoNothing({ target: notifications.reminderId })
    .returning();
  if (!inserted) {
    const [existing] = await tx.select().from(notifications).where(eq(notifications.reminderId, input.reminderId));
    if (!existing) throw new Error('notification vanished during insert');
    return { notification: toNotification(existing), isNew: false };
  }
  const notification = toNotification(inserted);
  await emit(EVENT_TYPES.notificationCreated, userId, { userId, notification });
  const [settings] = await tx.select().from(userSettings).where(eq(userSettings.userId, userId));
  const emailTo = settings?.emailReminders ? settings.email : null;
  // Best effort in the background: an SMTP outage must not hold back the answer or the notification.
  if (emailTo) afterCommit(() => void sendReminderEmailWithRetry(emailTo, notification));
  return { notification, isNew: true };
}
