import { parseEnv } from '@/lib/service-kit/env';
import { runService } from '@/lib/service-kit/run';
import { createTaskServiceApp } from './app';
import { getDb } from './db/client';
import { limitsFromEnv, TaskLimitsSchema } from './tasks/user-limits';

const limits = limitsFromEnv(parseEnv(TaskLimitsSchema));

runService({
  name: 'task-service',
  outboxDb: getDb,
  createApp: ({ appApiToken, kickRelay }) => createTaskServiceApp({ appApiToken, db: getDb, kickRelay, limits }),
});
