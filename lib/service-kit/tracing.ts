// Imported first by each service's main.ts: tracing must start before the Dapr SDK loads node:http,
// or the SDK's requests to the sidecar carry no trace context.
import { startTracing } from '../platform/tracing-sdk';

startTracing(process.env.APP_ID ?? 'service');
