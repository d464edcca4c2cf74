// Starts a service: HTTP at once (the sidecar waits for the app port), its outbox relay and other
// background loops once the sidecar answers, and a graceful stop on SIGTERM/SIGINT.
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { COMPONENTS } from '../contracts';
import { publishEvent } from '../dapr/publish';
import { waitForSidecar } from '../dapr/sidecar';
import { loadServerConfig } from '../platform/config';
import type { Database } from '../platform/lazy-db';
import { configureLog, log } from '../platform/log';
import { scrapedGauge, serveMetrics } from '../platform/metrics';
import { contextOfTraceparent, currentTraceparent, inSpan, SpanKind } from '../platform/tracing';
import { stopTracing } from '../platform/tracing-sdk';
import { SERVICE_CONFIG_SCHEMAS, type ServiceConfig, type ServiceName } from './env';
import { outboxBacklog } from './outbox/backlog';
import { OutboxRelay } from './outbox/relay';
import { closeGracefully } from './shutdown';

/** A loop that runs beside the HTTP server (a relay); `stop` returns once its work in flight is done. */
export type BackgroundLoop = { start(): void; stop(): Promise<void> };

/** How long in-flight requests get to finish after SIGTERM before their connections are cut. */
const DRAIN_MS = 10_000;

export type ServiceSetup = {
  name: ServiceName;
  // biome-ignore lint/suspicious/noExplicitAny: any schema
  outboxDb?: () => Promise<Database<any>>;
  /** Started once the sidecar answers, stopped after the HTTP server has drained. */
  background?: BackgroundLoop[];
  /** `kickRelay` wakes the outbox relay after a transaction that wrote events has committed. */
  createApp: (deps: { appApiToken: string; kickRelay: () => void; config: ServiceConfig }) => Hono;
};

export function runService({ name, outboxDb, background = [], createApp }: ServiceSetup): void {
  // First of all: a bad configuration stops the service (exit code 1) naming the variable.
  const env = loadServerConfig(name, SERVICE_CONFIG_SCHEMAS[name]);
  configureLog(env);
  const relay = outboxDb
    ? new OutboxRelay(outboxDb, (row) =>
        // The publish continues the trace of the request that wrote the row, not the relay's loop.
        inSpan(
          `${row.topic} publish`,
          {
            kind: SpanKind.PRODUCER,
            parent: contextOfTraceparent(row.traceparent),
            attributes: {
              'messaging.system': 'dapr',
              'messaging.destination.name': row.topic,
              'cloudevents.event_id': row.eventId,
              'cloudevents.event_type': row.type,
            },
          },
          () =>
            publishEvent(COMPONENTS.pubsub, row.topic, row.data, {
              id: row.eventId,
              type: row.type,
              traceparent: currentTraceparent() ?? row.traceparent ?? undefined,
            }),
        ),
      )
    : undefined;
  const loops: BackgroundLoop[] = [...(relay ? [relay] : []), ...background];
  const app = createApp({ appApiToken: env.APP_API_TOKEN, kickRelay: () => relay?.kick(), config: env });
  serveMetrics(env.METRICS_PORT, env.APP_ID, env.METRICS_HOST);
  if (outboxDb) {
    scrapedGauge(
      'todo_outbox_backlog',
      'Outbox rows not yet published',
      async () => (await outboxBacklog(outboxDb)).rows,
    );
    scrapedGauge(
      'todo_outbox_oldest_age_seconds',
      'Age of the oldest unpublished outbox row (0 when none)',
      async () => (await outboxBacklog(outboxDb)).oldestAgeSeconds,
    );
  }
  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.LISTEN_HOST }, (info) =>
    log.info({ port: info.port, host: env.LISTEN_HOST }, `${name} listening`),
  );
  let isStopping = false;
  waitForSidecar(120_000).then(
    () => {
      if (!isStopping) for (const loop of loops) loop.start();
    },
    (error: unknown) => {
      log.error({ err: error }, 'sidecar never became ready');
      process.exit(1);
    },
  );
  // Stop taking requests, let those in flight finish (their commits may kick the relays), then stop
  // the loops between batches: nothing a caller was told succeeded is cut off half-way.
  const shutdown = async (signal: string) => {
    if (isStopping) return;
    isStopping = true;
    log.info({ signal }, `${name} stopping`);
    const { isDrained } = await closeGracefully(server, DRAIN_MS);
    await Promise.all(loops.map((loop) => loop.stop()));
    log.info({ isDrained }, `${name} stopped`);
    await stopTracing();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
