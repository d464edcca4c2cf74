// The shape every service shares: sidecar-token check, problem+json errors, JSON bodies, acting user.
import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { z } from 'zod';
import { AppError, HEADERS } from '../contracts';
import { readJsonBody } from '../platform/json-body';
import { observeRequest } from '../platform/metrics';
import { errorResponse, problemResponse } from '../platform/problem-response';
import { contextOfHeaders, inSpan, SpanKind, SpanStatusCode } from '../platform/tracing';

function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A Hono app that accepts only requests from its own sidecar (`dapr-api-token` = APP_API_TOKEN). */
export function createServiceApp(appApiToken: string): Hono {
  const app = new Hono();
  // A server span per request, continuing the trace context the sidecar forwards (traceparent),
  // and the request's rate and latency by route.
  app.use(async (c, next) => {
    if (c.req.path === '/healthz') return next();
    const startedAt = process.hrtime.bigint();
    await inSpan(
      `${c.req.method} ${c.req.path}`,
      {
        kind: SpanKind.SERVER,
        parent: contextOfHeaders(c.req.raw.headers),
        attributes: { 'http.request.method': c.req.method },
      },
      async (span) => {
        await next();
        // Named by route, not by path: ids would make every span name unique.
        const route = c.req.matchedRoutes.findLast((r) => r.method !== 'ALL')?.path;
        if (route) span.updateName(`${c.req.method} ${route}`);
        span.setAttributes({ 'http.route': route ?? c.req.path, 'http.response.status_code': c.res.status });
        if (c.res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        observeRequest(c.req.method, route ?? 'unmatched', c.res.status, startedAt);
      },
    );
  });
  app.use(async (c, next) => {
    if (c.req.path === '/healthz') return next();
    const token = c.req.header(HEADERS.appApiToken);
    if (!token || !tokensEqual(token, appApiToken)) {
      return problemResponse(new AppError('unauthorized', 'requests must come through this service’s Dapr sidecar'));
    }
    return next();
  });
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.onError((error, c) =>
    errorResponse(error, { method: c.req.method, url: c.req.path, headers: c.req.raw.headers }),
  );
  app.notFound(() => problemResponse(new AppError('not_found', 'no such route')));
  return app;
}

/** Reads and validates a JSON body by the rules web's route handlers follow too. */
export const readJson = <T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> =>
  readJsonBody(c.req.raw, schema);

/** The acting user, set by web or the worker. */
export function actingUser(c: Context): string {
  const userId = c.req.header(HEADERS.userId);
  if (!userId) throw new AppError('unauthorized', `missing ${HEADERS.userId} header`);
  return userId;
}
