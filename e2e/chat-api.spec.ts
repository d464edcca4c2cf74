// API-level specs of the chat routes (POST/GET /api/chat, GET/DELETE /api/chat/{id}) on the real
// stack: auth, isolation between users, bad input as problem+json, and the per-user turn limit.
import { randomUUID } from 'node:crypto';
import { expect } from '@playwright/test';
import { CHAT_MESSAGE_MAX, CHAT_TURNS_KEPT, CHAT_TURNS_PER_MINUTE } from '../lib/contracts';
import { apiTest, expectProblem } from './support/api-test';
import type { Api } from './support/users';

const test = apiTest('chat-');

test.describe.configure({ mode: 'parallel' });

async function startConversation(api: Api, message = 'help'): Promise<string> {
  const res = await api('/api/chat', { method: 'POST', body: { message } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.conversationId as string;
}

test('every chat route answers 401 problem+json without a session', async ({ anonymous }) => {
  const id = randomUUID();
  expectProblem(await anonymous('/api/chat', { method: 'POST', body: { message: 'hi' } }), 401);
  expectProblem(await anonymous('/api/chat'), 401);
  expectProblem(await anonymous(`/api/chat/${id}`), 401);
  expectProblem(await anonymous(`/api/chat/${id}`, { method: 'DELETE' }), 401);
});

test('a turn answers {conversationId, reply, actions} and the history holds both sides', async ({ owner }) => {
  const res = await owner.api('/api/chat', { method: 'POST', body: { message: 'help', tz: 'Europe/Berlin' } });
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ conversationId: expect.any(String), reply: expect.any(String), actions: [] });
  const history = await owner.api(`/api/chat/${res.body.conversationId}`);
  expect(history.body.turns.map((t: { role: string; text: string }) => [t.role, t.text])).toEqual([
    ['user', 'help'],
    ['assistant', res.body.reply],
  ]);
});

test("another user's conversation is 404 for reading, deleting and continuing it", async ({ owner, stranger }) => {
  const id = await startConversation(owner.api);
  expectProblem(await stranger.api(`/api/chat/${id}`), 404);
  expectProblem(await stranger.api(`/api/chat/${id}`, { method: 'DELETE' }), 404);
  expectProblem(await stranger.api('/api/chat', { method: 'POST', body: { message: 'hi', conversationId: id } }), 404);
  expect((await stranger.api('/api/chat')).body.items).toEqual([]);
  // The owner's conversation is untouched.
  expect((await owner.api(`/api/chat/${id}`)).body.turns).toHaveLength(2);
});

test('GET /api/chat lists conversations newest first; DELETE removes one', async ({ owner }) => {
  const older = await startConversation(owner.api, 'first one');
  const newer = await startConversation(owner.api, 'second one');
  const list = await owner.api('/api/chat');
  expect(list.body.items.map((c: { id: string; title: string }) => [c.id, c.title])).toEqual([
    [newer, 'second one'],
    [older, 'first one'],
  ]);
  expect((await owner.api(`/api/chat/${older}`, { method: 'DELETE' })).status).toBe(204);
  expectProblem(await owner.api(`/api/chat/${older}`), 404);
  expectProblem(await owner.api(`/api/chat/${older}`, { method: 'DELETE' }), 404);
  expect((await owner.api('/api/chat')).body.items.map((c: { id: string }) => c.id)).toEqual([newer]);
});

test('a malformed conversation id in the path is 404, like a missing one', async ({ owner }) => {
  for (const id of ['not-a-uuid', '1', `${randomUUID()}x`]) {
    expectProblem(await owner.api(`/api/chat/${id}`), 404);
    expectProblem(await owner.api(`/api/chat/${id}`, { method: 'DELETE' }), 404);
  }
});

test('bad chat input is a 4xx problem+json naming the field, and stores nothing', async ({ owner }) => {
  const post = (body: unknown, headers?: Record<string, string>) =>
    owner.api('/api/chat', { method: 'POST', body, ...(headers ? { headers } : {}) });
  expectProblem(await post({}), 400, 'message');
  expectProblem(await post({ message: '   ' }), 400, 'message');
  expectProblem(await post({ message: 'x'.repeat(CHAT_MESSAGE_MAX + 1) }), 400, 'message');
  expectProblem(await post({ message: 42 }), 400, 'message');
  expectProblem(await post({ message: 'hi', conversationId: 'nope' }), 400, 'conversationId');
  expectProblem(await post({ message: 'hi', tz: 'Mars/Olympus' }), 400, 'tz');
  expectProblem(await post({ message: 'hi', extra: true }), 400, 'extra');
  expectProblem(await post('{"message":'), 400);
  expectProblem(await post('message=hi', { 'content-type': 'application/x-www-form-urlencoded' }), 415);
  expectProblem(await post({ message: 'hi' }, { origin: 'http://evil.example' }), 403);
  expect((await owner.api('/api/chat')).body.items).toEqual([]);
});

test(`a turn after ${CHAT_TURNS_PER_MINUTE} within a minute answers 429 with Retry-After`, async ({ owner }) => {
  test.setTimeout(120_000);
  let id: string | undefined;
  for (let i = 0; i < CHAT_TURNS_PER_MINUTE; i++) {
    const res = await owner.api('/api/chat', {
      method: 'POST',
      body: { message: `help ${i}`, ...(id ? { conversationId: id } : {}) },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    id = res.body.conversationId;
  }
  const limited = await owner.api('/api/chat', { method: 'POST', body: { message: 'one more', conversationId: id } });
  expectProblem(limited, 429);
  const retryAfter = Number(limited.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  // The refused turn is not in the history; reading is not limited.
  const history = await owner.api(`/api/chat/${id}`);
  expect(history.status).toBe(200);
  const userTexts = history.body.turns
    .filter((t: { role: string }) => t.role === 'user')
    .map((t: { text: string }) => t.text);
  expect(userTexts).toHaveLength(Math.min(CHAT_TURNS_PER_MINUTE, CHAT_TURNS_KEPT));
  expect(userTexts.at(-1)).toBe(`help ${CHAT_TURNS_PER_MINUTE - 1}`);
});
