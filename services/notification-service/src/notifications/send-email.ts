// Reminder e-mail through the `email` SMTP output binding.
import { COMPONENTS, type Notification } from '@/lib/contracts';
import { invokeBinding } from '@/lib/dapr/bindings';
import { log } from '@/lib/platform/log';

export async function sendReminderEmail(to: string, notification: Notification): Promise<void> {
  await invokeBinding(COMPONENTS.email, {
    operation: 'create',
    data: `${notification.body}\n\n— Todo`,
    metadata: { emailTo: to, subject: `Reminder: ${notification.title}` },
  });
}

/** Best effort with a few retries: an SMTP outage must not hold back notifications. */
export async function sendReminderEmailWithRetry(to: string, notification: Notification, attempts = 5): Promise<void> {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await sendReminderEmail(to, notification);
      return;
    } catch (error) {
      if (attempt === attempts) {
        log.error({ err: error, notificationId: notification.id }, 'reminder e-mail not sent');
        return;
      }
      await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
    }
  }
}
