// Structured JSON logs for every process.
import pino from 'pino';
import { loadedServerConfig } from './config/current';
import type { LogConfig } from './config/parts';

let appId = 'todo';

export const log = pino({
  level: 'info',
  base: null,
  mixin: () => ({ app: appId }),
  redact: ['password', '*.password', 'headers.cookie', 'headers["dapr-api-token"]', 'headers.authorization'],
});

/** Applies the process's log configuration (a service's start does this after parsing it). */
export function configureLog(config: LogConfig): void {
  log.level = config.LOG_LEVEL;
  appId = config.APP_ID;
}

// A module instance loaded after its process's configuration (web's route handlers) takes it at once.
const loaded = loadedServerConfig();
if (loaded) configureLog(loaded);

/** The W3C trace id of a request, from the traceparent header Dapr forwards. */
export function traceIdOf(headers: Headers): string | undefined {
  return headers.get('traceparent')?.split('-')[1];
}
