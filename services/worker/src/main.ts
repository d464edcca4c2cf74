import '@/lib/service-kit/tracing';
import { runService } from '@/lib/service-kit/run';
import { createWorkerApp } from './app';

runService({ name: 'worker', createApp: ({ appApiToken }) => createWorkerApp(appApiToken) });
