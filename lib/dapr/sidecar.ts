// Where this process's sidecar is and how to authenticate to it. The only place that builds sidecar URLs.
import http from 'node:http';
import { type SidecarConfig, serverConfig } from '../platform/config';
import { processSingleton } from '../platform/singleton';

/** The sidecar part of the configuration the process loaded at start. */
export function sidecarEnv(): SidecarConfig {
  return serverConfig();
}

export function sidecarUrl(path: string): string {
  const { DAPR_HOST, DAPR_HTTP_PORT } = sidecarEnv();
  return `http://${DAPR_HOST}:${DAPR_HTTP_PORT}${path}`;
}

export function sidecarHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { ...extra, 'dapr-api-token': sidecarEnv().DAPR_API_TOKEN };
}

export function sidecarFetch(path: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  return fetch(sidecarUrl(path), { ...init, headers: sidecarHeaders(init.headers) });
}

/**
 * One keep-alive agent for every call to the sidecar: connections are reused instead of opened per
 * call. Plain node:http rather than fetch on the hot path (service invocation): in a Next.js route
 * handler the global fetch is Next's patched fetch (cache and tracing bookkeeping on every call),
 * and WHATWG Request/Response/Headers objects cost more than the sidecar hop they wrap.
 */
const sidecarAgent = processSingleton(
  'dapr.sidecar-agent',
  () => new http.Agent({ keepAlive: true, keepAliveMsecs: 10_000, maxSockets: 256, maxFreeSockets: 64 }),
);

export type SidecarAnswer = { status: number; headers: http.IncomingHttpHeaders; text: string };

/** A request to the sidecar over the shared keep-alive agent; rejects on a network error or timeout. */
export function sidecarRequest(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | null; timeoutMs?: number } = {},
): Promise<SidecarAnswer> {
  const { DAPR_HOST, DAPR_HTTP_PORT } = sidecarEnv();
  const body = init.body ?? undefined;
  const headers = sidecarHeaders(init.headers);
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  const timeoutMs = init.timeoutMs ?? 15_000;
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent: sidecarAgent, host: DAPR_HOST, port: DAPR_HTTP_PORT, path, method: init.method ?? 'GET', headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          clearTimeout(timer);
          const text =
            chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text });
        });
        res.on('error', fail);
      },
    );
    // A deadline for the whole call, as AbortSignal.timeout gave fetch.
    const timer = setTimeout(() => req.destroy(new Error(`sidecar call timed out after ${timeoutMs} ms`)), timeoutMs);
    function fail(error: Error) {
      clearTimeout(timer);
      reject(error);
    }
    req.on('error', fail);
    req.end(body);
  });
}

/** Waits until the sidecar can reach the control plane and components (outbound health). */
export async function waitForSidecar(timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const res = await sidecarFetch('/v1.0/healthz/outbound', { signal: AbortSignal.timeout(2000) });
      if (res.status === 204 || res.ok) return;
      lastError = new Error(`status ${res.status}`);
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Dapr sidecar at ${sidecarUrl('')} not ready after ${timeoutMs} ms`, { cause: lastError });
}

/** True when the sidecar answers its health endpoint. */
export async function isSidecarHealthy(): Promise<boolean> {
  try {
    const res = await sidecarFetch('/v1.0/healthz', { signal: AbortSignal.timeout(2000) });
    return res.status === 204 || res.ok;
  } catch {
    return false;
  }
}
