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
/** A delete that holds only if its key is still at the version read. */
export type GuardedDelete = { key: string; isDelete: true; etag: string };

const guarded = ({ key, value, etag, ttlSeconds }: GuardedWrite) =>
  stateItem(key, value, etag ? { etag, ttlSeconds } : { onlyIfAbsent: true, ttlSeconds });

const operationOf = (change: GuardedWrite | GuardedDelete) =>
  'isDelete' in change
    ? { operation: 'delete', request: { key: change.key, etag: change.etag, options: { concurrency: 'first-write' } } }
    : { operation: 'upsert', request: guarded(change) };

/**
 * Writes (or deletes) several keys in one state store transaction, each only if unchanged since it
 * was read: all of them or (StateConflictError when any one moved on) none.
 */
export function saveAllIfUnchanged(store: string, changes: (GuardedWrite | GuardedDelete)[]): Promise<void> {
  const operations = changes.map(operationOf);
  return postWrite(`/v1.0/state/${store}/transaction`, { operations }, `state transaction ${store}`);
}

/**
 * Runs `attempt` (1, 2, ...) until it returns: a lost race (StateConflictError) runs it again, after a
 * short random pause so writers that collided do not collide again in step, at most `attempts` times.
 * `attempt` reads what it changes itself, so each run starts from the current versions.
 */
export async function retryOnConflict<T>(attempts: number, attempt: (n: number) => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (!(error instanceof StateConflictError) || n >= attempts) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * 10 * n));
    }
  }
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
