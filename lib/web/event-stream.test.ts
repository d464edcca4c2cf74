import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError, type Notification } from '@/lib/contracts';
import { log } from '@/lib/platform/log';
import type { ReadAfter } from './event-stream';

vi.mock('server-only', () => ({}));
const { hub } = await import('./hub');
const { openEventStream, REPLAY_LIMIT } = await import('./event-stream');

type Frame = { event?: string; id?: string; data?: unknown; comment?: string };

const notification = (id: number): Notification => ({
  id: String(id),
  kind: 'reminder',
  taskId: '6f1c1f40-4a43-4a55-9a3b-5a1e4b0c2f10',
  title: `n${id}`,
  body: 'Your reminder is due now.',
  createdAt: '2026-01-01T00:00:00.000Z',
  readAt: null,
});

function parseFrame(text: string): Frame {
  if (text.startsWith(':')) return { comment: text.slice(1).trim() };
  const frame: Frame = {};
  for (const line of text.split('\n')) {
    const [field, ...rest] = line.split(': ');
    const value = rest.join(': ');
    if (field === 'event') frame.event = value;
    if (field === 'id') frame.id = value;
    if (field === 'data') frame.data = JSON.parse(value);
  }
  return frame;
}

/** Reads a stream's SSE frames as they come. */
function framesOf(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const frames: Frame[] = [];
  let buffer = '';
  let isDone = false;
  return {
    frames,
    /** Reads until `count` frames have arrived (or the stream ends). */
    async until(count: number) {
      while (frames.length < count && !isDone) {
        const { done, value } = await reader.read();
        if (done) {
          isDone = true;
          break;
        }
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          frames.push(parseFrame(buffer.slice(0, end)));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
        }
      }
      return frames;
    },
    get isDone() {
      return isDone;
    },
  };
}

const events = (frames: Frame[]) => frames.filter((f) => f.event).map((f) => `${f.event}${f.id ? `#${f.id}` : ''}`);

/** A replay source whose answer the test releases when it wants (to publish live events meanwhile). */
function deferredReplay() {
  let release: (page: { items: Notification[]; nextCursor: string | null } | Error) => void = () => {};
  const calls: Array<{ cursor: string; limit: number }> = [];
  const readAfter = vi.fn(async (_userId: string, cursor: string, limit: number) => {
    calls.push({ cursor, limit });
    const answer = await new Promise<{ items: Notification[]; nextCursor: string | null } | Error>((resolve) => {
      release = resolve;
    });
    if (answer instanceof Error) throw answer;
    return answer;
  });
  return { readAfter, calls, release: (a: Parameters<typeof release>[0]) => release(a) };
}

const noReplay = vi.fn(async () => {
  throw new Error('no replay expected');
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Opens a fresh user's stream, resumed from `lastEventId` when given, and reads its first two frames. */
async function open(lastEventId: string | null, readAfter: ReadAfter = noReplay) {
  const userId = randomUUID();
  const abort = new AbortController();
  const stream = framesOf(openEventStream({ userId, lastEventId, signal: abort.signal, readAfter }));
  await stream.until(2);
  const publish = (event: string, id?: number) =>
    hub.publish(
      userId,
      id === undefined
        ? { event: 'task', data: { taskId: event } }
        : { event: 'notification', data: notification(id), id: String(id) },
    );
  return { userId, abort, stream, publish };
}

describe('openEventStream', () => {
  it('opens with a comment and `ready`, then carries the user’s live events, and only theirs', async () => {
    const { userId, abort, stream, publish } = await open(null);
    expect(stream.frames).toEqual([{ comment: 'connected' }, { event: 'ready', data: { userId } }]);
    hub.publish(randomUUID(), { event: 'task', data: { taskId: 'someone else’s' } });
    publish('t1');
    publish('notification', 3);
    expect(events(await stream.until(4))).toEqual(['ready', 'task', 'notification#3']);
    expect(noReplay).not.toHaveBeenCalled();
    abort.abort();
    await stream.until(99);
    expect(stream.isDone).toBe(true);
    expect(hub.publish(userId, { event: 'task', data: {} })).toBe(0);
  });

  it('replays after Last-Event-ID before live events that arrived meanwhile, each notification once', async () => {
    const replay = deferredReplay();
    const { abort, stream, publish } = await open('4', replay.readAfter);
    // Live events while the replay is still being read: they wait, and 6 also comes in the replay.
    publish('notification', 6);
    publish('t');
    publish('notification', 7);
    replay.release({ items: [notification(5), notification(6)], nextCursor: null });
    expect(events(await stream.until(6))).toEqual([
      'ready',
      'notification#5',
      'notification#6',
      'task',
      'notification#7',
    ]);
    expect(replay.calls).toEqual([{ cursor: '4', limit: REPLAY_LIMIT }]);
    // An older or repeated cursor is never sent twice.
    publish('notification', 7);
    publish('notification', 2);
    publish('notification', 8);
    expect(events(await stream.until(7)).slice(-1)).toEqual(['notification#8']);
    abort.abort();
    expect(events(await stream.until(99))).toHaveLength(6);
  });

  it('answers a cursor notification-service does not know with one `resync` (unknown_cursor)', async () => {
    const replay = deferredReplay();
    const { abort, stream } = await open('999', replay.readAfter);
    replay.release(new AppError('not_found', 'cursor 999 is unknown'));
    expect((await stream.until(3))[2]).toEqual({ event: 'resync', data: { reason: 'unknown_cursor' } });
    abort.abort();
    expect(events(await stream.until(99))).toEqual(['ready', 'resync']);
  });

  it('answers a malformed Last-Event-ID with `resync` without asking notification-service', async () => {
    const { abort, stream } = await open('abc');
    expect((await stream.until(3))[2]).toEqual({ event: 'resync', data: { reason: 'unknown_cursor' } });
    expect(noReplay).not.toHaveBeenCalled();
    abort.abort();
  });

  it('answers more missed notifications than one replay sends with `resync` (too_far_behind)', async () => {
    const replay = deferredReplay();
    const { abort, stream } = await open('1', replay.readAfter);
    replay.release({ items: [notification(2), notification(3)], nextCursor: '3' });
    expect((await stream.until(3))[2]).toEqual({ event: 'resync', data: { reason: 'too_far_behind' } });
    abort.abort();
    expect(events(await stream.until(99))).toEqual(['ready', 'resync']);
  });

  it('logs a failed replay with its cause, tells the browser `replay_failed`, and keeps the stream live', async () => {
    const warn = vi.spyOn(log, 'warn').mockImplementation(() => undefined);
    const replay = deferredReplay();
    const { userId, abort, stream, publish } = await open('4', replay.readAfter);
    publish('notification', 9);
    const cause = new AppError('unavailable', 'notification-service is not reachable right now');
    replay.release(cause);
    expect((await stream.until(4)).slice(2)).toEqual([
      { event: 'replay_failed', data: { reason: 'unavailable' } },
      { event: 'notification', id: '9', data: notification(9) },
    ]);
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ err: cause, userId, cursor: '4' }), expect.any(String));
    publish('t');
    expect(events(await stream.until(5)).at(-1)).toBe('task');
    abort.abort();
  });
});
