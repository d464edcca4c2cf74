import { describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));
const { RateLimiter, hitInOrder } = await import('./rate-limit');

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

describe('RateLimiter memory', () => {
  it('never holds more than maxKeys counters, evicting the oldest windows first', () => {
    const limiter = new RateLimiter(1, 60_000, 100);
    for (let i = 0; i < 10_000; i++) limiter.hit(`k${i}`, 1000 + i);
    expect(limiter.size).toBeLessThanOrEqual(100);
    // the newest key is still counted
    expect(limiter.hit('k9999', 20_000)).toBeGreaterThan(0);
  });

  it('does not store the narrow key when the broad key is already refused', () => {
    const perAddress = new RateLimiter(1, 60_000);
    const perEmail = new RateLimiter(10, 60_000);
    expect(
      hitInOrder(
        [
          [perAddress, 'addr'],
          [perEmail, 'a@x.test'],
        ],
        0,
      ),
    ).toBe(0);
    expect(perEmail.size).toBe(1);
    for (let i = 0; i < 100; i++)
      expect(
        hitInOrder(
          [
            [perAddress, 'addr'],
            [perEmail, `e${i}@x.test`],
          ],
          1,
        ),
      ).toBe(60);
    expect(perEmail.size).toBe(1);
  });
});
