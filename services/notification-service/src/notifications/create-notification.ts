import { eq } from 'drizzle-orm';
import { type CreateNotification, EVENT_TYPES, type Notification } from '@/lib/contracts';
import { enqueueEvent } from '@/lib/service-kit/outbox/enqueue';
import type { Db } from '../db/client';
import { notifications, userSettings } from '../db/schema';
import { toNotification } from './to-notification';

export type CreatedNotification = { notification: Notification; isNew: boolean; emailTo: string | null };

/** Stores the notification of one reminder firing, once; a repeated reminder id returns the first. */
export async function createNotification(
  db: Db,
  userId: string,
  input: CreateNotification,
): Promise<CreatedNotification> {
  return db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(notifications)
      .values({ userId, kind: 'reminder', ...input })
      .onConflictDoNothing({ target: notifications.reminderId })
      .returning();
    if (!inserted) {
      const [existing] = await tx.select().from(notifications).where(eq(notifications.reminderId, input.reminderId));
      if (!existing) throw new Error('notification vanished during insert');
      return { notification: toNotification(existing), isNew: false, emailTo: null };
    }
    const notification = toNotification(inserted);
    await enqueueEvent(tx, EVENT_TYPES.notificationCreated, userId, { userId, notification });
    const [settings] = await tx.select().from(userSettings).where(eq(userSettings.userId, userId));
    return { notification, isNew: true, emailTo: settings?.emailReminders ? (settings.email ?? null) : null };
  });
}
