import { NextRequest } from 'next/server';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));
let secret = 'a-secret-of-at-least-thirty-two-characters';
vi.mock('@/lib/dapr/secrets', () => ({ getSecret: async () => secret }));
const decodes = vi.fn();
vi.mock('next-auth/jwt', async (importOriginal) => {
  const original = await importOriginal<typeof import('next-auth/jwt')>();
  return {
    ...original,
    decode: (params: Parameters<typeof original.decode>[0]) => {
      decodes();
      return original.decode(params);
    },
  };
});
const { encode } = await import('next-auth/jwt');
const { sessionTokenOf } = await import('./session-cookie');

const COOKIE = 'authjs.session-token';
const requestWith = (token: string) =>
  new NextRequest('http://localhost/api/tasks', { headers: { cookie: `other=1; ${COOKIE}=${token}` } });
const tokenFor = (sub: string, maxAge = 3600) => encode({ token: { sub, sv: 0 }, secret, salt: COOKIE, maxAge });

describe('sessionTokenOf', () => {
  beforeEach(() => {
    secret = 'a-secret-of-at-least-thirty-two-characters';
    decodes.mockClear();
  });

  it('decodes a session cookie once and answers the same cookie from the cache after that', async () => {
    const token = await tokenFor('user-1');
    const first = await sessionTokenOf(requestWith(token));
    const second = await sessionTokenOf(requestWith(token));
    expect(first?.sub).toBe('user-1');
    expect(second).toBe(first);
    expect(decodes).toHaveBeenCalledTimes(1);
  });

  it('refuses a tampered cookie every time, without caching it', async () => {
    const token = await tokenFor('user-2');
    const tampered = `${token.slice(0, -4)}${token.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    expect(await sessionTokenOf(requestWith(tampered))).toBeNull();
    expect(await sessionTokenOf(requestWith(tampered))).toBeNull();
    expect(decodes).toHaveBeenCalledTimes(2);
  });

  it('ends a cached session at its expiry (plus the 15 s clock tolerance Auth.js allows)', async () => {
    const token = await tokenFor('user-3', 60);
    expect((await sessionTokenOf(requestWith(token)))?.sub).toBe('user-3');
    const now = Date.now();
    const spy = vi.spyOn(Date, 'now').mockReturnValue(now + 76_000);
    try {
      expect(await sessionTokenOf(requestWith(token))).toBeNull();
    } finally {
      spy.mockRestore();
    }
  });

  it('forgets every decoded token when the secret changes (rotation)', async () => {
    const token = await tokenFor('user-4');
    expect((await sessionTokenOf(requestWith(token)))?.sub).toBe('user-4');
    secret = 'another-secret-of-at-least-thirty-two-chars';
    expect(await sessionTokenOf(requestWith(token))).toBeNull();
  });

  it('answers null without a session cookie', async () => {
    expect(await sessionTokenOf(new NextRequest('http://localhost/api/tasks'))).toBeNull();
    expect(decodes).not.toHaveBeenCalled();
  });
});
