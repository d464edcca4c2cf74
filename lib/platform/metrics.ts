// Prometheus metrics of every app (prom-client), served on their own port (METRICS_PORT of the
// process's configuration, 9464 by default) so that the app port stays reachable only through the sidecar. Metrics are created once
// per process even where Next bundles this module into several chunks (get-or-create by name).
import { createServer, type Server } from 'node:http';
import { Counter, collectDefaultMetrics, Gauge, Histogram, type Metric, register } from 'prom-client';
import { log } from './log';

function once<T extends Metric>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

/** Requests an app answered, by route template (ids never become labels). */
export const httpRequests = once(
  'http_requests_total',
  () =>
    new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route and status',
      labelNames: ['method', 'route', 'status'],
    }),
);

export const httpDuration = once(
  'http_request_duration_seconds',
  () =>
    new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to the response head, by method, route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
);

/** Reminders whose event was written, by what triggered them (the job at its time, or the sweep). */
export const remindersFired = once(
  'todo_reminders_fired_total',
  () =>
    new Counter({
      name: 'todo_reminders_fired_total',
      help: 'Reminders fired (event written to the outbox), by trigger',
      labelNames: ['trigger'],
    }),
);

/** How long after remindAt a reminder fired: the scheduler's and the sweep's lateness. */
export const reminderLateness = once(
  'todo_reminder_lateness_seconds',
  () =>
    new Histogram({
      name: 'todo_reminder_lateness_seconds',
      help: 'Seconds from remindAt to the reminder firing, by trigger',
      labelNames: ['trigger'],
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
    }),
);

/** A gauge read when Prometheus scrapes (outbox backlog, open SSE streams). */
export function scrapedGauge(name: string, help: string, read: () => Promise<number> | number): Gauge {
  return once(
    name,
    () =>
      new Gauge({
        name,
        help,
        async collect() {
          this.set(await read());
        },
      }),
  );
}

/** `/users/3f1c…/read` -> `/users/:id/read`: UUIDs and numbers are ids, not routes. */
export function routeOf(pathname: string): string {
  return pathname
    .split('/')
    .map((part) => (/^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(part) || /^\d+$/.test(part) ? ':id' : part))
    .join('/');
}

export function observeRequest(method: string, route: string, status: number, startedAt: bigint): void {
  const labels = { method, route, status: String(status) };
  httpRequests.inc(labels);
  httpDuration.observe(labels, Number(process.hrtime.bigint() - startedAt) / 1e9);
}

const globalMetrics = globalThis as unknown as { __todoMetricsServer?: Server };

/** Serves GET /metrics on `port` (METRICS_PORT; 0 turns it off), process metrics included. Idempotent. */
export function serveMetrics(port: number, appId: string, host: string): Server | undefined {
  if (globalMetrics.__todoMetricsServer) return globalMetrics.__todoMetricsServer;
  if (port === 0) return undefined;
  register.setDefaultLabels({ app: appId });
  collectDefaultMetrics();
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    register.metrics().then(
      (body) => res.writeHead(200, { 'content-type': register.contentType }).end(body),
      (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
    );
  });
  server.on('error', (error) => log.warn({ err: error, port }, 'metrics endpoint not served'));
  server.listen(port, host);
  server.unref();
  globalMetrics.__todoMetricsServer = server;
  return server;
}
