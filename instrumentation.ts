// Next.js start-up hook (Node runtime only): OpenTelemetry for `web` when OTEL_EXPORTER_OTLP_ENDPOINT
// is set (Next makes the server spans itself and continues an incoming traceparent), and the
// Prometheus metrics endpoint on METRICS_PORT.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startTracing } = await import('./lib/platform/tracing-sdk');
  startTracing(process.env.APP_ID ?? 'web');
  const { serveMetrics } = await import('./lib/platform/metrics');
  serveMetrics();
}
