import { describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));
const { hub, Hub } = await import('./hub');
const { StreamLimitsConfig } = await import('./env');
const { parseConfig } = await import('../platform/config');

const listener = () => ({ send: vi.fn(), heartbeat: vi.fn(), close: vi.fn() });

describe('hub', () => {
  it('delivers an event only to the streams of its user', () => {
    const a = listener();
    const b = listener();
    const offA = hub.subscribe('user-a', a);
    const offB = hub.subscribe('user-b', b);
    expect(hub.publish('user-a', { event: 'task', data: { taskId: 't' } })).toBe(1);
    expect(a.send).toHaveBeenCalledTimes(1);
    expect(b.send).not.toHaveBeenCalled();
    offA();
    offB();
    expect(hub.publish('user-a', { event: 'task', data: {} })).toBe(0);
  });

  it('refuses a stream over the per-user limit and admits it again once one closes', () => {
    const small = new Hub({ perUser: 3, total: 100 });
    const offs = Array.from({ length: 3 }, () => small.subscribe('user-c', listener()));
    expect(small.refusal('user-c')).toEqual({ reason: 'user', limit: 3 });
    expect(small.refusal('user-d')).toBeNull();
    offs[0]?.();
    expect(small.refusal('user-c')).toBeNull();
    for (const off of offs) off();
    expect(small.streamCount).toBe(0);
  });

  it('refuses any user once the process holds its total, and counts an unsubscribe once', () => {
    const small = new Hub({ perUser: 10, total: 4 });
    const offs = ['u1', 'u1', 'u2', 'u3'].map((u) => small.subscribe(u, listener()));
    expect(small.streamCount).toBe(4);
    expect(small.refusal('u4')).toEqual({ reason: 'process', limit: 4 });
    offs[3]?.();
    offs[3]?.();
    expect(small.streamCount).toBe(3);
    expect(small.refusal('u4')).toBeNull();
    for (const off of offs) off();
    expect(small.streamCount).toBe(0);
  });

  it('closeAll ends every stream of every user', () => {
    const h = new Hub({ perUser: 10, total: 10 });
    const streams = [listener(), listener(), listener()];
    const offs = streams.map((s, i) => h.subscribe(`u${i % 2}`, s));
    // The route's close() unsubscribes, as here.
    for (const [i, s] of streams.entries()) s.close.mockImplementation(() => offs[i]?.());
    expect(h.closeAll()).toBe(3);
    for (const s of streams) expect(s.close).toHaveBeenCalledTimes(1);
    expect(h.streamCount).toBe(0);
  });

  it('reads its limits from SSE_MAX_STREAMS_PER_USER and SSE_MAX_STREAMS, and names a bad one', () => {
    expect(parseConfig(StreamLimitsConfig, {})).toEqual({ SSE_MAX_STREAMS_PER_USER: 10, SSE_MAX_STREAMS: 10_000 });
    expect(parseConfig(StreamLimitsConfig, { SSE_MAX_STREAMS_PER_USER: '2', SSE_MAX_STREAMS: '50' })).toEqual({
      SSE_MAX_STREAMS_PER_USER: 2,
      SSE_MAX_STREAMS: 50,
    });
    expect(() => parseConfig(StreamLimitsConfig, { SSE_MAX_STREAMS: 'many' })).toThrow(/SSE_MAX_STREAMS/);
  });
});
