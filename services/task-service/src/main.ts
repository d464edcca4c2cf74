import { runService } from '@/lib/service-kit/run';
import { createUnitOfWork } from '@/lib/service-kit/unit-of-work';
import { createTaskServiceApp } from './app';
import { getDb } from './db/client';

runService({
  name: 'task-service',
  outboxDb: getDb,
  createApp: ({ appApiToken, kickRelay }) =>
    createTaskServiceApp({ appApiToken, db: getDb, run: createUnitOfWork({ db: getDb, kickRelay }) }),
});
