// Imported first by each service's main.ts: tracing must start before the Dapr SDK loads node:http,
// or the SDK's requests to the sidecar carry no trace context. It reads only the tracing part of the
// configuration; runService parses (and checks) the whole of it right after.
import { z } from 'zod';
import { logConfig, parseConfigOrExit, TracingConfig } from '../platform/config';
import { startTracing } from '../platform/tracing-sdk';

const { APP_ID, OTEL_EXPORTER_OTLP_ENDPOINT } = parseConfigOrExit(
  z.object({ ...TracingConfig.shape, APP_ID: logConfig('service').shape.APP_ID }),
);
startTracing(APP_ID, OTEL_EXPORTER_OTLP_ENDPOINT);
