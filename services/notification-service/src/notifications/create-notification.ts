import { eq, sql } from 'drizzle-orm';
import { type CreateNotification, EVENT_TYPES, type Notification } from '@/lib/contracts';
import type { NotificationWork } from '../db/client';
import { emailOutbox, notifications, userSettings } from '../db/schema';
import { reminderEmail } from './send-email';
import { toNotification } from './to-notification';

/** `hasEmail`: an e-mail was queued in the same transaction (the e-mail relay sends it). */
export type CreatedNotification = { notification: Notification; isNew: boolean; hasEmail: boolean };

/**
 * Stores the notification of one reminder firing, once; a repeated reminder id returns the first.
 * A new one queues its e-mail in the same transaction when the user asked for reminder e-mails.
 */
export async function createNotification(
  { tx, emit, afterCommit }: NotificationWork,
  userId: string,
  input: CreateNotification,
  /** Wakes the e-mail relay; called after the commit. */
  kickEmail: () => void = () => {},
): Promise<CreatedNotification> {
  // One writer per user at a time, so a user's notification ids are in commit order: the replay
  // cursor ("everything after id N") can then never skip a notification that committed late.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`notifications:${userId}`}, 0))`);
  const [inserted] = await tx
    .insert(notifications)
    .values({ userId, kind: 'reminder', ...input })
    .onConflictDoNothing({ target: notifications.reminderId })
    .returning();
  if (!inserted) {
    const [existing] = await tx.select().from(notifications).where(eq(notifications.reminderId, input.reminderId));
    if (!existing) throw new Error('notification vanished during insert');
    return { notification: toNotification(existing), isNew: false, hasEmail: false };
  }
  const notification = toNotification(inserted);
  await emit(EVENT_TYPES.notificationCreated, userId, { userId, notification });
  const [settings] = await tx.select().from(userSettings).where(eq(userSettings.userId, userId));
  const emailTo = settings?.emailReminders ? settings.email : null;
  // Durable: the e-mail relay sends it after the commit (kicked here), and again after a crash.
  if (emailTo) {
    await tx.insert(emailOutbox).values({ ...reminderEmail(emailTo, notification), notificationId: inserted.id });
    afterCommit(() => kickEmail());
  }
  return { notification, isNew: true, hasEmail: Boolean(emailTo) };
}
