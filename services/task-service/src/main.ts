import '@/lib/service-kit/tracing';
import { parseConfigOrExit } from '@/lib/platform/config';
import { runService } from '@/lib/service-kit/run';
import { createUnitOfWork } from '@/lib/service-kit/unit-of-work';
import { createTaskServiceApp } from './app';
import { getDb } from './db/client';
import { limitsFromEnv, TaskLimitsSchema } from './tasks/user-limits';

const limits = limitsFromEnv(parseConfigOrExit(TaskLimitsSchema));

runService({
  name: 'task-service',
  outboxDb: getDb,
  createApp: ({ appApiToken, kickRelay }) =>
    createTaskServiceApp({ appApiToken, db: getDb, run: createUnitOfWork({ db: getDb, kickRelay }), limits }),
});
