// Property-based fuzz of every public route of web and every service route through its sidecar:
// never a 5xx, every 4xx is problem+json (naming the field for a body that fails validation), a
// refused request changes nothing, and accepted values come back exactly. `npm test` runs a
// seeded share; `npm run fuzz` runs FUZZ_RUNS per property (at least 10,000 requests in all).
import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { anyJson, dateLike, nastyString, oddHeaders, pathId, query, rawBody, taskBody } from './fuzz/arbitraries';
import { E2E_CONFIG } from './support/config';
import { baseUrlOf, type Client, newUser } from './support/users';

const RUNS = E2E_CONFIG.FUZZ_RUNS;
const SEED = E2E_CONFIG.FUZZ_SEED;
const counts: Record<string, Record<string, number>> = {};

type Answer = { status: number; contentType: string; text: string; body: unknown };

async function send(
  url: string,
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: init.headers,
    body: init.body,
    redirect: 'manual',
    signal: AbortSignal.timeout(30_000),
  });
  const contentType = res.headers.get('content-type') ?? '';
  if (contentType.includes('text/event-stream')) {
    await res.body?.cancel();
    return { status: res.status, contentType, text: '', body: null };
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {}
  return { status: res.status, contentType, text, body };
}

/** The properties every answer must have; `route` names it in the counts and in a failure. */
function check(route: string, res: Answer, options: { isValidationBody?: boolean } = {}) {
  counts[route] ??= {};
  const perRoute = counts[route];
  perRoute[res.status] = (perRoute[res.status] ?? 0) + 1;
  expect(res.status, `${route} answered ${res.status}: ${res.text.slice(0, 300)}`).toBeLessThan(500);
  // 431 comes from Node's HTTP parser (headers and URL over 16 KiB) before the app sees the request.
  if (res.status >= 400 && res.status !== 431) {
    expect(res.contentType, `${route} ${res.status} is problem+json`).toContain('application/problem+json');
    const problem = res.body as { status?: number; title?: string; errors?: Record<string, string[]> };
    expect(problem.status).toBe(res.status);
    expect(typeof problem.title).toBe('string');
    if (res.status === 400 && options.isValidationBody) {
      expect(Object.keys(problem.errors ?? {}).length, `${route} 400 names the field: ${res.text}`).toBeGreaterThan(0);
    }
  }
}

const isJsonObject = (raw: string) => {
  try {
    const v = JSON.parse(raw);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
};

/** What the user owns, as a comparable fingerprint (ids and versions of open and completed tasks). */
async function fingerprint(user: Client): Promise<string> {
  const [open, done] = await Promise.all([
    user.api('/api/tasks?view=all&limit=100&sort=created'),
    user.api('/api/tasks?view=completed&limit=100&sort=created'),
  ]);
  expect(open.status).toBe(200);
  const items = [...open.body.items, ...done.body.items] as Array<{ id: string; version: number }>;
  return items
    .map((t) => `${t.id}:${t.version}`)
    .sort()
    .join(',');
}

const sameInstant = (a: unknown, b: unknown) =>
  a === null || a === undefined ? b === null : typeof a === 'string' && Date.parse(a) === Date.parse(String(b));

/** Accepted input comes back exactly: text as the same text, dates as the same instant. */
function expectRoundTrip(sent: Record<string, unknown>, task: Record<string, unknown>) {
  if (typeof sent.title === 'string') expect(task.title).toBe(sent.title.trim());
  if ('notes' in sent) expect(task.notes).toBe(sent.notes);
  if ('priority' in sent) expect(task.priority).toBe(sent.priority);
  if (Array.isArray(sent.tags)) expect(task.tags).toEqual([...new Set(sent.tags)]);
  for (const key of ['dueAt', 'remindAt'] as const) {
    if (key in sent) expect(sameInstant(sent[key], task[key]), `${key} ${sent[key]} -> ${task[key]}`).toBe(true);
  }
  const recurrence = sent.recurrence as { freq: string; interval?: number; until?: string | null } | null | undefined;
  if (recurrence) {
    const back = task.recurrence as { freq: string; interval: number; until?: string | null };
    expect(back.freq).toBe(recurrence.freq);
    expect(back.interval).toBe(recurrence.interval ?? 1);
    expect(sameInstant(recurrence.until ?? null, back.until ?? null)).toBe(true);
  }
}

const jsonHeaders = (user: Client, extra: Record<string, string> = {}) => ({
  cookie: user.cookie,
  'content-type': 'application/json',
  ...extra,
});

// daprd itself answers 500 (ERR_DIRECT_INVOKE, "method contains forbidden character") for a method
// whose decoded form holds a control character, `?`, or a byte that is not printable ASCII (seen:
// NUL, and "?" followed by U+FFFD), before any service is reached; web never forwards such an id
// (it answers 404 first). So the services are fuzzed with the ids daprd passes on.
const isPassedByDaprd = (id: string) => {
  try {
    return /^[\x20-\x7e]*$/.test(decodeURIComponent(id)) && !/[?#]/.test(decodeURIComponent(id));
  } catch {
    return false;
  }
};
const sidecarPathId = () => pathId().filter(isPassedByDaprd);

const params = (runs = RUNS) => ({ numRuns: runs, seed: SEED, endOnFailure: true });

test.describe.configure({ mode: 'default' });
test.setTimeout(Math.max(120_000, RUNS * 4_000));

let url: string;
let user: Client;
let target: { id: string; version: number };

test.beforeAll(async ({ baseURL }) => {
  url = baseUrlOf(baseURL);
  user = await newUser(url, 'fuzz');
  const created = await user.api('/api/tasks', { method: 'POST', body: { title: 'fuzz target' } });
  target = created.body;
});

test.afterAll(() => {
  const total = Object.values(counts).reduce((n, c) => n + Object.values(c).reduce((a, b) => a + b, 0), 0);
  const lines = Object.entries(counts).map(([route, byStatus]) => `${route.padEnd(44)} ${JSON.stringify(byStatus)}`);
  console.log(`fuzz: ${total} requests, seed ${SEED}, ${RUNS} runs per property\n${lines.join('\n')}`);
  writeFileSync('test-results/fuzz-summary.json', JSON.stringify({ total, seed: SEED, runs: RUNS, counts }, null, 2));
});

test('POST /api/tasks: never a 5xx; a refused body changes nothing; an accepted one round-trips', async () => {
  await fc.assert(
    fc.asyncProperty(rawBody(taskBody()), fc.boolean(), async (raw, hasOddHeaders) => {
      const before = await fingerprint(user);
      const headers = jsonHeaders(user, hasOddHeaders ? { 'idempotency-key': crypto.randomUUID() } : {});
      const res = await send(url, 'POST', '/api/tasks', { headers, body: raw });
      check('POST /api/tasks', res, { isValidationBody: isJsonObject(raw) && raw.length < 60_000 });
      if (res.status === 201) {
        const task = res.body as Record<string, unknown>;
        expectRoundTrip(JSON.parse(raw), task);
        const again = await user.api(`/api/tasks/${task.id}`);
        expectRoundTrip(JSON.parse(raw), again.body);
        expect((await user.api(`/api/tasks/${task.id}`, { method: 'DELETE' })).status).toBe(204);
      } else {
        expect(await fingerprint(user)).toBe(before);
      }
    }),
    params(),
  );
});

test('PATCH /api/tasks/{id}: never a 5xx; a refused patch changes nothing; an accepted one round-trips', async () => {
  await fc.assert(
    fc.asyncProperty(rawBody(taskBody()), oddHeaders(), async (raw, odd) => {
      const before = await fingerprint(user);
      const headers = jsonHeaders(user, odd['if-match'] ? { 'if-match': odd['if-match'] } : {});
      const res = await send(url, 'PATCH', `/api/tasks/${target.id}`, { headers, body: raw });
      check('PATCH /api/tasks/{id}', res, {
        isValidationBody: isJsonObject(raw) && !odd['if-match'] && raw.length < 60_000,
      });
      if (res.status === 200) expectRoundTrip(JSON.parse(raw), res.body as Record<string, unknown>);
      else expect(await fingerprint(user)).toBe(before);
    }),
    params(),
  );
});

test('GET /api/tasks: any query is answered 200 or a 4xx naming the parameter', async () => {
  await fc.assert(
    fc.asyncProperty(query(['view', 'q', 'tag', 'priority', 'sort', 'order', 'limit', 'cursor', 'tz']), async (qs) => {
      check('GET /api/tasks?…', await send(url, 'GET', `/api/tasks?${qs}`, { headers: { cookie: user.cookie } }));
    }),
    params(),
  );
});

test('GET /api/tasks?cursor=: crafted cursors never reach a 5xx', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        nastyString(),
        anyJson().map((v) => Buffer.from(JSON.stringify(v) ?? '').toString('base64url')),
        fc
          .tuple(dateLike(), fc.oneof(fc.uuid(), nastyString()))
          .map(([d, id]) => Buffer.from(JSON.stringify([d, id])).toString('base64url')),
      ),
      fc.constantFrom('due', 'created', 'priority', 'title'),
      async (cursor, sort) => {
        const qs = new URLSearchParams({ cursor, sort });
        check(
          'GET /api/tasks?cursor',
          await send(url, 'GET', `/api/tasks?${qs}`, { headers: { cookie: user.cookie } }),
        );
      },
    ),
    params(),
  );
});

test('task actions on any path id: never a 5xx, and nothing of the user changes', async () => {
  await fc.assert(
    fc.asyncProperty(
      pathId(),
      fc.constantFrom(['GET', ''], ['DELETE', ''], ['POST', '/complete'], ['POST', '/reopen']),
      async (id, [method, suffix]) => {
        const before = await fingerprint(user);
        const res = await send(url, method as string, `/api/tasks/${id}${suffix}`, {
          headers: { cookie: user.cookie },
        });
        check(`${method} /api/tasks/{id}${suffix}`, res);
        if (res.status >= 400) expect(await fingerprint(user)).toBe(before);
      },
    ),
    params(),
  );
});

test('POST /api/register: never a 5xx; refused bodies name the field', async () => {
  await fc.assert(
    fc.asyncProperty(
      rawBody(
        fc.record(
          {
            email: fc.oneof(fc.emailAddress(), nastyString()),
            password: nastyString(),
            name: nastyString(),
            extra: anyJson(),
          },
          { requiredKeys: [] },
        ),
      ),
      async (raw) => {
        const res = await send(url, 'POST', '/api/register', {
          // a fresh client address each time, so the sign-up rate limit is not what answers
          headers: {
            'content-type': 'application/json',
            'x-forwarded-for': `198.51.100.${Math.floor(Math.random() * 250) + 1}`,
          },
          body: raw,
        });
        if (res.status === 429) return;
        check('POST /api/register', res, { isValidationBody: isJsonObject(raw) && raw.length < 60_000 });
      },
    ),
    params(),
  );
});

test('notifications, settings and account routes: never a 5xx', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        query(['unread', 'limit', 'after', 'before']).map(
          (qs) => ['GET', `/api/notifications?${qs}`, undefined] as const,
        ),
        pathId().map((id) => ['POST', `/api/notifications/${id}/read`, undefined] as const),
        rawBody(fc.record({ emailReminders: anyJson() }, { requiredKeys: [] })).map(
          (b) => ['PUT', '/api/settings', b] as const,
        ),
        rawBody(fc.record({ currentPassword: nastyString(), newPassword: nastyString() }, { requiredKeys: [] })).map(
          (b) => ['POST', '/api/account/password', b] as const,
        ),
      ),
      async ([method, path, body]) => {
        const res = await send(url, method, path, { headers: jsonHeaders(user), body });
        check(
          `${method} ${path.replace(/\?.*|\/[^/]+\/read$/, (m) => (m.startsWith('?') ? '?…' : '/{id}/read'))}`,
          res,
        );
      },
    ),
    params(),
  );
});

test('chat routes: never a 5xx; a refused turn stores nothing; an accepted one is in the history as sent', async () => {
  // A user of its own: turns count against the per-minute limit (a 429 is a refusal like any other).
  const chatter = await newUser(url, 'fuzz-chat');
  const started = await chatter.api('/api/chat', { method: 'POST', body: { message: 'help' } });
  const known: string = started.body.conversationId;
  const conversations = async () => JSON.stringify((await chatter.api('/api/chat')).body);
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        {
          weight: 4,
          arbitrary: rawBody(
            fc.oneof(
              // Mostly well-formed turns, so the accepted path and its history round trip run too.
              {
                weight: 3,
                arbitrary: fc.record(
                  {
                    message: fc.oneof(
                      {
                        weight: 2,
                        arbitrary: fc.constantFrom(
                          'help',
                          "what's due today?",
                          'show my tasks',
                          'add fuzz chat item #fuzz',
                        ),
                      },
                      { weight: 1, arbitrary: nastyString() },
                    ),
                    conversationId: fc.oneof(
                      { weight: 3, arbitrary: fc.constant(known) },
                      { weight: 1, arbitrary: fc.uuid() },
                    ),
                    tz: fc.oneof(
                      { weight: 3, arbitrary: fc.constantFrom('Europe/Berlin', 'UTC', 'America/New_York') },
                      { weight: 1, arbitrary: nastyString() },
                    ),
                  },
                  { requiredKeys: ['message'] },
                ),
              },
              {
                weight: 1,
                arbitrary: fc.record(
                  { message: anyJson(), conversationId: nastyString(), tz: anyJson(), extra: anyJson() },
                  { requiredKeys: [] },
                ),
              },
            ),
          ).map((b) => ['POST', '/api/chat', b] as const),
        },
        { weight: 1, arbitrary: pathId().map((id) => ['GET', `/api/chat/${id}`, undefined] as const) },
        { weight: 1, arbitrary: pathId().map((id) => ['DELETE', `/api/chat/${id}`, undefined] as const) },
      ),
      async ([method, path, body]) => {
        // A delete of the known conversation would be a change by design: only ids of nothing here.
        if (method === 'DELETE' && path.endsWith(known)) return;
        const before = await conversations();
        const res = await send(url, method, path, { headers: jsonHeaders(chatter), body });
        check(`${method} ${path.startsWith('/api/chat/') ? '/api/chat/{id}' : '/api/chat'}`, res, {
          isValidationBody: method === 'POST' && body !== undefined && isJsonObject(body) && body.length < 60_000,
        });
        if (method === 'POST' && res.status === 200) {
          const sent = JSON.parse(body as string) as { message: string };
          const reply = res.body as { conversationId: string };
          const history = await chatter.api(`/api/chat/${reply.conversationId}`);
          const userTurns = (history.body.turns as Array<{ role: string; text: string }>).filter(
            (t) => t.role === 'user',
          );
          expect(userTurns.at(-1)?.text).toBe(sent.message.trim());
        } else if (method !== 'GET') {
          expect(await conversations()).toBe(before);
        }
      },
    ),
    params(),
  );
});

test('odd headers (Origin, Content-Type, Last-Event-ID, cookies) never reach a 5xx', async () => {
  await fc.assert(
    fc.asyncProperty(
      oddHeaders(),
      fc.constantFrom('/api/tasks', '/api/events', '/api/notifications'),
      fc.oneof(
        fc.constant(null),
        nastyString().map((s) => s.replace(/[^\x20-\x7e]/g, '')),
      ),
      async (odd, path, cookie) => {
        const headers: Record<string, string> = {
          ...odd,
          cookie: cookie === null ? user.cookie : `authjs.session-token=${cookie}`,
        };
        const isPost = path === '/api/tasks' && odd.origin !== undefined;
        const res = await send(url, isPost ? 'POST' : 'GET', path, {
          headers,
          body: isPost ? JSON.stringify({ title: 'odd header' }) : undefined,
        });
        check(`${isPost ? 'POST' : 'GET'} ${path} (odd headers)`, res);
        if (res.status === 201) await user.api(`/api/tasks/${(res.body as { id: string }).id}`, { method: 'DELETE' });
      },
    ),
    params(),
  );
});

test('service routes through the sidecar: never a 5xx, whatever the body, id or acting user', async () => {
  const sidecar = E2E_CONFIG.E2E_WEB_SIDECAR_URL;
  const token = E2E_CONFIG.E2E_WEB_DAPR_API_TOKEN;
  expect(sidecar && token, 'e2e/global-setup.ts exports the web sidecar URL and token').toBeTruthy();
  const invoke = (app: string, method: string, path: string, userId: string, body?: string) =>
    send(`${sidecar}/v1.0/invoke/${app}/method`, method, path, {
      headers: { 'dapr-api-token': token as string, 'x-user-id': userId, 'content-type': 'application/json' },
      body,
    });
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        fc.constant(user.id),
        fc.uuid(),
        nastyString().map((s) => s.replace(/[^\x20-\x7e]/g, '') || 'x'),
      ),
      fc.oneof(
        rawBody(taskBody()).map((b) => ['task-service', 'POST', '/tasks', b] as const),
        fc
          .tuple(sidecarPathId(), rawBody(taskBody()))
          .map(([id, b]) => ['task-service', 'PATCH', `/tasks/${id}`, b] as const),
        query(['view', 'q', 'tag', 'priority', 'sort', 'order', 'limit', 'cursor', 'tz']).map(
          (qs) => ['task-service', 'GET', `/tasks?${qs}`, undefined] as const,
        ),
        sidecarPathId().map((id) => ['task-service', 'POST', `/tasks/${id}/complete`, undefined] as const),
        fc
          .tuple(sidecarPathId(), rawBody(anyJson()))
          .map(([id, b]) => ['task-service', 'POST', `/tasks/${id}/next-occurrence`, b] as const),
        query(['unread', 'limit', 'after', 'before']).map(
          (qs) => ['notification-service', 'GET', `/notifications?${qs}`, undefined] as const,
        ),
        rawBody(
          fc.record(
            {
              taskId: fc.oneof(fc.uuid(), nastyString()),
              reminderId: nastyString(),
              title: nastyString(),
              body: nastyString(),
            },
            { requiredKeys: [] },
          ),
        ).map((b) => ['notification-service', 'POST', '/notifications', b] as const),
      ),
      async (actingUser, [app, method, path, body]) => {
        const before = actingUser === user.id ? await fingerprint(user) : null;
        const res = await invoke(app, method, path, actingUser, body);
        check(`${app} ${method} ${path.split('?')[0]?.replace(/\/tasks\/[^/]+/, '/tasks/{id}')}`, res);
        if (res.status === 201 && app === 'task-service' && path === '/tasks') {
          await invoke(app, 'DELETE', `/tasks/${(res.body as { id: string }).id}`, actingUser);
        } else if (before !== null && res.status >= 400) {
          expect(await fingerprint(user)).toBe(before);
        }
      },
    ),
    params(),
  );
});
