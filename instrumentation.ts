// Runs once when the web server starts (`next start`, `next dev`; never during `next build`):
// parses web's configuration first, so a bad value stops the server before it takes a request;
// then OpenTelemetry (when OTEL_EXPORTER_OTLP_ENDPOINT is set: Next makes the request spans and
// continues an incoming traceparent) and the Prometheus endpoint on METRICS_PORT.
import { loadWebConfig } from './lib/web/env';

export async function register(): Promise<void> {
  const config = loadWebConfig();
  // Next's compile-time switch, not configuration: the SDK is for the Node.js server only.
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startTracing } = await import('./lib/platform/tracing-sdk');
  startTracing(config.APP_ID, config.OTEL_EXPORTER_OTLP_ENDPOINT);
  const { serveMetrics } = await import('./lib/platform/metrics');
  serveMetrics(config.METRICS_PORT, config.APP_ID, config.METRICS_HOST);
}
