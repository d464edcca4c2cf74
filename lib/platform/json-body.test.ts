import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../contracts';
import { MAX_JSON_BODY_BYTES, readJsonBody } from './json-body';

const Schema = z.strictObject({ title: z.string().max(MAX_JSON_BODY_BYTES) });

const post = (body: BodyInit | null, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  new Request('http://app.test/x', { method: 'POST', body, headers });

/** A body that arrives in chunks without a Content-Length, as a chunked upload does. */
const chunked = (chunks: string[]) =>
  new Request('http://app.test/x', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: new ReadableStream({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    }),
    duplex: 'half',
  } as RequestInit);

async function problemOf(request: Request): Promise<{ code: string; message: string; errors?: unknown }> {
  try {
    await readJsonBody(request, Schema);
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, message: error.message, errors: error.errors };
    throw error;
  }
  throw new Error('the body was accepted');
}

describe('readJsonBody', () => {
  it('parses a JSON body with the schema, whatever the charset parameter', async () => {
    expect(await readJsonBody(post('{"title":"milk"}'), Schema)).toEqual({ title: 'milk' });
    const withCharset = post('{"title":"brød"}', { 'content-type': 'Application/JSON; charset=utf-8' });
    expect(await readJsonBody(withCharset, Schema)).toEqual({ title: 'brød' });
  });

  it('refuses a body that is not application/json with 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'text/plain; x=application/json', '']) {
      expect((await problemOf(post('{"title":"a"}', type ? { 'content-type': type } : {}))).code, type).toBe(
        'unsupported_media_type',
      );
    }
  });

  it('names the JSON syntax problem with 400', async () => {
    const problem = await problemOf(post('{"title": "unterminated'));
    expect(problem.code).toBe('bad_request');
    expect(problem.message).toMatch(/^the body is not valid JSON: ./);
  });

  it('refuses an empty body and bytes that are not UTF-8 with 400 saying so', async () => {
    expect(await problemOf(post(''))).toMatchObject({ code: 'bad_request', message: /empty/ });
    expect(await problemOf(post(null))).toMatchObject({ code: 'bad_request', message: /empty/ });
    const latin1 = new Uint8Array([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xf8, 0x22, 0x7d]);
    expect(await problemOf(post(latin1))).toMatchObject({ code: 'bad_request', message: /UTF-8/ });
  });

  it('names each field that fails the schema with 400', async () => {
    const problem = await problemOf(post('{"title":1,"colour":"red"}'));
    expect(problem.code).toBe('bad_request');
    expect(Object.keys(problem.errors as object).sort()).toEqual(['colour', 'title']);
  });

  it('accepts a body of exactly the limit and refuses one byte more with 413, declared or not', async () => {
    const ofSize = (n: number) => `{"title":"${'y'.repeat(n - 12)}"}`;
    expect(ofSize(MAX_JSON_BODY_BYTES)).toHaveLength(MAX_JSON_BODY_BYTES);
    expect((await readJsonBody(post(ofSize(MAX_JSON_BODY_BYTES)), Schema)).title).toHaveLength(
      MAX_JSON_BODY_BYTES - 12,
    );
    expect((await problemOf(post(ofSize(MAX_JSON_BODY_BYTES + 1)))).code).toBe('payload_too_large');
    const big = ofSize(MAX_JSON_BODY_BYTES + 1);
    const undeclared = chunked([big.slice(0, 40_000), big.slice(40_000)]);
    expect(undeclared.headers.get('content-length')).toBeNull();
    expect((await problemOf(undeclared)).code).toBe('payload_too_large');
    expect(await readJsonBody(chunked(['{"title":', '"in two"}']), Schema)).toEqual({ title: 'in two' });
  });

  it('trusts no Content-Length that claims more than the limit', async () => {
    const request = post('{"title":"a"}', {
      'content-type': 'application/json',
      'content-length': String(MAX_JSON_BODY_BYTES + 1),
    });
    expect((await problemOf(request)).code).toBe('payload_too_large');
  });
});
