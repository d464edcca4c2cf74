// Structured JSON logs for every process.
import pino from 'pino';

export const log = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { app: process.env.APP_ID ?? 'todo' },
  redact: ['password', '*.password', 'headers.cookie', 'headers["dapr-api-token"]', 'headers.authorization'],
});

/** The W3C trace id of a request, from the traceparent header Dapr forwards. */
export function traceIdOf(headers: Headers): string | undefined {
  return headers.get('traceparent')?.split('-')[1];
}
