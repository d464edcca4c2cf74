// The shape of every BFF route handler: session check, same-origin check for changes,
// errors as problem+json (never a 500 for bad input).
import 'server-only';
import { AppError } from '@/lib/contracts';
import { observeRequest, routeOf } from '@/lib/platform/metrics';
import { errorResponse } from '@/lib/platform/problem-response';
import { sessionTokenOf } from './session-cookie';
import { isSessionCurrent } from './sessions';

export type SessionUser = { id: string; email: string; name?: string | null };

/**
 * What a BFF route handler reads of its request. Next passes a NextRequest, which has all of it; web's
 * fast lane (lib/web/fast-lane) passes a lighter object with only this, built straight from the
 * Node request (a NextRequest is an undici Request: its construction was a tenth of a list's CPU).
 */
export type ApiRequest = {
  readonly method: string;
  readonly headers: Headers;
  readonly nextUrl: { readonly pathname: string; readonly searchParams: URLSearchParams };
  /** Aborted when the client goes away. */
  readonly signal: AbortSignal;
  readonly body: ReadableStream<Uint8Array> | null;
  json(): Promise<unknown>;
};

type Ctx<P> = { params: Promise<P> };
type Handler<P> = (args: { req: ApiRequest; user: SessionUser; params: P }) => Promise<Response>;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The host of an Origin header; a malformed one matches no host. */
function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/** Browsers send Origin (and Sec-Fetch-Site) on cross-site requests; scripts send neither. */
export function assertSameOrigin(req: ApiRequest): void {
  if (SAFE_METHODS.has(req.method)) return;
  const site = req.headers.get('sec-fetch-site');
  if (site === 'cross-site' || site === 'same-site')
    throw new AppError('forbidden', 'cross-origin requests are not allowed');
  const origin = req.headers.get('origin');
  if (origin && origin !== 'null') {
    const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
    if (hostOf(origin) !== host) throw new AppError('forbidden', 'cross-origin requests are not allowed');
  } else if (origin === 'null') {
    throw new AppError('forbidden', 'cross-origin requests are not allowed');
  }
}

/**
 * The signed-in user of a request. Decodes the session cookie once; Auth.js's `auth()` would also
 * re-encrypt and re-issue the cookie on every API call, which costs more than the rest of a BFF request.
 */
export async function currentUser(req: ApiRequest): Promise<SessionUser | null> {
  const token = await sessionTokenOf(req);
  if (!token?.sub || !(await isSessionCurrent(token.sub, token.sv))) return null;
  return { id: token.sub, email: token.email ?? '', name: token.name ?? null };
}

export function withErrors<P>(handler: (req: ApiRequest, ctx: Ctx<P>) => Promise<Response>) {
  return async (req: ApiRequest, ctx: Ctx<P>): Promise<Response> => {
    const startedAt = process.hrtime.bigint();
    let res: Response;
    try {
      res = await handler(req, ctx);
    } catch (error) {
      res = errorResponse(error, { method: req.method, url: req.nextUrl.pathname, headers: req.headers });
    }
    observeRequest(req.method, routeOf(req.nextUrl.pathname), res.status, startedAt);
    return res;
  };
}

/** A route that needs a signed-in user. */
export function authed<P = Record<string, never>>(handler: Handler<P>) {
  return withErrors<P>(async (req, ctx) => {
    assertSameOrigin(req);
    const user = await currentUser(req);
    if (!user) throw new AppError('unauthorized', 'sign in to use this API');
    return handler({ req, user, params: await ctx.params });
  });
}

/** The body text of each response made by jsonText, for a writer that can skip reading it back. */
const bodyTexts = new WeakMap<Response, string>();

/** A service's JSON answer passed on as it came: no parse and re-serialisation on the way through. */
export function jsonText(text: string, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  const response = new Response(text, {
    status: init.status ?? 200,
    headers: { ...init.headers, 'content-type': 'application/json' },
  });
  bodyTexts.set(response, text);
  return response;
}

/** The body of a response made by jsonText, as text, without reading its stream; undefined for any other. */
export const bodyTextOf = (response: Response): string | undefined => bodyTexts.get(response);
