import { describe, expect, it } from 'vitest';
import { emailBackoffMs } from './email-relay';

describe('e-mail relay backoff', () => {
  it('doubles from 1 s per failed attempt and stays at 10 minutes', () => {
    expect([1, 2, 3, 4].map(emailBackoffMs)).toEqual([1000, 2000, 4000, 8000]);
    expect(emailBackoffMs(10)).toBe(512_000);
    expect(emailBackoffMs(11)).toBe(600_000);
    expect(emailBackoffMs(60)).toBe(600_000);
  });
});
