import { describe, expect, it } from 'vitest';
import { isRecord } from './record';

describe('isRecord', () => {
  it('is true for objects and arrays, false for null and every primitive', () => {
    for (const value of [{}, { a: 1 }, [], new Date(0)]) expect(isRecord(value), JSON.stringify(value)).toBe(true);
    for (const value of [null, undefined, 0, '', 'x', true, 1n]) expect(isRecord(value), String(value)).toBe(false);
  });
});
