// Runs once when the web server starts (`next start`, `next dev`; never during `next build`):
// parses web's configuration first, so a bad value stops the server before it takes a request;
// then OpenTelemetry (when OTEL_EXPORTER_OTLP_ENDPOINT is set: Next makes the request spans and
// continues an incoming traceparent) and the Prometheus endpoint on METRICS_PORT.
//
// Next compiles this file for the Edge runtime too. Everything is imported behind its compile-time
// NEXT_RUNTIME switch, so the Edge build holds none of it: `next dev` warned, on every request, that
// the config parser's process.exit is not supported there.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { loadWebConfig } = await import('./lib/web/env');
  const config = loadWebConfig();
  const { startTracing } = await import('./lib/platform/tracing-sdk');
  startTracing(config.APP_ID, config.OTEL_EXPORTER_OTLP_ENDPOINT);
  const { serveMetrics } = await import('./lib/platform/metrics');
  serveMetrics(config.METRICS_PORT, config.APP_ID, config.METRICS_HOST);
}
