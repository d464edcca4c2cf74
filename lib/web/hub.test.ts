import { describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));
const { hub, MAX_STREAMS_PER_USER } = await import('./hub');

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

  it('closes the oldest stream when a user opens more than the limit', () => {
    const streams = Array.from({ length: MAX_STREAMS_PER_USER + 1 }, listener);
    const offs = streams.map((s) => hub.subscribe('user-c', s));
    expect(streams[0]?.close).toHaveBeenCalledTimes(1);
    expect(streams[1]?.close).not.toHaveBeenCalled();
    expect(hub.publish('user-c', { event: 'task', data: {} })).toBe(MAX_STREAMS_PER_USER);
    for (const off of offs) off();
    expect(hub.streamCount).toBe(0);
  });
});
