// The one reader of JSON request bodies, for web's route handlers and the services alike: the
// same media type, the same size limit (enforced here, whatever sits in front of the app) and the
// same problem+json answers, each naming what to fix.
import type { z } from 'zod';
import { AppError, parseOrThrow } from '../contracts';

/** The largest JSON body any route accepts: the biggest valid task (5,000 characters of notes, each
 * escaped as `\uXXXX`) stays far below it. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

function isJsonMediaType(contentType: string | null): boolean {
  const mediaType = contentType?.split(';', 1)[0]?.trim().toLowerCase();
  return mediaType === 'application/json';
}

/**
 * What is read of a request: a Fetch Request, or web's lighter fast-lane request, which reads its
 * body straight from Node (`readBodyWithin`: the bytes, or null past `limit`) without a web stream.
 */
type BodyOf = {
  readonly headers: Headers;
  readonly body: ReadableStream<Uint8Array> | null;
  readBodyWithin?(limit: number): Promise<Uint8Array | null>;
};

const tooLarge = () =>
  new AppError('payload_too_large', `the body must be at most ${MAX_JSON_BODY_BYTES} bytes of JSON`);

/** A body stream's bytes, or null as soon as they pass `limit` (the stream is cancelled then). */
export async function readStreamWithin(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<Uint8Array | null> {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    size += next.value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(next.value);
  }
  return Buffer.concat(chunks);
}

/** The body's bytes, refused as soon as they pass the limit (a lying or missing Content-Length too). */
async function readBytes(request: BodyOf): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > MAX_JSON_BODY_BYTES) throw tooLarge();
  const bytes = request.readBodyWithin
    ? await request.readBodyWithin(MAX_JSON_BODY_BYTES)
    : await readStreamWithin(request.body, MAX_JSON_BODY_BYTES);
  if (bytes === null) throw tooLarge();
  return bytes;
}

/** Reads a request's JSON body and validates it with a contract schema; any problem is a 4xx. */
export async function readJsonBody<T extends z.ZodType>(request: BodyOf, schema: T): Promise<z.infer<T>> {
  if (!isJsonMediaType(request.headers.get('content-type'))) {
    throw new AppError('unsupported_media_type', 'send the body as application/json');
  }
  const bytes = await readBytes(request);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError('bad_request', 'the body is not valid UTF-8; send JSON encoded as UTF-8');
  }
  if (text.trim() === '') throw new AppError('bad_request', 'the body is empty; send a JSON object');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof SyntaxError ? `: ${error.message}` : '';
    throw new AppError('bad_request', `the body is not valid JSON${reason}`);
  }
  return parseOrThrow(schema, body, 'body');
}
