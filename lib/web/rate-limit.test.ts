import { describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));
const { RateLimiter } = await import('./rate-limit');

describe('RateLimiter', () => {
  it('allows the limit within a window and asks to wait after it', () => {
    const limiter = new RateLimiter(3, 60_000);
    const t0 = 1_000_000;
    expect([1, 2, 3].map(() => limiter.hit('a', t0))).toEqual([0, 0, 0]);
    expect(limiter.hit('a', t0 + 10_000)).toBe(50);
    expect(limiter.hit('b', t0)).toBe(0);
  });

  it('starts a new window after the old one ends', () => {
    const limiter = new RateLimiter(1, 1000);
    expect(limiter.hit('a', 0)).toBe(0);
    expect(limiter.hit('a', 500)).toBe(1);
    expect(limiter.hit('a', 1000)).toBe(0);
  });
});
