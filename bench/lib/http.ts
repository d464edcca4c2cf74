// A small, allocation-light HTTP client for load generation: node:http with one keep-alive
// agent and no connection cap, so the generator itself is never the queue being measured.
import http from 'node:http';

/** Keep-alive, unlimited sockets; idle sockets are kept (up to a bound) for the next request. */
export const loadAgent = new http.Agent({
  keepAlive: true,
  maxSockets: Number.POSITIVE_INFINITY,
  maxFreeSockets: 2048,
});

export type Target = {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  /** Request body, already serialized (sent with content-length). */
  body?: string;
};

export type HttpResult = { status: number; body: string };

/** A target parsed once, so each request only builds its options object. */
export type PreparedTarget = { options: http.RequestOptions; body: Buffer | undefined };

export function prepare(target: Target, agent: http.Agent = loadAgent): PreparedTarget {
  const url = new URL(target.url);
  const body = target.body === undefined ? undefined : Buffer.from(target.body);
  return {
    body,
    options: {
      agent,
      method: target.method,
      hostname: url.hostname,
      port: url.port,
      path: `${url.pathname}${url.search}`,
      headers: { ...target.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
    },
  };
}

/** Sends one request; resolves with status and body text, rejects on a network error or timeout. */
export function send(target: PreparedTarget, timeoutMs = 15_000, bodyOverride?: string): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const body = bodyOverride === undefined ? target.body : Buffer.from(bodyOverride);
    const options =
      bodyOverride === undefined
        ? target.options
        : { ...target.options, headers: { ...target.options.headers, 'content-length': String(body?.length ?? 0) } };
    const req = http.request(options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
