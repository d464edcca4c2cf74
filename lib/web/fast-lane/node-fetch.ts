// The Node <-> Fetch adaptation of the fast lane (web-server.ts): a route handler written for Next
// (ApiRequest in, RouteAnswer out) served straight from node:http, without Next's request pipeline.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readStreamWithin } from '@/lib/platform/json-body';
import { type ApiRequest, JsonAnswer, type RouteAnswer } from '@/lib/web/route';

/** Connection-level headers of the Node request that describe no part of the request itself. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);

/**
 * The Node request's body as a web stream, pulled as the handler reads it. On cancel (a reader that
 * stops early, e.g. json-body.ts at the size limit) the rest is drained, not the socket destroyed:
 * the client still gets the 413 the handler answers.
 */
export function bodyStreamOf(req: IncomingMessage): ReadableStream<Uint8Array> {
  let isDone = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.on('data', (chunk: Buffer) => {
          if (isDone) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.once('end', () => {
          if (isDone) return;
          isDone = true;
          controller.close();
        });
        req.once('error', (error) => {
          if (isDone) return;
          isDone = true;
          controller.error(error);
        });
        req.pause();
      },
      pull() {
        req.resume();
      },
      cancel() {
        isDone = true;
        req.resume();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
}

/**
 * The request a handler gets in the fast lane: what it reads of a request (ApiRequest), built from the
 * Node request without an undici Request (body extraction, an AbortSignal and a Headers copy on every
 * request) or Next's NextURL. The signal and the body stream are made only when a handler asks.
 */
export class FastRequest implements ApiRequest {
  readonly method: string;
  readonly headers: Headers;
  readonly nextUrl: URL;
  #req: IncomingMessage;
  #res: ServerResponse;
  #signal: AbortSignal | undefined;
  #body: ReadableStream<Uint8Array> | null | undefined;

  constructor(req: IncomingMessage, res: ServerResponse, url: URL, headers: Headers) {
    this.method = req.method ?? 'GET';
    this.headers = headers;
    this.nextUrl = url;
    this.#req = req;
    this.#res = res;
  }

  get url(): string {
    return this.nextUrl.href;
  }

  /** Aborted when the response closes (an event stream's client gone, or the answer sent). */
  get signal(): AbortSignal {
    if (!this.#signal) {
      const aborter = new AbortController();
      if (this.#res.closed) aborter.abort();
      else this.#res.once('close', () => aborter.abort());
      this.#signal = aborter.signal;
    }
    return this.#signal;
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (this.#body === undefined) {
      this.#body = this.method === 'GET' || this.method === 'HEAD' ? null : bodyStreamOf(this.#req);
    }
    return this.#body;
  }

  /**
   * The whole body, read straight from the Node request (no web stream); null once it passes `limit`
   * bytes (the rest is drained, so the connection still carries the answer). Empty for GET and HEAD.
   */
  async readBodyWithin(limit: number): Promise<Uint8Array | null> {
    if (this.#body !== undefined) return readStreamWithin(this.#body, limit);
    this.#body = null; // consumed: `body` is null from now on, as a read Request's is unusable
    if (this.method === 'GET' || this.method === 'HEAD') return new Uint8Array();
    const req = this.#req;
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const onData = (chunk: Buffer) => {
        size += chunk.byteLength;
        if (size <= limit) return void chunks.push(chunk);
        req.off('data', onData);
        req.resume();
        resolve(null);
      };
      req.on('data', onData);
      req.once('end', () => resolve(size <= limit ? Buffer.concat(chunks) : null));
      // A client that goes away mid-body: Node's request emits an error ('aborted').
      req.once('error', reject);
    });
  }

  async text(): Promise<string> {
    const bytes = await this.readBodyWithin(Number.POSITIVE_INFINITY);
    return bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') : '';
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
}

/**
 * The handler's request for a Node request: URL from the Host header, method, headers, the body
 * (streamed as the handler reads it) and a signal aborted when the response closes. Returns null,
 * before touching the body, when the URL or a header cannot be modelled: Next serves it then.
 */
export function apiRequestOf(req: IncomingMessage, res: ServerResponse): FastRequest | null {
  const host = req.headers.host;
  let url: URL;
  try {
    url = new URL(req.url ?? '/', `http://${host ?? 'localhost'}`);
  } catch {
    return null;
  }
  const headers = new Headers();
  const raw = req.rawHeaders;
  try {
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = (raw[i] as string).toLowerCase();
      if (!HOP_BY_HOP.has(name)) headers.append(name, raw[i + 1] as string);
    }
  } catch {
    return null; // a header undici refuses (Node's parser is more lenient): Next answers it
  }
  return new FastRequest(req, res, url, headers);
}

/** Whether a response is a stream to pass on as it comes (SSE), rather than a body to send at once. */
const isStreaming = (response: Response) => response.headers.get('content-type')?.startsWith('text/event-stream');

/**
 * Writes a route's answer to the Node response: `baseHeaders` first (the security headers), then the
 * answer's own. A passed-on service answer (JsonAnswer), a JSON or an empty body goes out in one
 * write with its Content-Length; an event stream is flushed head first and then written frame by
 * frame as the handler produces it, with backpressure, and cancelled when the client goes away.
 */
export async function writeResponse(
  res: ServerResponse,
  response: RouteAnswer,
  baseHeaders: Readonly<Record<string, string>>,
): Promise<void> {
  res.statusCode = response.status;
  for (const name in baseHeaders) res.setHeader(name, baseHeaders[name] as string);
  if (response instanceof JsonAnswer) {
    for (const name in response.headers) res.setHeader(name, response.headers[name] as string);
    const bytes = Buffer.from(response.text);
    res.setHeader('content-length', bytes.byteLength);
    res.end(bytes);
    return;
  }
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  const body = response.body;
  if (!body) {
    res.end();
    return;
  }
  if (!isStreaming(response)) {
    const bytes = Buffer.from(await response.arrayBuffer());
    res.setHeader('content-length', bytes.byteLength);
    res.end(bytes);
    return;
  }
  res.flushHeaders();
  const reader = body.getReader();
  const onClose = () => {
    reader.cancel().catch(() => {});
  };
  res.once('close', onClose);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) break;
      if (!res.write(value)) {
        await new Promise<void>((resolve) => {
          const go = () => {
            res.off('drain', go);
            res.off('close', go);
            resolve();
          };
          res.once('drain', go);
          res.once('close', go);
        });
      }
    }
    res.end();
  } catch {
    // The stream failed after its head went out: all that is left is to cut the connection.
    res.destroy();
  } finally {
    res.off('close', onClose);
  }
}
