// The local trace backend: Jaeger (scripts/install-jaeger.sh) with in-memory storage, its OTLP/HTTP
// receiver for the sidecars and the Node processes, and its query API (and UI port) for people and tests.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { DAPR_BIN } from '../local-config';

export type JaegerPorts = { query: number; queryGrpc: number; otlpHttp: number };

export const JAEGER_BIN = path.join(DAPR_BIN, 'jaeger');

/** Jaeger's configuration for one stack run: only what the stack uses, every port on loopback and its own. */
export function writeJaegerConfig(runDir: string, ports: JaegerPorts): string {
  const config = {
    service: {
      extensions: ['jaeger_storage', 'jaeger_query'],
      pipelines: {
        traces: { receivers: ['otlp'], processors: ['batch'], exporters: ['jaeger_storage_exporter'] },
      },
      // No self-metrics listener (its default port 8888 would clash between stacks), no self-traces.
      telemetry: { metrics: { level: 'none' }, traces: { level: 'none' }, logs: { level: 'warn' } },
    },
    extensions: {
      jaeger_storage: { backends: { memstore: { memory: { max_traces: 100_000 } } } },
      jaeger_query: {
        storage: { traces: 'memstore' },
        http: { endpoint: `127.0.0.1:${ports.query}` },
        grpc: { endpoint: `127.0.0.1:${ports.queryGrpc}` },
      },
    },
    receivers: { otlp: { protocols: { http: { endpoint: `127.0.0.1:${ports.otlpHttp}` } } } },
    processors: { batch: { timeout: '200ms' } },
    exporters: { jaeger_storage_exporter: { trace_storage: 'memstore' } },
  };
  const file = path.join(runDir, 'jaeger.yaml');
  writeFileSync(file, stringify(config));
  return file;
}

export function assertJaegerInstalled(): void {
  if (!existsSync(JAEGER_BIN)) throw new Error(`${JAEGER_BIN} is missing: run bash scripts/install-jaeger.sh`);
}
