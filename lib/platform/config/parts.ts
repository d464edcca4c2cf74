// Small configuration parts, one per concern. A process's schema composes the parts it needs
// (lib/web/env.ts, lib/service-kit/env.ts, scripts/local-config.ts). Messages complete the
// variable's name: "DAPR_API_TOKEN is not set (...)".
import { z } from 'zod';

const notSet = (purpose: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? `is not set (${purpose})` : `must be text (${purpose})`;

/** A required piece of text, e.g. a token. */
export const requiredText = (purpose: string, minLength = 1) =>
  z.string({ error: notSet(purpose) }).min(minLength, `must be at least ${minLength} characters (${purpose})`);

/** A whole number in [min, max]; `Number("x")` would have been NaN and silently disabled a feature. */
export const wholeNumber = (purpose: string, min: number, max: number) => {
  const message = `must be a whole number from ${min} to ${max} (${purpose})`;
  return z
    .string({ error: notSet(purpose) })
    .regex(/^\d+$/, message)
    .transform(Number)
    .refine((n) => n >= min && n <= max, message);
};

export const port = (purpose: string) => wholeNumber(purpose, 1, 65_535);

/** Where the process's Dapr sidecar is, and the token every sidecar requires from its app. */
export const SidecarConfig = z.object({
  DAPR_HOST: z.string().default('127.0.0.1'),
  DAPR_HTTP_PORT: port("the sidecar's HTTP port; Dapr sets it for its app"),
  DAPR_API_TOKEN: requiredText('the token this process sends to its Dapr sidecar', 16),
});
export type SidecarConfig = z.infer<typeof SidecarConfig>;

/** The token an app requires from its own sidecar on every request (`dapr-api-token`). */
export const AppTokenConfig = z.object({
  APP_API_TOKEN: requiredText('the token this app requires from its Dapr sidecar', 16),
});

/** The port a service listens on. */
export const HttpPortConfig = z.object({ PORT: port('the port this service listens on') });

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Structured logs: level, and the app id each line carries (the process's own name by default). */
export const logConfig = (appId: string) =>
  z.object({
    LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
    APP_ID: z.string().default(appId),
  });
export type LogConfig = z.infer<ReturnType<typeof logConfig>>;

/** Spans over OTLP/HTTP (Jaeger locally, a collector in Kubernetes); unset, tracing is off. */
export const TracingConfig = z.object({
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .url({
      protocol: /^https?$/,
      error: 'must be a URL such as http://127.0.0.1:4318 (where spans are sent over OTLP/HTTP)',
    })
    .optional(),
});

/** The app's own Prometheus endpoint, never on the app port (0 turns it off); loopback unless the pod says 0.0.0.0. */
export const MetricsConfig = z.object({
  METRICS_PORT: wholeNumber('the port of /metrics; 0 turns it off', 0, 65_535).default(9464),
  METRICS_HOST: z
    .union([z.ipv4(), z.ipv6()], { message: 'must be an IP address (where /metrics listens)' })
    .default('127.0.0.1'),
});

/** Proxies in front of web that append to X-Forwarded-For (the ingress: 1; 0 = trust no header). */
export const TrustedProxyConfig = z.object({
  TRUSTED_PROXY_HOPS: wholeNumber('proxies in front of web that append to X-Forwarded-For', 0, 20).default(1),
});

const isPostgresUrl = (value: string) => {
  try {
    return /^postgres(ql)?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
};
const postgresUrl = (purpose: string) => z.string().refine(isPostgresUrl, `must be a postgres:// URL (${purpose})`);

/** Databases for the migration script: the admin URL, and per-database URLs that override it (Kubernetes). */
export const MigrationConfig = z.object({
  DATABASE_ADMIN_URL: postgresUrl('the server where the databases are created').default(
    'postgres://postgres@127.0.0.1:5432/postgres',
  ),
  WEB_DATABASE_URL: postgresUrl("web's database").optional(),
  TASKS_DATABASE_URL: postgresUrl("task-service's database").optional(),
  NOTIFICATIONS_DATABASE_URL: postgresUrl("notification-service's database").optional(),
  STATE_DATABASE_URL: postgresUrl("the state store's database").optional(),
});

const isHostPort = (b: string) => /^[^\s:,]+:\d{1,5}$/.test(b) && Number(b.split(':')[1]) <= 65_535;

/** The local runtime of the developer scripts: Dapr binaries, Kafka instead of Redis, port offsets. */
export const LocalRuntimeConfig = z.object({
  HOME: z.string().default('/root'),
  DAPR_HOME: z.string().optional(),
  KAFKA_BROKERS: z
    .string()
    .transform((value) => value.trim())
    .refine((value) => value.split(',').every(isHostPort), 'must be host:port[,host:port...]')
    .optional(),
  PORT_OFFSET: wholeNumber('added to every port of the dev stack', 0, 60_000).default(0),
  /** `TRACING=1 npm run dev` starts Jaeger and sends it every span. */
  TRACING: z
    .enum(['0', '1', 'true', 'false', 'yes', 'no'], { error: 'must be 1 or 0 (start Jaeger with the dev stack)' })
    .transform((value) => ['1', 'true', 'yes'].includes(value))
    .default(false),
  CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
});
