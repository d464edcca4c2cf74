import { runService } from '@/lib/service/run';
import { createWorkerApp } from './app';

runService({ name: 'worker', createApp: ({ appApiToken }) => createWorkerApp(appApiToken) });
