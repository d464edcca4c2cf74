// Starts OpenTelemetry in a Node process when its configuration has OTEL_EXPORTER_OTLP_ENDPOINT (`TRACING=1 npm run
// dev`, the tracing test, Kubernetes): spans go over OTLP/HTTP to Jaeger or a collector, W3C trace
// context flows through every outgoing fetch (undici) and node:http request (the Dapr SDK).
// Incoming requests get their server spans from Next (web) and lib/service-kit/app.ts (services).
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { processSingleton } from './singleton';
import { setTracingRunning } from './tracing';

/** Health and readiness probes would drown the traces that matter. */
const isProbe = (path: string) => /\/(healthz(\/outbound)?|api\/health|api\/ready|metrics)(\?|$)/.test(path);

// One SDK per process: web's instrumentation.ts starts it inside Next's bundle, web-server.ts stops it from its own.
const slot = processSingleton('tracing.sdk', () => ({ sdk: undefined as NodeSDK | undefined }));

/**
 * Starts tracing for `serviceName` (the Dapr app-id, as the sidecar names its own spans) towards
 * `endpoint` (OTEL_EXPORTER_OTLP_ENDPOINT of the process's configuration); false when off.
 */
export function startTracing(serviceName: string, endpoint: string | undefined): boolean {
  if (!endpoint || slot.sdk) return Boolean(slot.sdk);
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }), {
        scheduledDelayMillis: 500,
      }),
    ],
    // Traces only: metrics are Prometheus (lib/platform/metrics.ts), logs are pino with the trace id.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        // Not `ignoreIncomingRequestHook`: an ignored request runs with tracing suppressed, Next's spans too.
        disableIncomingRequestInstrumentation: true,
        ignoreOutgoingRequestHook: (req) => isProbe(req.path ?? ''),
      }),
      new UndiciInstrumentation({ ignoreRequestHook: (req) => isProbe(req.path) }),
    ],
  });
  sdk.start();
  slot.sdk = sdk;
  setTracingRunning(true);
  return true;
}

/** Sends the spans still buffered; call before the process exits. */
export async function stopTracing(): Promise<void> {
  setTracingRunning(false);
  await slot.sdk?.shutdown().catch(() => {});
  slot.sdk = undefined;
}
