// The Node <-> Fetch adaptation of the fast lane (server.ts): a route handler written for Next
// (NextRequest in, Response out) served straight from node:http, without Next's request pipeline.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NextRequest } from 'next/server';

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
 * A NextRequest for a Node request: URL from the Host header, method, headers, the body (streamed,
 * for methods that have one) and, with `hasSignal`, a signal aborted when the response closes (an
 * SSE client gone). Only a route that watches its client needs the signal: undici links a given
 * signal to the request's own with listeners and a FinalizationRegistry on every request.
 * Returns null, before touching the body, when the URL or a header cannot be modelled: Next serves it then.
 */
export function nextRequestOf(req: IncomingMessage, res: ServerResponse, hasSignal = true): NextRequest | null {
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
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const init: ConstructorParameters<typeof NextRequest>[1] & { duplex?: 'half' } = { method, headers };
  if (hasSignal) {
    const aborter = new AbortController();
    res.once('close', () => aborter.abort());
    init.signal = aborter.signal;
  }
  if (hasBody) {
    init.body = bodyStreamOf(req);
    init.duplex = 'half';
  }
  return new NextRequest(url, init);
}

/** Whether a response is a stream to pass on as it comes (SSE), rather than a body to send at once. */
const isStreaming = (response: Response) => response.headers.get('content-type')?.startsWith('text/event-stream');

/**
 * Writes a Fetch Response to the Node response: `baseHeaders` first (the security headers), then the
 * response's own. A JSON or empty body goes out in one write with its Content-Length; an event
 * stream is flushed head first and then written frame by frame as the handler produces it, with
 * backpressure, and cancelled when the client goes away.
 */
export async function writeResponse(
  res: ServerResponse,
  response: Response,
  baseHeaders: Readonly<Record<string, string>>,
): Promise<void> {
  res.statusCode = response.status;
  for (const name in baseHeaders) res.setHeader(name, baseHeaders[name] as string);
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
