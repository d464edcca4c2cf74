import '@/lib/service-kit/tracing';
import { runService } from '@/lib/service-kit/run';
import { createUnitOfWork } from '@/lib/service-kit/unit-of-work';
import { createNotificationServiceApp } from './app';
import { getDb } from './db/client';
import { EmailRelay } from './notifications/email-relay';
import { sendEmail } from './notifications/send-email';

const emailRelay = new EmailRelay(getDb, sendEmail);

runService({
  name: 'notification-service',
  outboxDb: getDb,
  background: [emailRelay],
  createApp: ({ appApiToken, kickRelay }) =>
    createNotificationServiceApp({
      appApiToken,
      db: getDb,
      run: createUnitOfWork({ db: getDb, kickRelay }),
      kickEmail: () => emailRelay.kick(),
    }),
});
