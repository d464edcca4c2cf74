// W3C trace context for every server process, on the OpenTelemetry API only: without a started SDK
// (lib/platform/tracing-sdk.ts) every call here is a cheap no-op and no traceparent is produced.
import {
  type Attributes,
  type Context,
  context,
  INVALID_SPAN_CONTEXT,
  type Link,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { processSingleton } from './singleton';

export { SpanKind, SpanStatusCode };

const tracer = () => trace.getTracer('todo');

/** Whether this process runs a tracing SDK (set by tracing-sdk.ts); one value for every module instance. */
const sdk = processSingleton('tracing.running', () => ({ running: false }));
export const setTracingRunning = (running: boolean) => {
  sdk.running = running;
};
/** The span inSpan hands over when nothing records: what the API's no-op tracer would make, made once. */
const NOT_RECORDING = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/** The traceparent of the active span, stored with work that continues later (outbox rows, reminder jobs). */
export function currentTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** A context whose parent is a stored traceparent (the active context when there is none). */
export function contextOfTraceparent(
  traceparent: string | null | undefined,
  base: Context = context.active(),
): Context {
  return traceparent ? propagation.extract(base, { traceparent }) : base;
}

/** The trace context of an incoming request (traceparent and tracestate, as daprd forwards them). */
export function contextOfHeaders(headers: Headers): Context {
  return propagation.extract(ROOT_CONTEXT, headers, {
    get: (carrier, key) => carrier.get(key) ?? undefined,
    keys: (carrier) => [...carrier.keys()],
  });
}

export type SpanOptions = { kind?: SpanKind; attributes?: Attributes; parent?: Context; links?: Link[] };

/** Runs `fn` in a new active span (a child of `parent`, else of the active context) and ends it; a throw marks it failed. */
export async function inSpan<T>(name: string, options: SpanOptions, fn: (span: Span) => Promise<T>): Promise<T> {
  // Without an SDK the API's span and context switch record nothing; they cost web's fast lane 2% per request.
  if (!sdk.running) return fn(NOT_RECORDING);
  const parent = options.parent ?? context.active();
  return tracer().startActiveSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes, links: options.links },
    parent,
    async (span) => {
      try {
        return await fn(span);
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** A span that is over at once (an SSE frame written, a message handed on), in the active context. */
export function recordSpan(name: string, attributes: Attributes = {}): void {
  tracer().startSpan(name, { attributes }).end();
}

/** A link to the active span, for work that continues another trace (a reminder job trigger). */
export function linkToActive(): Link[] {
  const spanContext = trace.getSpanContext(context.active());
  return spanContext ? [{ context: spanContext }] : [];
}
