// In-process hub: routes fan-out events to the open SSE streams of their user, in this replica only.
import 'server-only';
import { scrapedGauge } from '../platform/metrics';
import { recordSpan } from '../platform/tracing';

export type StreamEvent = { event: 'ready' | 'notification' | 'task' | 'resync'; data: unknown; id?: string };
/** `bytes` is the event's SSE frame, encoded once for all of a user's streams. */
export type Listener = { send: (e: StreamEvent, bytes: Uint8Array) => void; heartbeat: () => void; close: () => void };

const encoder = new TextEncoder();

export function encodeFrame(e: StreamEvent): Uint8Array {
  const id = e.id ? `id: ${e.id}\n` : '';
  return encoder.encode(`${id}event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`);
}

const HEARTBEAT_MS = 15_000;

/** Streams per user; opening one more closes the oldest (a forgotten tab). */
export const MAX_STREAMS_PER_USER = 10;

class Hub {
  private readonly byUser = new Map<string, Set<Listener>>();
  // One timer for every stream of the process, not one per stream.
  private readonly heartbeat = setInterval(() => {
    for (const set of this.byUser.values()) for (const listener of set) listener.heartbeat();
  }, HEARTBEAT_MS).unref();

  subscribe(userId: string, listener: Listener): () => void {
    let set = this.byUser.get(userId);
    if (!set) {
      set = new Set();
      this.byUser.set(userId, set);
    }
    set.add(listener);
    if (set.size > MAX_STREAMS_PER_USER) {
      const oldest = set.values().next().value;
      if (oldest) {
        set.delete(oldest);
        oldest.close();
      }
    }
    return () => {
      set.delete(listener);
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

  get streamCount(): number {
    let n = 0;
    for (const set of this.byUser.values()) n += set.size;
    return n;
  }
}

// One hub per process, also across Next's module reloads in development.
const globalHub = globalThis as unknown as { __todoHub?: Hub };
if (!globalHub.__todoHub) globalHub.__todoHub = new Hub();
export const hub: Hub = globalHub.__todoHub;

scrapedGauge('todo_sse_streams_open', 'Server-Sent Events streams open in this replica', () => hub.streamCount);
