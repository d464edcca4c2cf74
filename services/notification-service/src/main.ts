import '@/lib/service-kit/tracing';
import { runService } from '@/lib/service-kit/run';
import { createNotificationServiceApp } from './app';
import { getDb } from './db/client';

runService({
  name: 'notification-service',
  outboxDb: getDb,
  createApp: ({ appApiToken, kickRelay }) => createNotificationServiceApp({ appApiToken, db: getDb, kickRelay }),
});
