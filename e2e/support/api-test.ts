// The fixtures of the API-level specs (an owner, a stranger and an anonymous caller, each with its
// own session) and the one check of a problem+json answer they all make.
import { test as base, expect } from '@playwright/test';
import { apiAs } from '../../tests/support/session';
import { type Api, baseUrlOf, type Client, newUser } from './users';

type Fixtures = { url: string; owner: Client; stranger: Client; anonymous: Api };

/** A Playwright `test` whose owner and stranger are fresh users named `<prefix>owner`, `<prefix>stranger`. */
export const apiTest = (prefix = '') =>
  base.extend<Fixtures>({
    url: async ({ baseURL }, use) => use(baseUrlOf(baseURL)),
    owner: async ({ url }, use) => use(await newUser(url, `${prefix}owner`)),
    stranger: async ({ url }, use) => use(await newUser(url, `${prefix}stranger`)),
    anonymous: async ({ url }, use) => use(apiAs(url, null)),
  });

export type ApiResponse = Awaited<ReturnType<Api>>;

/** A problem+json answer (RFC 9457) with this status; with `field`, its `errors` name that field. */
export function expectProblem(res: ApiResponse, status: number, field?: string) {
  expect(res.status, `status of ${JSON.stringify(res.body)}`).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status });
  if (field !== undefined) {
    const keys = Object.keys(res.body.errors ?? {});
    expect(
      keys.some((k) => k === field || k.startsWith(`${field}.`)),
      `errors ${JSON.stringify(res.body.errors)} name "${field}"`,
    ).toBe(true);
  }
}
