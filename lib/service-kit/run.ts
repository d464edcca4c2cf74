// Starts a service: HTTP at once (the sidecar waits for the app port), its outbox relay once
// the sidecar answers, and a graceful stop on SIGTERM/SIGINT.
import { serve } from '@hono/node-server';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import type { Hono } from 'hono';
import { COMPONENTS } from '../contracts';
import { publishEvent } from '../dapr/publish';
import { waitForSidecar } from '../dapr/sidecar';
import { loadServerConfig } from '../platform/config';
import { configureLog, log } from '../platform/log';
import { SERVICE_CONFIG_SCHEMAS, type ServiceConfig, type ServiceName } from './env';
import { OutboxRelay } from './outbox/relay';

export type ServiceSetup = {
  name: ServiceName;
  // biome-ignore lint/suspicious/noExplicitAny: any schema
  outboxDb?: () => Promise<PostgresJsDatabase<any>>;
  /** `kickRelay` wakes the outbox relay after a transaction that wrote events has committed. */
  createApp: (deps: { appApiToken: string; kickRelay: () => void; config: ServiceConfig }) => Hono;
};

export function runService({ name, outboxDb, createApp }: ServiceSetup): void {
  // First of all: a bad configuration stops the service (exit code 1) naming the variable.
  const env = loadServerConfig(name, SERVICE_CONFIG_SCHEMAS[name]);
  configureLog(env);
  const relay = outboxDb
    ? new OutboxRelay(outboxDb, (row) =>
        publishEvent(COMPONENTS.pubsub, row.topic, row.data, { id: row.eventId, type: row.type }),
      )
    : undefined;
  const app = createApp({ appApiToken: env.APP_API_TOKEN, kickRelay: () => relay?.kick(), config: env });
  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: '0.0.0.0' }, (info) =>
    log.info({ port: info.port }, `${name} listening`),
  );
  waitForSidecar(120_000).then(
    () => relay?.start(),
    (error: unknown) => {
      log.error({ err: error }, 'sidecar never became ready');
      process.exit(1);
    },
  );
  const shutdown = async () => {
    server.close();
    await relay?.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}
