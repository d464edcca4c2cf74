// State store access: the worker's processed-event records, web's chat conversations
// (`chat:<userId>:<conversationId>`, ETag concurrency, TTL) and per-user counters.
import type { z } from 'zod';
import { sidecarFetch } from './sidecar';

export class StateConflictError extends Error {}

export type StateEntry<T> = { value: T; etag: string | null };

const keyPath = (store: string, key: string) => `/v1.0/state/${store}/${encodeURIComponent(key)}`;

/** Reads a key; returns undefined when absent (or expired: stores with TTL hide expired keys). */
export async function getState<T>(store: string, key: string): Promise<StateEntry<T> | undefined> {
  const res = await sidecarFetch(keyPath(store, key));
  if (res.status === 204 || res.status === 404) return undefined;
  if (!res.ok) throw new Error(`state get ${store}/${key} failed: ${res.status} ${await res.text()}`);
  return { value: (await res.json()) as T, etag: res.headers.get('etag') };
}

/** A key's value checked with `schema` (undefined when absent or of another shape) and the ETag it was read at. */
export type CheckedEntry<T> = { value: T | undefined; etag: string | null };

/**
 * Reads a key and checks its value with `schema`: a value of an older or foreign shape reads as
 * absent (and is overwritten by the next guarded write, which still names its ETag).
 */
export async function readState<S extends z.ZodType>(
  store: string,
  key: string,
  schema: S,
): Promise<CheckedEntry<z.infer<S>>> {
  const entry = await getState<unknown>(store, key);
  if (!entry) return { value: undefined, etag: null };
  const parsed = schema.safeParse(entry.value);
  return { value: parsed.success ? parsed.data : undefined, etag: entry.etag };
}

/**
 * A failed write that names an ETag or an existing key is a lost race, not an outage.
 * state.postgresql v2 answers a first-write insert over a live key with "no item was updated";
 * a transaction reports the same errors under ERR_STATE_TRANSACTION.
 */
const isConflictText = (text: string) =>
  /etag|ERR_STATE_(SAVE|TRANSACTION).*(mismatch|exists|duplicate|no item was updated)/i.test(text);

type WriteOptions = { etag?: string | null; onlyIfAbsent?: boolean; ttlSeconds?: number };

/** One item of a save or transaction request, with its concurrency and TTL. */
function stateItem(key: string, value: unknown, options: WriteOptions): Record<string, unknown> {
  const item: Record<string, unknown> = { key, value };
  if (options.etag) item.etag = options.etag;
  if (options.etag || options.onlyIfAbsent) item.options = { concurrency: 'first-write' };
  if (options.ttlSeconds) item.metadata = { ttlInSeconds: String(options.ttlSeconds) };
  return item;
}

async function postWrite(path: string, body: unknown, what: string): Promise<void> {
  const res = await sidecarFetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status === 409) throw new StateConflictError(`${what} changed concurrently`);
  if (!res.ok) {
    const text = await res.text();
    if (isConflictText(text)) throw new StateConflictError(text);
    throw new Error(`${what} failed: ${res.status} ${text}`);
  }
}

/**
 * Writes a key. With `etag` the write succeeds only on that version; with `onlyIfAbsent`
 * only when the key does not exist (first-write concurrency). Throws StateConflictError otherwise.
 * `ttlSeconds` makes the store expire the key that long after this write (every write renews it).
 */
export function saveState(store: string, key: string, value: unknown, options: WriteOptions = {}): Promise<void> {
  return postWrite(`/v1.0/state/${store}`, [stateItem(key, value, options)], `state save ${store}/${key}`);
}

/** A write that holds only if its key is still at the version read (`etag`), or still absent (null). */
export type GuardedWrite = { key: string; value: unknown; etag: string | null; ttlSeconds?: number };

const guarded = ({ key, value, etag, ttlSeconds }: GuardedWrite) =>
  stateItem(key, value, etag ? { etag, ttlSeconds } : { onlyIfAbsent: true, ttlSeconds });

/**
 * Writes several keys in one state store transaction, each only if unchanged since it was read:
 * all of them or (StateConflictError when any one moved on) none.
 */
export function saveAllIfUnchanged(store: string, writes: GuardedWrite[]): Promise<void> {
  const operations = writes.map((write) => ({ operation: 'upsert', request: guarded(write) }));
  return postWrite(`/v1.0/state/${store}/transaction`, { operations }, `state transaction ${store}`);
}

/**
 * Writes a key only if it is still at the version read (`etag`), or still absent when it was
 * absent (`etag` null). The building block of read-modify-write loops.
 */
export function saveStateIfUnchanged(
  store: string,
  key: string,
  value: unknown,
  etag: string | null,
  options: { ttlSeconds?: number } = {},
): Promise<void> {
  return postWrite(`/v1.0/state/${store}`, [guarded({ key, value, etag, ...options })], `state save ${store}/${key}`);
}

/** Deletes a key (absent is fine). With `etag` only that version; a newer one throws StateConflictError. */
export async function deleteState(store: string, key: string, options: { etag?: string } = {}): Promise<void> {
  const headers: Record<string, string> = {};
  if (options.etag) headers['if-match'] = options.etag;
  const query = options.etag ? '?concurrency=first-write' : '';
  const res = await sidecarFetch(`${keyPath(store, key)}${query}`, { method: 'DELETE', headers });
  if (res.status === 409) throw new StateConflictError(`state ${store}/${key} changed concurrently`);
  if (!res.ok && res.status !== 204) {
    const text = await res.text();
    if (isConflictText(text)) throw new StateConflictError(text);
    throw new Error(`state delete ${store}/${key} failed: ${res.status} ${text}`);
  }
}

/**
 * Read-modify-write under optimistic concurrency: reads the key, lets `change` compute the new
 * value from what it read (checked with `schema`), and writes it only if nobody wrote in between; on a lost race it
 * reads again and re-applies `change`, at most `attempts` times. `change` must be free of side
 * effects (it may run more than once). Returns what was written.
 */
export async function updateState<S extends z.ZodType>(
  store: string,
  key: string,
  schema: S,
  change: (current: z.infer<S> | undefined) => z.infer<S>,
  options: { ttlSeconds?: number; attempts?: number } = {},
): Promise<z.infer<S>> {
  const attempts = options.attempts ?? 8;
  for (let attempt = 1; ; attempt++) {
    const current = await readState(store, key, schema);
    const next = change(current.value);
    try {
      await saveStateIfUnchanged(store, key, next, current.etag, options);
      return next;
    } catch (error) {
      if (!(error instanceof StateConflictError) || attempt >= attempts) throw error;
      // Spread the retries of writers that collided, so they do not collide again in step.
      await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
    }
  }
}
