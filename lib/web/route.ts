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

/**
 * A service's JSON answer passed on as it came (jsonText). web's fast lane writes its text as is; Next
 * gets a Response made of it. A Response per answer (its Headers and body stream) was a twentieth of
 * web's CPU per list in the fast lane, for an object the fast lane only read back.
 */
export class JsonAnswer {
  constructor(
    readonly text: string,
    readonly status: number,
    readonly headers: Readonly<Record<string, string>>,
  ) {}
}

/** What a route's own code answers: a Response, or a passed-on service answer. */
export type RouteAnswer = Response | JsonAnswer;

/** The answer as a Response (what Next takes from a route handler). */
export function toResponse(answer: RouteAnswer): Response {
  if (answer instanceof Response) return answer;
  return new Response(answer.text, { status: answer.status, headers: answer.headers });
}

/** A service's JSON answer passed on as it came: no parse and re-serialisation on the way through. */
export function jsonText(text: string, init: { status?: number; headers?: Record<string, string> } = {}): JsonAnswer {
  return new JsonAnswer(text, init.status ?? 200, { ...init.headers, 'content-type': 'application/json' });
}

/**
 * A route handler as Next calls it (a Response), with `answer`, the same handler as web's fast lane
 * calls it (a RouteAnswer, no Response made for a passed-on answer).
 */
export type Route<P> = ((req: ApiRequest, ctx: Ctx<P>) => Promise<Response>) & {
  answer: (req: ApiRequest, ctx: Ctx<P>) => Promise<RouteAnswer>;
};

/** A route from its answering function: Next calls the route, the fast lane calls `answer`. */
export function asRoute<P>(answer: (req: ApiRequest, ctx: Ctx<P>) => Promise<RouteAnswer>): Route<P> {
  return Object.assign(async (req: ApiRequest, ctx: Ctx<P>) => toResponse(await answer(req, ctx)), { answer });
}

type Handler<P> = (args: { req: ApiRequest; user: SessionUser; params: P }) => Promise<RouteAnswer>;

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

export function withErrors<P>(handler: (req: ApiRequest, ctx: Ctx<P>) => Promise<RouteAnswer>): Route<P> {
  return asRoute(async (req, ctx) => {
    const startedAt = process.hrtime.bigint();
    let res: RouteAnswer;
    try {
      res = await handler(req, ctx);
    } catch (error) {
      res = errorResponse(error, { method: req.method, url: req.nextUrl.pathname, headers: req.headers });
    }
    observeRequest(req.method, routeOf(req.nextUrl.pathname), res.status, startedAt);
    return res;
  });
}

/** A route that needs a signed-in user. */
export function authed<P = Record<string, never>>(handler: Handler<P>): Route<P> {
  return withErrors<P>(async (req, ctx) => {
    assertSameOrigin(req);
    const user = await currentUser(req);
    if (!user) throw new AppError('unauthorized', 'sign in to use this API');
    return handler({ req, user, params: await ctx.params });
  });
}
