// The fast lane: web's hot API routes served straight from node:http by web-server.ts, with the same
// handlers Next serves them with (lib/web/handlers, re-exported by app/api/**/route.ts). Next's
// request pipeline (routing, its request/response wrappers, header rules) cost web more CPU per
// request than the BFF work itself (README: web's CPU per request). Every other request, and any
// method a route here does not have, goes to Next.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorResponse } from '@/lib/platform/problem-response';
import { contextOfHeaders, inSpan, SpanKind } from '@/lib/platform/tracing';
import * as events from '@/lib/web/handlers/events';
import * as fanout from '@/lib/web/handlers/fanout';
import * as health from '@/lib/web/handlers/health';
import * as task from '@/lib/web/handlers/task';
import { completeTask, reopenTask } from '@/lib/web/handlers/task-actions';
import * as tasks from '@/lib/web/handlers/tasks';
import type { ApiRequest, RouteAnswer } from '@/lib/web/route';
import { API_CONTENT_SECURITY_POLICY, COMMON_SECURITY_HEADERS } from '@/lib/web/security-headers';
import { apiRequestOf, writeResponse } from './node-fetch';

type Params = Record<string, string>;
// biome-ignore lint/suspicious/noExplicitAny: each handler declares its own params; the table gives each its route's.
type RouteHandler = (req: ApiRequest, ctx: { params: Promise<any> }) => Promise<RouteAnswer> | RouteAnswer;
/** A route as its module exports it for Next; a withErrors route also has `answer`, which the fast lane calls. */
type ExportedRoute = RouteHandler & { answer?: RouteHandler };

/** What next.config.ts headers() gives every /api route. */
export const API_HEADERS: Readonly<Record<string, string>> = {
  ...COMMON_SECURITY_HEADERS,
  'content-security-policy': API_CONTENT_SECURITY_POLICY,
};

/** Route templates as Next names them (span names match the ones Next made for these routes). */
type Route = {
  template: string;
  param?: string;
  methods: Partial<Record<string, ExportedRoute>>;
};

const TASKS: Route = { template: '/api/tasks', methods: { GET: tasks.GET, POST: tasks.POST } };
const TASK: Route = {
  template: '/api/tasks/[id]',
  param: 'id',
  methods: { GET: task.GET, PATCH: task.PATCH, DELETE: task.DELETE },
};
const COMPLETE: Route = { template: '/api/tasks/[id]/complete', param: 'id', methods: { POST: completeTask } };
const REOPEN: Route = { template: '/api/tasks/[id]/reopen', param: 'id', methods: { POST: reopenTask } };
const EVENTS: Route = { template: '/api/events', methods: { GET: events.GET } };
const HEALTH: Route = { template: '/api/health', methods: { GET: health.GET } };
const FANOUT: Route = { template: '/api/internal/fanout/[topic]', param: 'topic', methods: { POST: fanout.POST } };

/** A path segment as Next passes it to a handler (percent-decoded); null when it does not decode. */
function segmentOf(raw: string): string | null {
  if (raw === '') return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** The fast-lane route and its params for a method and path, or null for Next to serve. */
export function matchRoute(method: string, pathname: string): { route: Route; params: Params } | null {
  const parts = pathname.split('/');
  // ['', 'api', ...]
  if (parts[1] !== 'api') return null;
  let found: { route: Route; value?: string } | null = null;
  switch (parts.length) {
    case 3:
      if (parts[2] === 'tasks') found = { route: TASKS };
      else if (parts[2] === 'events') found = { route: EVENTS };
      else if (parts[2] === 'health') found = { route: HEALTH };
      break;
    case 4:
      if (parts[2] === 'tasks') found = { route: TASK, value: parts[3] };
      break;
    case 5:
      if (parts[2] === 'tasks' && parts[4] === 'complete') found = { route: COMPLETE, value: parts[3] };
      else if (parts[2] === 'tasks' && parts[4] === 'reopen') found = { route: REOPEN, value: parts[3] };
      else if (parts[2] === 'internal' && parts[3] === 'fanout') found = { route: FANOUT, value: parts[4] };
      break;
  }
  if (!found?.route.methods[method]) return null;
  if (!found.route.param) return { route: found.route, params: {} };
  const value = segmentOf(found.value ?? '');
  return value === null ? null : { route: found.route, params: { [found.route.param]: value } };
}

/** The path of a request target, or null when it is not a plain origin-form path Next would serve as is. */
function pathnameOf(url: string): string | null {
  const end = url.indexOf('?');
  const path = end === -1 ? url : url.slice(0, end);
  // Next normalises these (trailing slash redirect, `//`, dot segments, encoded slashes): leave them to it.
  if (!path.startsWith('/') || path.includes('//') || path.endsWith('/') || path.includes('/.')) return null;
  return path;
}

/**
 * Serves the request when it is a fast-lane route and returns true; false leaves it to Next
 * (nothing has been read or written then).
 */
export function serveFastLane(req: IncomingMessage, res: ServerResponse): boolean {
  const path = pathnameOf(req.url ?? '/');
  if (path === null) return false;
  const method = req.method ?? 'GET';
  const match = matchRoute(method, path);
  if (!match) return false;
  const request = apiRequestOf(req, res);
  if (!request) return false;
  const exported = match.route.methods[method] as ExportedRoute;
  const handler = exported.answer ?? exported;
  const name = `${method} ${match.route.template}`;
  // The span ends with the handler's answer (as Next's did), not when an event stream closes.
  inSpan(
    name,
    {
      kind: SpanKind.SERVER,
      parent: contextOfHeaders(request.headers),
      attributes: { 'http.request.method': method, 'http.route': match.route.template },
    },
    async (span) => {
      let response: RouteAnswer;
      try {
        response = await handler(request, { params: Promise.resolve(match.params) });
      } catch (error) {
        // The routes map their errors themselves (withErrors); this is the net under that.
        response = errorResponse(error, { method, url: path, headers: request.headers });
      }
      span.setAttribute('http.response.status_code', response.status);
      return response;
    },
  )
    .then((response) => writeResponse(res, response, API_HEADERS))
    .catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  // A body the handler left unread (an answer before reading it, e.g. 413 on Content-Length) is discarded.
  res.once('finish', () => {
    if (!req.complete) {
      req.removeAllListeners('data');
      req.resume();
    }
  });
  return true;
}
