// In-process hub: routes fan-out events to the open SSE streams of their user, in this replica only.
import 'server-only';
import type { SseEvent } from '@/lib/contracts';
import { scrapedGauge } from '../platform/metrics';
import { processSingleton } from '../platform/singleton';
import { recordSpan } from '../platform/tracing';
import { webConfig } from './env';

export type StreamEvent = { event: SseEvent; data: unknown; id?: string };
/** `bytes` is the event's SSE frame, encoded once for all of a user's streams. */
export type Listener = { send: (e: StreamEvent, bytes: Uint8Array) => void; heartbeat: () => void; close: () => void };

const encoder = new TextEncoder();

export function encodeFrame(e: StreamEvent): Uint8Array {
  const id = e.id ? `id: ${e.id}\n` : '';
  return encoder.encode(`${id}event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`);
}

const HEARTBEAT_MS = 15_000;

export type StreamLimits = { perUser: number; total: number };

/** Why a new stream is refused: the user's streams or the process's are all taken. */
export type Refusal = { reason: 'user' | 'process'; limit: number };

export class Hub {
  private readonly byUser = new Map<string, Set<Listener>>();
  private total = 0;
  // One timer for every stream of the process, not one per stream.
  private readonly heartbeat = setInterval(() => {
    for (const set of this.byUser.values()) for (const listener of set) listener.heartbeat();
  }, HEARTBEAT_MS).unref();

  private readonly limitsOf: () => StreamLimits;

  /** Fixed limits, or a getter for the process's (read from web's configuration once it is loaded). */
  constructor(limits: StreamLimits | (() => StreamLimits)) {
    this.limitsOf = typeof limits === 'function' ? limits : () => limits;
  }

  get limits(): StreamLimits {
    return this.limitsOf();
  }

  /**
   * Whether one more stream of this user fits. Refusing (429) rather than closing the oldest stream:
   * a closed EventSource reconnects at once, so eleven tabs would keep closing each other, while a
   * refused one backs off. Call it right before `subscribe`, with no await in between.
   */
  refusal(userId: string): Refusal | null {
    if ((this.byUser.get(userId)?.size ?? 0) >= this.limits.perUser)
      return { reason: 'user', limit: this.limits.perUser };
    if (this.total >= this.limits.total) return { reason: 'process', limit: this.limits.total };
    return null;
  }

  subscribe(userId: string, listener: Listener): () => void {
    let set = this.byUser.get(userId);
    if (!set) {
      set = new Set();
      this.byUser.set(userId, set);
    }
    if (!set.has(listener)) {
      set.add(listener);
      this.total += 1;
    }
    return () => {
      if (set.delete(listener)) this.total -= 1;
      if (set.size === 0 && this.byUser.get(userId) === set) this.byUser.delete(userId);
    };
  }

  publish(userId: string, event: StreamEvent): number {
    const set = this.byUser.get(userId);
    // The last hop of a trace: the frame written to this replica's open streams of the user.
    recordSpan(`sse ${event.event}`, {
      'todo.sse.streams': set?.size ?? 0,
      ...(event.id ? { 'todo.sse.id': event.id } : {}),
    });
    if (!set) return 0;
    const bytes = encodeFrame(event);
    for (const listener of set) listener.send(event, bytes);
    return set.size;
  }

  /** Ends every stream (on SIGTERM: the server can only finish closing once they end; clients reconnect elsewhere). */
  closeAll(): number {
    const all = [...this.byUser.values()].flatMap((set) => [...set]);
    for (const listener of all) listener.close();
    return all.length;
  }

  get streamCount(): number {
    return this.total;
  }
}

// One hub per process: Next's route bundles, the fast lane (web-server.ts) and Next's module reloads in
// development all publish to and subscribe on the same one.
export const hub: Hub = processSingleton('web.hub', () => {
  const created = new Hub(() => {
    const config = webConfig();
    return { perUser: config.SSE_MAX_STREAMS_PER_USER, total: config.SSE_MAX_STREAMS };
  });
  // The server answers SIGTERM by closing and waiting for requests in flight; an open event
  // stream never ends by itself, so without this a stop waits for the kill that follows.
  process.once('SIGTERM', () => created.closeAll());
  return created;
});

scrapedGauge('todo_sse_streams_open', 'Server-Sent Events streams open in this replica', () => hub.streamCount);
