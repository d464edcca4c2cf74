// Starts a service: HTTP at once (the sidecar waits for the app port), its outbox relay once
// the sidecar answers, and a graceful stop on SIGTERM/SIGINT.
import { serve } from '@hono/node-server';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import type { Hono } from 'hono';
import { COMPONENTS } from '../contracts';
import { publishEvent } from '../dapr/publish';
import { waitForSidecar } from '../dapr/sidecar';
import { log } from '../platform/log';
import { parseEnv, ServiceEnvSchema } from './env';
import { OutboxRelay } from './outbox/relay';

export type ServiceSetup = {
  name: string;
  // biome-ignore lint/suspicious/noExplicitAny: any schema
  outboxDb?: () => Promise<PostgresJsDatabase<any>>;
  /** `kickRelay` wakes the outbox relay after a transaction that wrote events has committed. */
  createApp: (deps: { appApiToken: string; kickRelay: () => void }) => Hono;
};

export function runService({ name, outboxDb, createApp }: ServiceSetup): void {
  const env = parseEnv(ServiceEnvSchema);
  const relay = outboxDb
    ? new OutboxRelay(outboxDb, (row) =>
        publishEvent(COMPONENTS.pubsub, row.topic, row.data, { id: row.eventId, type: row.type }),
      )
    : undefined;
  const app = createApp({ appApiToken: env.APP_API_TOKEN, kickRelay: () => relay?.kick() });
  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.LISTEN_HOST }, (info) =>
    log.info({ port: info.port, host: env.LISTEN_HOST }, `${name} listening`),
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
