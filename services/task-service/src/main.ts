import { runService } from '@/lib/service/run';
import { createTaskServiceApp } from './app';
import { getDb } from './db/client';

runService({
  name: 'task-service',
  outboxDb: getDb,
  createApp: ({ appApiToken, relay }) => createTaskServiceApp({ appApiToken, db: getDb, relay }),
});
