// API-level specs against web's public HTTP API (DESIGN.md "Public HTTP API of web"), on the real
// stack. Every test makes its own users and tasks, so the tests run in parallel and in any order.
import { randomUUID } from 'node:crypto';
import { expect } from '@playwright/test';
import type { Task } from '../lib/contracts';
import { MAX_JSON_BODY_BYTES } from '../lib/platform/json-body';
import { apiAs } from '../tests/support/session';
import { NEW_TASK_DEFAULTS } from '../tests/support/task-fixtures';
import { type ApiResponse, apiTest, expectProblem } from './support/api-test';
import { E2E_CONFIG } from './support/config';
import { type Api, attemptSignIn, newClientAddress, randomEmail, register } from './support/users';

const test = apiTest();

test.describe.configure({ mode: 'parallel' });

type Res = ApiResponse;

async function createTask(api: Api, body: Record<string, unknown>): Promise<Task> {
  const res = await api('/api/tasks', { method: 'POST', body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as Task;
}

async function listIds(api: Api, query = ''): Promise<string[]> {
  const res = await api(`/api/tasks${query ? `?${query}` : ''}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.items as Task[]).map((t) => t.id);
}

/** Calls a service through web's sidecar as web does (its Dapr API token, an acting user). */
function serviceAs(appId: string, userId: string): Api {
  const sidecar = E2E_CONFIG.E2E_WEB_SIDECAR_URL;
  const token = E2E_CONFIG.E2E_WEB_DAPR_API_TOKEN;
  if (!sidecar || !token) throw new Error('e2e/global-setup.ts exports the web sidecar URL and token');
  const call = apiAs(`${sidecar}/v1.0/invoke/${appId}/method`, null);
  return (path, init = {}) =>
    call(path, { ...init, headers: { 'dapr-api-token': token, 'x-user-id': userId, ...init.headers } });
}

const hoursFromNow = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test.describe('health', () => {
  test('GET /api/health answers 200', async ({ anonymous }) => {
    const res = await anonymous('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  test('GET /api/ready answers 200 when the sidecar and both services are reachable, and tells an anonymous caller nothing more', async ({
    anonymous,
  }) => {
    const res = await anonymous('/api/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready' });
  });
});

test.describe('POST /api/register', () => {
  test('POST /api/register creates an account: 201 {id, email, name}, no password echoed', async ({ url }) => {
    const email = randomEmail('reg');
    const res = await register(url, { email, password: 'correct horse battery', name: 'Ada' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), email, name: 'Ada' });
    const { isSignedIn } = await attemptSignIn(url, email, 'correct horse battery', newClientAddress());
    expect(isSignedIn).toBe(true);
  });

  test('POST /api/register answers 409 for an email that is taken, in any letter case', async ({ url }) => {
    const email = randomEmail('dup');
    expect((await register(url, { email, password: 'password-long-1' })).status).toBe(201);
    expectProblem(await register(url, { email, password: 'password-long-2' }), 409);
    expectProblem(await register(url, { email: email.toUpperCase(), password: 'password-long-3' }), 409);
  });

  test('POST /api/register rejects a malformed email with 400 naming email', async ({ url }) => {
    expectProblem(await register(url, { email: 'not-an-email', password: 'long enough to pass' }), 400, 'email');
  });

  test('POST /api/register rejects a password under 12 characters with 400 naming password', async ({ url }) => {
    expectProblem(await register(url, { email: randomEmail('short'), password: 'eleven-char' }), 400, 'password');
  });

  test('POST /api/register rejects malformed JSON and a non-JSON content type without a 500', async ({ url }) => {
    expectProblem(await register(url, '{"email":'), 400);
    const res = await register(
      url,
      JSON.stringify({ email: randomEmail('ct'), password: 'long enough to pass' }),
      undefined,
      {
        'content-type': 'text/plain',
      },
    );
    expect(res.status).toBe(415);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  test('POST /api/register from another origin answers 403 and creates no account', async ({ url }) => {
    const email = randomEmail('csrf');
    const address = newClientAddress();
    const res = await register(url, { email, password: 'long enough to pass' }, address, {
      origin: 'http://evil.example',
    });
    expectProblem(res, 403);
    expect((await register(url, { email, password: 'long enough to pass' }, address)).status).toBe(201);
  });
});

test.describe('sign-in', () => {
  test('POST /api/auth/callback/credentials signs in with the right password; /api/auth/session names the user', async ({
    url,
  }) => {
    const email = randomEmail('signin');
    const address = newClientAddress();
    expect((await register(url, { email, password: 'the password is long' }, address)).status).toBe(201);
    const wrong = await attemptSignIn(url, email, 'not the password', address);
    expect(wrong.isSignedIn).toBe(false);
    const right = await attemptSignIn(url, email, 'the password is long', address);
    expect(right.isSignedIn).toBe(true);
    const session = await apiAs(url, { cookie: right.cookie })('/api/auth/session');
    expect(session.body).toMatchObject({ user: { email } });
  });

  test('POST /api/auth/callback/credentials answers 429 with Retry-After after 10 attempts for one email', async ({
    url,
  }) => {
    const email = randomEmail('brute');
    const password = 'the real password';
    expect((await register(url, { email, password })).status).toBe(201);
    // Each attempt from another address: the limit is per email, not only per address.
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const { res, isSignedIn } = await attemptSignIn(url, email, `wrong-${i}`, newClientAddress());
      expect(isSignedIn).toBe(false);
      statuses.push(res.status);
    }
    expect(statuses).not.toContain(429);
    for (const attempt of [
      { email, password: 'wrong-10' },
      { email: email.toUpperCase(), password: 'wrong-11' },
      // Once limited, even the right password is refused: guessing cannot continue.
      { email, password },
    ]) {
      const { res, isSignedIn } = await attemptSignIn(url, attempt.email, attempt.password, newClientAddress());
      expect(isSignedIn).toBe(false);
      expect(res.status).toBe(429);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const retryAfter = Number(res.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= 15 * 60).toBe(true);
    }
  });
});

test.describe('authentication and isolation', () => {
  const taskRoutes = [
    { method: 'GET', route: '/api/tasks/{id}', ok: 200 },
    { method: 'PATCH', route: '/api/tasks/{id}', ok: 200, body: { title: 'changed by the caller' } },
    { method: 'DELETE', route: '/api/tasks/{id}', ok: 204 },
    { method: 'POST', route: '/api/tasks/{id}/complete', ok: 200 },
    { method: 'POST', route: '/api/tasks/{id}/reopen', ok: 200 },
  ] as const;

  for (const { method, route, ok, ...rest } of taskRoutes) {
    const body = 'body' in rest ? rest.body : undefined;
    test(`${method} ${route} answers 401 without a session, 404 to another user, ${ok} to the owner`, async ({
      owner,
      stranger,
      anonymous,
    }) => {
      const task = await createTask(owner.api, { title: `private ${randomUUID()}`, notes: 'secret' });
      const path = route.replace('{id}', task.id);

      const anon = await anonymous(path, { method, body });
      expectProblem(anon, 401);
      const other = await stranger.api(path, { method, body });
      expectProblem(other, 404);
      expect(JSON.stringify(other.body)).not.toContain('secret');

      const untouched = await owner.api(`/api/tasks/${task.id}`);
      expect(untouched.body).toEqual(task);

      const own = await owner.api(path, { method, body });
      expect(own.status, JSON.stringify(own.body)).toBe(ok);
    });
  }

  test('GET /api/tasks answers 401 without a session and never lists another user’s tasks', async ({
    owner,
    stranger,
    anonymous,
  }) => {
    const title = `owner-only ${randomUUID()}`;
    const task = await createTask(owner.api, { title, tags: ['shared-tag'], priority: 'high' });
    await owner.api(`/api/tasks/${task.id}/complete`, { method: 'POST' });
    expectProblem(await anonymous('/api/tasks'), 401);
    for (const query of ['', 'view=completed', `q=${encodeURIComponent(title)}`, 'tag=shared-tag', 'priority=high']) {
      expect(await listIds(stranger.api, query), query).toEqual([]);
    }
    expect(await listIds(owner.api)).toEqual([task.id]);
  });

  test('a task path that is not a UUID answers 404', async ({ owner }) => {
    expectProblem(await owner.api('/api/tasks/not-a-uuid'), 404);
    expectProblem(await owner.api(`/api/tasks/${randomUUID()}`), 404);
  });

  test('task-service and notification-service answer 404, like web, for a malformed path id (through web’s sidecar)', async ({
    owner,
  }) => {
    const asOwner = (app: string) => serviceAs(app, owner.id);
    for (const id of ['not-a-uuid', '1', `${randomUUID()}x`]) {
      expectProblem(await asOwner('task-service')(`/tasks/${id}`), 404);
      expectProblem(await asOwner('task-service')(`/tasks/${id}/complete`, { method: 'POST' }), 404);
      expectProblem(await asOwner('task-service')(`/tasks/${id}`, { method: 'PATCH', body: { title: 'x' } }), 404);
      expectProblem(await asOwner('task-service')(`/tasks/${id}`, { method: 'DELETE' }), 404);
    }
    for (const id of ['not-a-number', '-1', '1e3', '9999999999999999999']) {
      expectProblem(await asOwner('notification-service')(`/notifications/${id}/read`, { method: 'POST' }), 404);
      expectProblem(await owner.api(`/api/notifications/${id}/read`, { method: 'POST' }), 404);
    }
    // A cursor that is well-formed but names nothing of this user's is a 404 too; a malformed one names `after`.
    expectProblem(await asOwner('notification-service')('/notifications/999999999/read', { method: 'POST' }), 404);
    expectProblem(await asOwner('notification-service')('/notifications?after=abc'), 400, 'after');
  });

  test('notification routes and GET /api/events answer 401 without a session', async ({ anonymous }) => {
    expectProblem(await anonymous('/api/notifications'), 401);
    expectProblem(await anonymous('/api/notifications/1/read', { method: 'POST' }), 401);
    expectProblem(await anonymous('/api/notifications/read-all', { method: 'POST' }), 401);
    expectProblem(await anonymous('/api/events'), 401);
  });

  test('a session cookie that was tampered with counts as no session (401)', async ({ owner, url }) => {
    const tampered = owner.cookie.replace(/(session-token=)([^;]{8})/, '$1AAAAAAAA');
    expect(tampered).not.toBe(owner.cookie);
    expectProblem(await apiAs(url, { cookie: tampered })('/api/tasks'), 401);
  });
});

test.describe('same-origin rule', () => {
  test('POST /api/tasks with Origin http://evil.example answers 403 and creates nothing', async ({ owner }) => {
    const res = await owner.api('/api/tasks', {
      method: 'POST',
      body: { title: 'forged' },
      headers: { origin: 'http://evil.example' },
    });
    expectProblem(res, 403);
    const siteRes = await owner.api('/api/tasks', {
      method: 'POST',
      body: { title: 'forged' },
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expectProblem(siteRes, 403);
    expect(await listIds(owner.api)).toEqual([]);
  });

  test('PATCH and DELETE from another origin answer 403 and leave the task as it was', async ({ owner }) => {
    const task = await createTask(owner.api, { title: 'keep me' });
    const evil = { origin: 'http://evil.example' };
    expectProblem(
      await owner.api(`/api/tasks/${task.id}`, { method: 'PATCH', body: { title: 'x' }, headers: evil }),
      403,
    );
    expectProblem(await owner.api(`/api/tasks/${task.id}`, { method: 'DELETE', headers: evil }), 403);
    expectProblem(await owner.api(`/api/tasks/${task.id}/complete`, { method: 'POST', headers: evil }), 403);
    expect((await owner.api(`/api/tasks/${task.id}`)).body).toEqual(task);
  });

  test('POST /api/tasks with the app’s own Origin is accepted', async ({ owner, url }) => {
    const res = await owner.api('/api/tasks', {
      method: 'POST',
      body: { title: 'same origin' },
      headers: { origin: url },
    });
    expect(res.status).toBe(201);
  });
});

test.describe('POST /api/tasks', () => {
  test('POST /api/tasks answers 201 with the task, defaults filled in, and a Location', async ({ owner }) => {
    const res = await owner.api('/api/tasks', { method: 'POST', body: { title: '  Buy milk  ' } });
    expect(res.status).toBe(201);
    const task = res.body as Task;
    expect(task).toMatchObject({
      title: 'Buy milk',
      ...NEW_TASK_DEFAULTS,
      completed: false,
      completedAt: null,
    });
    expect(task.id).toMatch(UUID);
    expect(Number.isInteger(task.version)).toBe(true);
    expect(Number.isNaN(Date.parse(task.createdAt))).toBe(false);
    expect(res.headers.get('location')).toBe(`/api/tasks/${task.id}`);
    expect((await owner.api(`/api/tasks/${task.id}`)).body).toEqual(task);
  });

  test('POST /api/tasks stores every field: notes, priority, tags (deduplicated), due, reminder, recurrence', async ({
    owner,
  }) => {
    const dueAt = '2031-03-04T09:30:00.000Z';
    const remindAt = '2031-03-04T09:00:00.000Z';
    const task = await createTask(owner.api, {
      title: 'Water plants',
      notes: 'the ones on the balcony',
      priority: 'medium',
      tags: ['home', 'garden', 'home'],
      dueAt,
      remindAt,
      recurrence: { freq: 'weekly', interval: 2 },
    });
    expect(task).toMatchObject({
      notes: 'the ones on the balcony',
      priority: 'medium',
      tags: ['home', 'garden'],
      recurrence: { freq: 'weekly', interval: 2 },
    });
    expect(Date.parse(task.dueAt ?? '')).toBe(Date.parse(dueAt));
    expect(Date.parse(task.remindAt ?? '')).toBe(Date.parse(remindAt));
  });

  test('POST /api/tasks accepts a 200-char title and 10 tags (the limits themselves)', async ({ owner }) => {
    const tags = Array.from({ length: 10 }, (_, i) => `tag-${i}`);
    const task = await createTask(owner.api, { title: 'x'.repeat(200), tags });
    expect(task.title).toHaveLength(200);
    expect(task.tags).toEqual(tags);
  });

  const dueAt = '2031-01-01T09:00:00Z';
  const invalid: { name: string; body: Record<string, unknown>; field: string }[] = [
    { name: 'an empty title', body: { title: '' }, field: 'title' },
    { name: 'a title of only spaces', body: { title: '   ' }, field: 'title' },
    { name: 'a missing title', body: { notes: 'no title' }, field: 'title' },
    { name: 'a title over 200 chars', body: { title: 'x'.repeat(201) }, field: 'title' },
    { name: 'notes over 5000 chars', body: { title: 't', notes: 'n'.repeat(5001) }, field: 'notes' },
    { name: 'a tag with capitals and spaces', body: { title: 't', tags: ['Not A Tag'] }, field: 'tags' },
    { name: 'a tag over 32 chars', body: { title: 't', tags: ['a'.repeat(33)] }, field: 'tags' },
    {
      name: '11 tags',
      body: { title: 't', tags: Array.from({ length: 11 }, (_, i) => `t${i}`) },
      field: 'tags',
    },
    { name: 'an unknown priority', body: { title: 't', priority: 'urgent' }, field: 'priority' },
    { name: 'a dueAt that is not ISO-8601', body: { title: 't', dueAt: 'next tuesday' }, field: 'dueAt' },
    { name: 'a remindAt that is not ISO-8601', body: { title: 't', remindAt: '2031-13-45' }, field: 'remindAt' },
    {
      name: 'a recurrence interval of 0',
      body: { title: 't', dueAt, recurrence: { freq: 'daily', interval: 0 } },
      field: 'recurrence',
    },
    {
      name: 'a recurrence interval over 365',
      body: { title: 't', dueAt, recurrence: { freq: 'daily', interval: 366 } },
      field: 'recurrence',
    },
    {
      name: 'a recurrence interval that is not an integer',
      body: { title: 't', dueAt, recurrence: { freq: 'daily', interval: 1.5 } },
      field: 'recurrence',
    },
    {
      name: 'an unknown recurrence frequency',
      body: { title: 't', dueAt, recurrence: { freq: 'hourly', interval: 1 } },
      field: 'recurrence',
    },
    {
      name: 'a recurrence without dueAt',
      body: { title: 't', recurrence: { freq: 'daily', interval: 1 } },
      field: 'recurrence',
    },
  ];
  for (const { name, body, field } of invalid) {
    test(`POST /api/tasks rejects ${name} with 400 naming ${field}`, async ({ owner }) => {
      expectProblem(await owner.api('/api/tasks', { method: 'POST', body }), 400, field);
      expect(await listIds(owner.api)).toEqual([]);
    });
  }

  test('POST /api/tasks rejects an unknown field with 400 that names it', async ({ owner }) => {
    const res = await owner.api('/api/tasks', { method: 'POST', body: { title: 't', colour: 'red' } });
    expectProblem(res, 400);
    expect(JSON.stringify(res.body.errors ?? {})).toContain('colour');
  });

  test('POST /api/tasks rejects malformed JSON with 400 problem+json', async ({ owner }) => {
    expectProblem(await owner.api('/api/tasks', { method: 'POST', body: '{"title": "unterminated' }), 400);
    expectProblem(await owner.api('/api/tasks', { method: 'POST', body: '["not", "an", "object"]' }), 400);
    expectProblem(await owner.api('/api/tasks', { method: 'POST', body: 'null' }), 400);
  });

  test('POST /api/tasks names the JSON syntax problem and refuses a body over the size limit with 413', async ({
    owner,
  }) => {
    const broken = await owner.api('/api/tasks', { method: 'POST', body: '{"title": "unterminated' });
    expectProblem(broken, 400);
    expect(broken.body.detail).toMatch(/^the body is not valid JSON: ./);
    const huge = JSON.stringify({ title: 'big', notes: 'n'.repeat(MAX_JSON_BODY_BYTES) });
    expectProblem(await owner.api('/api/tasks', { method: 'POST', body: huge }), 413);
    expect(await listIds(owner.api)).toEqual([]);
  });

  test('the services read JSON bodies by the same rules as web: 415, 400 naming the problem, 413', async ({
    owner,
  }) => {
    const tasks = serviceAs('task-service', owner.id);
    const asText = { 'content-type': 'text/plain' };
    expectProblem(await tasks('/tasks', { method: 'POST', body: '{"title":"a"}', headers: asText }), 415);
    const broken = await tasks('/tasks', { method: 'POST', body: '{"title":' });
    expectProblem(broken, 400);
    expect(broken.body.detail).toMatch(/^the body is not valid JSON: ./);
    const huge = JSON.stringify({ title: 'big', notes: 'n'.repeat(MAX_JSON_BODY_BYTES) });
    expectProblem(await tasks('/tasks', { method: 'POST', body: huge }), 413);
    expectProblem(await tasks('/tasks', { method: 'POST', body: { title: 'a', colour: 'red' } }), 400, 'colour');
    expect(await listIds(owner.api)).toEqual([]);
  });

  test('POST /api/tasks rejects a body that is not application/json with 415', async ({ owner }) => {
    const res = await owner.api('/api/tasks', {
      method: 'POST',
      body: JSON.stringify({ title: 'as text' }),
      headers: { 'content-type': 'text/plain' },
    });
    expectProblem(res, 415);
    const form = await owner.api('/api/tasks', {
      method: 'POST',
      body: 'title=as+form',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(form, 415);
    expect(await listIds(owner.api)).toEqual([]);
  });

  test('POST /api/tasks with the same Idempotency-Key twice creates one task and replays it', async ({ owner }) => {
    const key = randomUUID();
    const body = { title: 'once only', tags: ['idem'] };
    const first = await owner.api('/api/tasks', { method: 'POST', body, headers: { 'idempotency-key': key } });
    const second = await owner.api('/api/tasks', { method: 'POST', body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(second.body).toEqual(first.body);
    expect(await listIds(owner.api)).toEqual([first.body.id]);
  });

  test('POST /api/tasks with a used Idempotency-Key and another body answers 422', async ({ owner }) => {
    const key = randomUUID();
    const first = await createTaskWithKey(owner.api, key, { title: 'first body' });
    const res = await owner.api('/api/tasks', {
      method: 'POST',
      body: { title: 'second body' },
      headers: { 'idempotency-key': key },
    });
    expectProblem(res, 422);
    expect(await listIds(owner.api)).toEqual([first.id]);
  });

  test('an Idempotency-Key belongs to one user: another user with the same key gets a task of their own', async ({
    owner,
    stranger,
  }) => {
    const key = randomUUID();
    const body = { title: 'same key, two users' };
    const mine = await createTaskWithKey(owner.api, key, body);
    const theirs = await createTaskWithKey(stranger.api, key, body);
    expect(theirs.id).not.toBe(mine.id);
    expect(await listIds(stranger.api)).toEqual([theirs.id]);
    expect(await listIds(owner.api)).toEqual([mine.id]);
  });

  async function createTaskWithKey(api: Api, key: string, body: Record<string, unknown>): Promise<Task> {
    const res = await api('/api/tasks', { method: 'POST', body, headers: { 'idempotency-key': key } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as Task;
  }
});

test.describe('GET, PATCH and DELETE /api/tasks/{id}', () => {
  test('GET /api/tasks/{id} answers the task with ETag "<version>"', async ({ owner }) => {
    const task = await createTask(owner.api, { title: 'etag' });
    const res = await owner.api(`/api/tasks/${task.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(`"${res.body.version}"`);
  });

  test('PATCH /api/tasks/{id} changes only the fields sent and bumps the version', async ({ owner }) => {
    const task = await createTask(owner.api, { title: 'before', notes: 'keep', tags: ['a'], priority: 'low' });
    const res = await owner.api(`/api/tasks/${task.id}`, {
      method: 'PATCH',
      body: { title: 'after', priority: 'high', dueAt: '2031-05-01T08:00:00Z' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      title: 'after',
      priority: 'high',
      notes: 'keep',
      tags: ['a'],
      version: task.version + 1,
    });
    expect(Date.parse(res.body.dueAt)).toBe(Date.parse('2031-05-01T08:00:00Z'));
    expect(res.headers.get('etag')).toBe(`"${task.version + 1}"`);
    const cleared = await owner.api(`/api/tasks/${task.id}`, { method: 'PATCH', body: { notes: null, dueAt: null } });
    expect(cleared.body).toMatchObject({ notes: null, dueAt: null, title: 'after' });
  });

  test('PATCH /api/tasks/{id} with the current If-Match answers 200 and version+1', async ({ owner }) => {
    const task = await createTask(owner.api, { title: 'v1' });
    const etag = (await owner.api(`/api/tasks/${task.id}`)).headers.get('etag') ?? '';
    const res = await owner.api(`/api/tasks/${task.id}`, {
      method: 'PATCH',
      body: { title: 'v2' },
      headers: { 'if-match': etag },
    });
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(task.version + 1);
    expect(res.headers.get('etag')).toBe(`"${task.version + 1}"`);
  });

  test('PATCH /api/tasks/{id} with a stale If-Match answers 412 and leaves the task unchanged', async ({ owner }) => {
    const task = await createTask(owner.api, { title: 'original' });
    const stale = `"${task.version}"`;
    const first = await owner.api(`/api/tasks/${task.id}`, {
      method: 'PATCH',
      body: { title: 'first edit' },
      headers: { 'if-match': stale },
    });
    expect(first.status).toBe(200);
    const lost = await owner.api(`/api/tasks/${task.id}`, {
      method: 'PATCH',
      body: { title: 'lost edit' },
      headers: { 'if-match': stale },
    });
    expectProblem(lost, 412);
    const now = await owner.api(`/api/tasks/${task.id}`);
    expect(now.body).toEqual(first.body);
    expect(now.body.title).toBe('first edit');
  });

  test('PATCH /api/tasks/{id} rejects an If-Match that is not an ETag with 400', async ({ owner }) => {
    const task = await createTask(owner.api, { title: 'etag format' });
    const res = await owner.api(`/api/tasks/${task.id}`, {
      method: 'PATCH',
      body: { title: 'x' },
      headers: { 'if-match': 'yesterday' },
    });
    expectProblem(res, 400);
    expect((await owner.api(`/api/tasks/${task.id}`)).body).toEqual(task);
  });

  const badPatches: { name: string; body: unknown; field?: string }[] = [
    { name: 'an empty title', body: { title: '' }, field: 'title' },
    { name: 'a title over 200 chars', body: { title: 'y'.repeat(201) }, field: 'title' },
    { name: 'a bad tag', body: { tags: ['UPPER'] }, field: 'tags' },
    {
      name: 'a recurrence interval of 0',
      body: { dueAt: '2031-01-01T00:00:00Z', recurrence: { freq: 'daily', interval: 0 } },
      field: 'recurrence',
    },
    {
      name: 'a recurrence on a task without dueAt',
      body: { recurrence: { freq: 'daily', interval: 1 } },
      field: 'recurrence',
    },
    { name: 'an unknown field', body: { done: true } },
    { name: 'an empty patch', body: {} },
  ];
  for (const { name, body, field } of badPatches) {
    test(`PATCH /api/tasks/{id} rejects ${name} with 400 and changes nothing`, async ({ owner }) => {
      const task = await createTask(owner.api, { title: 'stable' });
      expectProblem(await owner.api(`/api/tasks/${task.id}`, { method: 'PATCH', body }), 400, field);
      expect((await owner.api(`/api/tasks/${task.id}`)).body).toEqual(task);
    });
  }

  test('PATCH /api/tasks/{id} rejects malformed JSON (400) and a non-JSON body (415)', async ({ owner }) => {
    const task = await createTask(owner.api, { title: 'stable' });
    expectProblem(await owner.api(`/api/tasks/${task.id}`, { method: 'PATCH', body: '{title:' }), 400);
    expectProblem(
      await owner.api(`/api/tasks/${task.id}`, {
        method: 'PATCH',
        body: '{"title":"x"}',
        headers: { 'content-type': 'text/plain' },
      }),
      415,
    );
    expect((await owner.api(`/api/tasks/${task.id}`)).body).toEqual(task);
  });

  test('DELETE /api/tasks/{id} answers 204; then GET and DELETE answer 404 and the list omits it', async ({
    owner,
  }) => {
    const task = await createTask(owner.api, { title: 'short-lived' });
    const keep = await createTask(owner.api, { title: 'stays' });
    const res = await owner.api(`/api/tasks/${task.id}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    expectProblem(await owner.api(`/api/tasks/${task.id}`), 404);
    expectProblem(await owner.api(`/api/tasks/${task.id}`, { method: 'DELETE' }), 404);
    expectProblem(await owner.api(`/api/tasks/${task.id}`, { method: 'PATCH', body: { title: 'zombie' } }), 404);
    expect(await listIds(owner.api)).toEqual([keep.id]);
  });
});

test.describe('complete and reopen', () => {
  test('POST /api/tasks/{id}/complete marks it done and lists it under view=completed; reopen undoes it', async ({
    owner,
  }) => {
    const task = await createTask(owner.api, { title: 'finish me', dueAt: hoursFromNow(-1) });
    const done = await owner.api(`/api/tasks/${task.id}/complete`, { method: 'POST' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ id: task.id, completed: true });
    expect(Number.isNaN(Date.parse(done.body.completedAt))).toBe(false);
    expect(done.body.version).toBeGreaterThan(task.version);
    expect(await listIds(owner.api, 'view=completed')).toEqual([task.id]);
    expect(await listIds(owner.api, 'view=overdue')).toEqual([]);

    const reopened = await owner.api(`/api/tasks/${task.id}/reopen`, { method: 'POST' });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ id: task.id, completed: false, completedAt: null });
    expect(await listIds(owner.api, 'view=completed')).toEqual([]);
    expect(await listIds(owner.api, 'view=overdue')).toEqual([task.id]);
  });
});

test.describe('GET /api/tasks', () => {
  const badQueries: { query: string; field: string }[] = [
    { query: 'view=someday', field: 'view' },
    { query: 'sort=random', field: 'sort' },
    { query: 'order=sideways', field: 'order' },
    { query: 'limit=0', field: 'limit' },
    { query: 'limit=101', field: 'limit' },
    { query: 'limit=ten', field: 'limit' },
    { query: 'limit=2.5', field: 'limit' },
    { query: 'tz=Mars/Olympus_Mons', field: 'tz' },
    { query: 'priority=urgent', field: 'priority' },
    { query: 'tag=Not%20A%20Tag', field: 'tag' },
    { query: 'cursor=not-a-cursor', field: 'cursor' },
  ];
  for (const { query, field } of badQueries) {
    test(`GET /api/tasks?${query} answers 400 naming ${field}`, async ({ owner }) => {
      expectProblem(await owner.api(`/api/tasks?${query}`), 400, field);
    });
  }

  test('GET /api/tasks answers {items, nextCursor} and limit=100 is allowed', async ({ owner }) => {
    const task = await createTask(owner.api, { title: 'listed' });
    const res = await owner.api('/api/tasks?limit=100');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [task], nextCursor: null });
  });

  type Walk = { sort: string; order?: 'asc' | 'desc'; compare: (a: Task, b: Task) => number };
  const byId = (a: Task, b: Task) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const dueKey = (t: Task) => (t.dueAt ? Date.parse(t.dueAt) : Number.POSITIVE_INFINITY);
  const walks: Walk[] = [
    { sort: 'created', compare: (a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || -byId(a, b) },
    {
      sort: 'title',
      compare: (a, b) => a.title.toLowerCase().localeCompare(b.title.toLowerCase(), 'en') || byId(a, b),
    },
    {
      sort: 'title',
      order: 'desc',
      compare: (a, b) => b.title.toLowerCase().localeCompare(a.title.toLowerCase(), 'en') || -byId(a, b),
    },
    { sort: 'due', compare: (a, b) => dueKey(a) - dueKey(b) || byId(a, b) },
    {
      sort: 'priority',
      compare: (a, b) => {
        const rank = { none: 0, low: 1, medium: 2, high: 3 } as const;
        return rank[b.priority] - rank[a.priority] || -byId(a, b);
      },
    },
  ];
  for (const { sort, order, compare } of walks) {
    const query = `sort=${sort}${order ? `&order=${order}` : ''}`;
    test(`GET /api/tasks?${query}&limit=2 walks all 5 tasks by nextCursor, in order, without duplicates`, async ({
      owner,
    }) => {
      // Ties on purpose: equal titles (by case), equal due dates, no due date, equal priorities.
      const sameDue = '2031-02-02T10:00:00.000Z';
      const inputs = [
        { title: 'banana', dueAt: sameDue, priority: 'low' },
        { title: 'Apple', dueAt: '2031-01-01T10:00:00.000Z', priority: 'high' },
        { title: 'cherry', priority: 'low' },
        { title: 'apple', dueAt: sameDue, priority: 'none' },
        { title: 'date' },
      ];
      const created: Task[] = [];
      for (const input of inputs) created.push(await createTask(owner.api, input));

      const walked: Task[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: Res = await owner.api(
          `/api/tasks?${query}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        walked.push(...res.body.items);
        cursor = res.body.nextCursor;
        pages += 1;
        expect(pages).toBeLessThanOrEqual(5);
      } while (cursor);

      const ids = walked.map((t) => t.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual(created.map((t) => t.id).sort());
      expect(pages).toBe(3);
      expect(ids).toEqual([...created].sort(compare).map((t) => t.id));
      // One page of everything has the same order as the walk.
      expect(await listIds(owner.api, `${query}&limit=100`)).toEqual(ids);
    });
  }

  test('GET /api/tasks views today/overdue/upcoming/completed follow the tz parameter', async ({ owner }) => {
    const offsets = [-72, -5, -1, 1, 5, 11, 13, 23, 72];
    const now = Date.now();
    const tasks = new Map<string, number>();
    for (const h of offsets) {
      const task = await createTask(owner.api, {
        title: `due ${h}h`,
        dueAt: new Date(now + h * 3600_000).toISOString(),
      });
      tasks.set(task.id, now + h * 3600_000);
    }
    const undated = await createTask(owner.api, { title: 'no due date' });
    const doneTask = await createTask(owner.api, { title: 'done', dueAt: new Date(now).toISOString() });
    expect((await owner.api(`/api/tasks/${doneTask.id}/complete`, { method: 'POST' })).status).toBe(200);

    const localDate = (ms: number, tz: string) =>
      new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
    const expected = (view: string, tz: string) =>
      [...tasks]
        .filter(([, due]) => {
          const [day, today] = [localDate(due, tz), localDate(Date.now(), tz)];
          if (view === 'today') return day === today;
          if (view === 'upcoming') return day > today;
          return due < Date.now();
        })
        .map(([id]) => id)
        .sort();

    const todaySets = new Set<string>();
    for (const tz of ['UTC', 'Pacific/Kiritimati', 'Etc/GMT+12', 'Asia/Kolkata', 'America/New_York']) {
      for (const view of ['today', 'upcoming', 'overdue']) {
        const ids = (await listIds(owner.api, `view=${view}&tz=${encodeURIComponent(tz)}&limit=100`)).sort();
        expect(ids, `${view} in ${tz}`).toEqual(expected(view, tz));
        expect(ids).not.toContain(undated.id);
        expect(ids).not.toContain(doneTask.id);
        if (view === 'today') todaySets.add(ids.join());
      }
      expect(await listIds(owner.api, `view=completed&tz=${encodeURIComponent(tz)}`)).toEqual([doneTask.id]);
    }
    // The spread of due times guarantees the day boundaries of these zones split them differently.
    expect(todaySets.size).toBeGreaterThan(1);
    expect((await listIds(owner.api, 'view=all&limit=100')).length).toBe(offsets.length + 2);
  });

  test('GET /api/tasks?q= searches title and notes case-insensitively, with % and _ taken literally', async ({
    owner,
  }) => {
    const milk = await createTask(owner.api, { title: 'Buy MILK' });
    const shake = await createTask(owner.api, { title: 'Call mom', notes: 'ask about the Milkshake recipe' });
    await createTask(owner.api, { title: 'Walk the dog', notes: 'long route' });
    const juice = await createTask(owner.api, { title: '100% juice' });
    const sorted = (ids: string[]) => [...ids].sort();

    for (const q of ['milk', 'MILK', 'mIlK']) {
      expect(sorted(await listIds(owner.api, `q=${q}`)), q).toEqual(sorted([milk.id, shake.id]));
    }
    expect(await listIds(owner.api, 'q=recipe')).toEqual([shake.id]);
    expect(await listIds(owner.api, `q=${encodeURIComponent('%')}`)).toEqual([juice.id]);
    expect(await listIds(owner.api, 'q=_')).toEqual([]);
    expect(await listIds(owner.api, 'q=nothing-matches-this')).toEqual([]);
  });

  test('GET /api/tasks filters by tag and priority, alone and together', async ({ owner }) => {
    const a = await createTask(owner.api, { title: 'a', tags: ['work', 'urgent'], priority: 'high' });
    const b = await createTask(owner.api, { title: 'b', tags: ['work'], priority: 'low' });
    const c = await createTask(owner.api, { title: 'c', tags: ['home'], priority: 'high' });
    const d = await createTask(owner.api, { title: 'd' });
    const sorted = (ids: string[]) => [...ids].sort();

    expect(sorted(await listIds(owner.api, 'tag=work'))).toEqual(sorted([a.id, b.id]));
    expect(await listIds(owner.api, 'tag=home')).toEqual([c.id]);
    expect(await listIds(owner.api, 'tag=wor')).toEqual([]);
    expect(sorted(await listIds(owner.api, 'priority=high'))).toEqual(sorted([a.id, c.id]));
    expect(await listIds(owner.api, 'priority=none')).toEqual([d.id]);
    expect(await listIds(owner.api, 'tag=work&priority=high')).toEqual([a.id]);
    expect(await listIds(owner.api, 'tag=home&priority=low')).toEqual([]);
  });
});

test.describe('notifications', () => {
  test('GET /api/notifications for a new user answers {items: [], unreadCount: 0}', async ({ owner }) => {
    const res = await owner.api('/api/notifications');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ items: [], unreadCount: 0, nextCursor: null });
  });

  test('POST /api/notifications/read-all answers 204', async ({ owner }) => {
    const res = await owner.api('/api/notifications/read-all', { method: 'POST' });
    expect(res.status).toBe(204);
  });

  test('POST /api/notifications/{id}/read answers 404 for an id that does not exist', async ({ owner }) => {
    expectProblem(await owner.api('/api/notifications/999999/read', { method: 'POST' }), 404);
    expectProblem(await owner.api('/api/notifications/not-a-number/read', { method: 'POST' }), 404);
  });

  test('GET /api/notifications rejects bad limit and unread with 400 naming them', async ({ owner }) => {
    expectProblem(await owner.api('/api/notifications?limit=0'), 400, 'limit');
    expectProblem(await owner.api('/api/notifications?limit=101'), 400, 'limit');
    expectProblem(await owner.api('/api/notifications?unread=maybe'), 400, 'unread');
    expectProblem(await owner.api('/api/notifications?after=abc'), 400, 'after');
  });

  test('a due reminder becomes a notification only its owner sees and can mark read', async ({
    owner,
    stranger,
    anonymous,
  }) => {
    const task = await createTask(owner.api, {
      title: `remind ${randomUUID()}`,
      remindAt: new Date(Date.now() + 2000).toISOString(),
    });

    const deadline = Date.now() + 45_000;
    let page: Res = await owner.api('/api/notifications');
    while (page.body.items.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      page = await owner.api('/api/notifications');
    }
    expect(page.body.items, 'the reminder fired within 45 s').toHaveLength(1);
    const [notification] = page.body.items;
    expect(notification).toMatchObject({ kind: 'reminder', taskId: task.id, readAt: null });
    expect(page.body.unreadCount).toBe(1);
    expect(await stranger.api('/api/notifications')).toMatchObject({ body: { items: [], unreadCount: 0 } });

    const path = `/api/notifications/${notification.id}/read`;
    expectProblem(await anonymous(path, { method: 'POST' }), 401);
    expectProblem(await stranger.api(path, { method: 'POST' }), 404);
    expect((await stranger.api('/api/notifications/read-all', { method: 'POST' })).status).toBe(204);
    expect((await owner.api('/api/notifications')).body.unreadCount).toBe(1);

    expect((await owner.api(path, { method: 'POST' })).status).toBe(204);
    const after = await owner.api('/api/notifications');
    expect(after.body.unreadCount).toBe(0);
    expect(after.body.items[0].readAt).not.toBeNull();
    expect((await owner.api('/api/notifications?unread=true')).body.items).toEqual([]);
  });
});
