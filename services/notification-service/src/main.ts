import { runService } from '@/lib/service-kit/run';
import { createUnitOfWork } from '@/lib/service-kit/unit-of-work';
import { createNotificationServiceApp } from './app';
import { getDb } from './db/client';

runService({
  name: 'notification-service',
  outboxDb: getDb,
  createApp: ({ appApiToken, kickRelay }) =>
    createNotificationServiceApp({ appApiToken, db: getDb, run: createUnitOfWork({ db: getDb, kickRelay }) }),
});
