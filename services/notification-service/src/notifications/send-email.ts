// Reminder e-mail through the `email` SMTP output binding (called by the e-mail relay).
import { COMPONENTS, type Notification } from '@/lib/contracts';
import { invokeBinding } from '@/lib/dapr/bindings';
import type { EmailOutboxRow } from '../db/email-outbox-schema';

/** The e-mail row of a notification, queued in the transaction that stores the notification. */
export function reminderEmail(emailTo: string, notification: Notification) {
  return { emailTo, subject: `Reminder: ${notification.title}`, body: `${notification.body}\n\n— Todo` };
}

export async function sendEmail(row: Pick<EmailOutboxRow, 'emailTo' | 'subject' | 'body'>): Promise<void> {
  await invokeBinding(COMPONENTS.email, {
    operation: 'create',
    data: row.body,
    metadata: { emailTo: row.emailTo, subject: row.subject },
  });
}
