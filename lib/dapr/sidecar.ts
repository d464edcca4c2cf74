// Where this process's sidecar is and how to authenticate to it. The only place that builds sidecar URLs.
import { type SidecarConfig, serverConfig } from '../platform/config';

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
