// State store access: the worker's processed-event records and web's chat conversations
// (`chat:<userId>:<conversationId>`, ETag concurrency, TTL).
import { sidecarFetch } from './sidecar';

export class StateConflictError extends Error {}

/** Reads a key; returns undefined when absent. */
export async function getState<T>(store: string, key: string): Promise<{ value: T; etag: string | null } | undefined> {
  const res = await sidecarFetch(`/v1.0/state/${store}/${encodeURIComponent(key)}`);
  if (res.status === 204 || res.status === 404) return undefined;
  if (!res.ok) throw new Error(`state get ${store}/${key} failed: ${res.status} ${await res.text()}`);
  return { value: (await res.json()) as T, etag: res.headers.get('etag') };
}

/**
 * Writes a key. With `etag` the write succeeds only on that version; with `onlyIfAbsent`
 * only when the key does not exist (first-write concurrency). Throws StateConflictError otherwise.
 */
export async function saveState(
  store: string,
  key: string,
  value: unknown,
  options: { etag?: string; onlyIfAbsent?: boolean; ttlSeconds?: number } = {},
): Promise<void> {
  const item: Record<string, unknown> = { key, value };
  if (options.etag) item.etag = options.etag;
  if (options.etag || options.onlyIfAbsent) item.options = { concurrency: 'first-write' };
  if (options.ttlSeconds) item.metadata = { ttlInSeconds: String(options.ttlSeconds) };
  const res = await sidecarFetch(`/v1.0/state/${store}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([item]),
  });
  if (res.status === 409) throw new StateConflictError(`state ${store}/${key} changed concurrently`);
  if (!res.ok) {
    const text = await res.text();
    if (/etag|ERR_STATE_SAVE.*(mismatch|exists|duplicate)/i.test(text)) throw new StateConflictError(text);
    throw new Error(`state save ${store}/${key} failed: ${res.status} ${text}`);
  }
}
