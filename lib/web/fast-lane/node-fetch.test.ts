import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

vi.mock('server-only', () => ({}));
const { apiRequestOf, writeResponse } = await import('./node-fetch');
type FastRequest = import('./node-fetch').FastRequest;
const { API_HEADERS, matchRoute, serveFastLane } = await import('./routes');
const { readJsonBody, MAX_JSON_BODY_BYTES } = await import('@/lib/platform/json-body');
const { jsonText, toResponse, withErrors } = await import('@/lib/web/route');
type RouteAnswer = import('@/lib/web/route').RouteAnswer;

let server: Server | undefined;

afterEach(async () => {
  const s = server;
  server = undefined;
  s?.closeAllConnections();
  await new Promise<void>((resolve) => (s ? s.close(() => resolve()) : resolve()));
});

/** A server whose every request goes through the adaptation to `handler`. */
async function serve(handler: (req: FastRequest) => Promise<RouteAnswer> | RouteAnswer): Promise<string> {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const request = apiRequestOf(req, res);
    if (!request) {
      res.writeHead(400).end();
      return;
    }
    void Promise.resolve(handler(request)).then((response) => writeResponse(res, response, API_HEADERS));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const JsonSchema = z.object({ title: z.string() });
const readsJson = withErrors(async (req) => Response.json(await readJsonBody(req, JsonSchema)));

describe("the fast lane: Node request -> the handler's request", () => {
  it('carries method, URL (host, path, query), headers and the streamed body', async () => {
    let seen:
      | { method: string; url: string; path: string; q: string | null; header: string | null; body: string }
      | undefined;
    const url = await serve(async (req) => {
      seen = {
        method: req.method,
        url: req.url,
        path: req.nextUrl.pathname,
        q: req.nextUrl.searchParams.get('q'),
        header: req.headers.get('x-thing'),
        body: await req.text(),
      };
      return new Response(null, { status: 204 });
    });
    const res = await fetch(`${url}/api/tasks?q=milk`, { method: 'POST', headers: { 'x-thing': 'a' }, body: 'hello' });
    expect(res.status).toBe(204);
    expect(seen).toEqual({
      method: 'POST',
      url: `${url}/api/tasks?q=milk`,
      path: '/api/tasks',
      q: 'milk',
      header: 'a',
      body: 'hello',
    });
  });

  it('aborts the request signal when the client goes away', async () => {
    const aborted = vi.fn();
    const url = await serve((req) => {
      req.signal.addEventListener('abort', aborted);
      return new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode(': hi\n\n')) }), {
        headers: { 'content-type': 'text/event-stream' },
      });
    });
    const controller = new AbortController();
    const res = await fetch(`${url}/api/events`, { signal: controller.signal });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    controller.abort();
    await vi.waitFor(() => expect(aborted).toHaveBeenCalled());
  });

  it('ends a body read with an error when the client goes away mid-body, instead of waiting forever', async () => {
    const outcome = vi.fn();
    const url = await serve(async (req) => {
      await req.readBodyWithin(1_000).then(
        () => outcome('read'),
        () => outcome('failed'),
      );
      return new Response(null, { status: 204 });
    });
    const { port } = new URL(url);
    const client = httpRequest({ port, method: 'POST', path: '/api/tasks', headers: { 'content-length': '100' } });
    client.on('error', () => {});
    client.write('{"title":');
    await new Promise((resolve) => setTimeout(resolve, 50));
    client.destroy();
    await vi.waitFor(() => expect(outcome).toHaveBeenCalledWith('failed'));
  });

  it('gives a handler that asks only after its client went away a signal already aborted', async () => {
    let hasArrived = false;
    let signalAtClose: boolean | undefined;
    let onClosed = () => {};
    const closed = new Promise<void>((resolve) => {
      onClosed = resolve;
    });
    server = createServer((req, res) => {
      const request = apiRequestOf(req, res);
      hasArrived = true;
      // The signal is made lazily: here, for the first time, once the response has already closed.
      res.once('close', () => {
        signalAtClose = request?.signal.aborted;
        onClosed();
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const controller = new AbortController();
    const request = fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/events`, {
      signal: controller.signal,
    }).catch(() => undefined);
    await vi.waitFor(() => expect(hasArrived).toBe(true));
    controller.abort();
    await closed;
    await request;
    expect(signalAtClose).toBe(true);
  });
});

describe('the fast lane: Response -> Node response', () => {
  it('writes status, the API security headers, the response headers and every Set-Cookie', async () => {
    const url = await serve(() => {
      const headers = new Headers({ 'content-type': 'application/json', location: '/api/tasks/1', etag: '"1"' });
      headers.append('set-cookie', 'a=1; Path=/');
      headers.append('set-cookie', 'b=2; Path=/');
      return new Response('{"id":"1"}', { status: 201, headers });
    });
    const res = await fetch(`${url}/api/tasks`);
    expect(res.status).toBe(201);
    expect(await res.text()).toBe('{"id":"1"}');
    expect(res.headers.get('content-length')).toBe('10');
    expect(res.headers.get('location')).toBe('/api/tasks/1');
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('writes a passed-on service answer (jsonText) as its text, multi-byte characters counted in bytes', async () => {
    const text = '{"title":"café ☕ 🥐","n":1}';
    const url = await serve(() => jsonText(text, { status: 201, headers: { etag: '"2"' } }));
    const res = await fetch(`${url}/api/tasks`);
    expect(res.status).toBe(201);
    expect(await res.text()).toBe(text);
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('etag')).toBe('"2"');
    // Next gets a Response of the same answer.
    const forNext = toResponse(jsonText(text, { status: 201, headers: { etag: '"2"' } }));
    expect([forNext.status, forNext.headers.get('etag'), forNext.headers.get('content-type')]).toEqual([
      201,
      '"2"',
      'application/json',
    ]);
    expect(await forNext.text()).toBe(text);
  });

  it('gives Next a Response of a route and the fast lane its answer as is (withErrors: the function and .answer)', async () => {
    const route = withErrors(async () => jsonText('{"n":1}', { headers: { etag: '"7"' } }));
    const ctx = { params: Promise.resolve({}) };
    const request = {
      method: 'GET',
      headers: new Headers(),
      nextUrl: new URL('http://localhost/api/tasks'),
      signal: new AbortController().signal,
      body: null,
      json: async () => null,
    };
    const forNext = await route(request, ctx);
    expect(forNext).toBeInstanceOf(Response);
    expect([forNext.headers.get('etag'), await forNext.text()]).toEqual(['"7"', '{"n":1}']);
    const forFastLane = await route.answer(request, ctx);
    expect(forFastLane).not.toBeInstanceOf(Response);
    expect(forFastLane).toMatchObject({ status: 200, text: '{"n":1}', headers: { etag: '"7"' } });
  });

  it('gives a GET no body, and a POST its body only as the handler reads it', async () => {
    const seen: (string | null)[] = [];
    const url = await serve(async (req) => {
      seen.push(req.body === null ? null : await req.text());
      return new Response(null, { status: 204 });
    });
    await fetch(`${url}/api/tasks`);
    await fetch(`${url}/api/tasks`, { method: 'POST', body: '{"title":"x"}' });
    expect(seen).toEqual([null, '{"title":"x"}']);
  });

  it('streams an event stream frame by frame, head first, and cancels it when the client goes away', async () => {
    let push: ((text: string) => void) | undefined;
    const cancelled = vi.fn();
    const url = await serve(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              push = (text) => controller.enqueue(new TextEncoder().encode(text));
            },
            cancel: cancelled,
          }),
          {
            headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform' },
          },
        ),
    );
    const controller = new AbortController();
    const res = await fetch(`${url}/api/events`, { signal: controller.signal });
    // The head arrives before any frame: nothing waits for the stream to end.
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('content-length')).toBeNull();
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    push?.('event: ready\ndata: {}\n\n');
    expect(decoder.decode((await reader.read()).value)).toBe('event: ready\ndata: {}\n\n');
    push?.('event: task\ndata: 1\n\n');
    expect(decoder.decode((await reader.read()).value)).toBe('event: task\ndata: 1\n\n');
    controller.abort();
    await vi.waitFor(() => expect(cancelled).toHaveBeenCalled());
  });

  it('keeps json-body.ts answers: 415 for another media type, as problem+json', async () => {
    const url = await serve((req) => readsJson(req, { params: Promise.resolve({}) }));
    const res = await fetch(`${url}/api/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(res.status).toBe(415);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect((await res.json()).status).toBe(415);
  });

  it('keeps json-body.ts answers: 413 for a streamed body over the limit, and the connection still answers', async () => {
    const url = await serve((req) => readsJson(req, { params: Promise.resolve({}) }));
    // Chunked, no Content-Length: the limit is found while reading.
    const big = `{"title":"${'x'.repeat(MAX_JSON_BODY_BYTES)}"}`;
    const { status, type, body } = await new Promise<{ status: number; type: string; body: string }>(
      (resolve, reject) => {
        const req = httpRequest(
          `${url}/api/tasks`,
          { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
          (res) => {
            let text = '';
            res.on('data', (d: Buffer) => {
              text += d.toString();
            });
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: text }),
            );
          },
        );
        req.on('error', reject);
        for (let i = 0; i < big.length; i += 8192) req.write(big.slice(i, i + 8192));
        req.end();
      },
    );
    expect(status).toBe(413);
    expect(type).toBe('application/problem+json');
    expect(JSON.parse(body).status).toBe(413);
    const ok = await fetch(`${url}/api/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"title":"t"}',
    });
    expect(await ok.json()).toEqual({ title: 't' });
  });

  it('keeps json-body.ts answers: 413 for a declared Content-Length over the limit, before reading', async () => {
    const url = await serve((req) => readsJson(req, { params: Promise.resolve({}) }));
    const res = await fetch(`${url}/api/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"title":"${'x'.repeat(MAX_JSON_BODY_BYTES + 10)}"}`,
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('the fast lane: which requests it serves', () => {
  it('matches the hot routes with their params, percent-decoded', () => {
    expect(matchRoute('GET', '/api/tasks')?.route.template).toBe('/api/tasks');
    expect(matchRoute('POST', '/api/tasks')?.route.template).toBe('/api/tasks');
    expect(matchRoute('PATCH', '/api/tasks/abc')).toMatchObject({
      route: { template: '/api/tasks/[id]' },
      params: { id: 'abc' },
    });
    expect(matchRoute('DELETE', '/api/tasks/a%20b')?.params).toEqual({ id: 'a b' });
    expect(matchRoute('POST', '/api/tasks/1/complete')?.route.template).toBe('/api/tasks/[id]/complete');
    expect(matchRoute('POST', '/api/tasks/1/reopen')?.route.template).toBe('/api/tasks/[id]/reopen');
    expect(matchRoute('GET', '/api/events')?.route.template).toBe('/api/events');
    expect(matchRoute('GET', '/api/health')?.route.template).toBe('/api/health');
    expect(matchRoute('POST', '/api/internal/fanout/task-events')?.params).toEqual({ topic: 'task-events' });
  });

  it('leaves other methods, paths and undecodable params to Next', () => {
    expect(matchRoute('PUT', '/api/tasks')).toBeNull();
    expect(matchRoute('HEAD', '/api/health')).toBeNull();
    expect(matchRoute('GET', '/api/tasks/1/complete')).toBeNull();
    expect(matchRoute('GET', '/api/notifications')).toBeNull();
    expect(matchRoute('GET', '/api/tasks/%E0%A4%A')).toBeNull();
    expect(matchRoute('GET', '/tasks')).toBeNull();
  });

  it('serves /api/health itself with the API headers and hands anything else to the next listener', async () => {
    const toNext = vi.fn((_req: IncomingMessage, res: ServerResponse) => res.writeHead(404).end());
    server = createServer((req, res) => {
      if (!serveFastLane(req, res)) toNext(req, res);
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(health.headers.get('content-security-policy')).toBe(API_HEADERS['content-security-policy']);
    expect(toNext).not.toHaveBeenCalled();
    for (const path of ['/api/health/', '/api//health', '/api/notifications', '/signin']) {
      expect((await fetch(`${url}${path}`, { redirect: 'manual' })).status).toBe(404);
    }
    expect(toNext).toHaveBeenCalledTimes(4);
  });
});
