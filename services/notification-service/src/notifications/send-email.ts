// Reminder e-mail through the `email` SMTP output binding (called by the e-mail relay).
import { COMPONENTS, type Notification } from '@/lib/contracts';
import { sidecarFetch } from '@/lib/dapr/sidecar';
import type { EmailOutboxRow } from '../db/email-outbox-schema';

/** The e-mail row for a notification, queued in the transaction that stores the notification. */
export function reminderEmail(emailTo: string, notification: Notification) {
  return {
    emailTo,
    subject: `Reminder: ${notification.title}`,
    body: `${notification.body}\n\n— Todo`,
  };
}

export async function sendEmail(row: Pick<EmailOutboxRow, 'emailTo' | 'subject' | 'body'>): Promise<void> {
  const res = await sidecarFetch(`/v1.0/bindings/${COMPONENTS.email}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      operation: 'create',
      data: row.body,
      metadata: { emailTo: row.emailTo, subject: row.subject },
    }),
  });
  if (!res.ok) throw new Error(`email binding answered ${res.status}: ${await res.text()}`);
}
