// The chat assistant (flow 5) against the real stack: history in the real state store (ETag, TTL,
// bounded length), the Conversation API through real daprd components — conversation.echo for the
// wiring, conversation.openai pointed at a scripted OpenAI-compatible server for the tool-call loop —
// and the fallback to the offline interpreter when the model fails.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHAT_TTL_SECONDS, CHAT_TURNS_KEPT, type ChatTurn, COMPONENTS } from '../../lib/contracts';
import { converse } from '../../lib/dapr/conversation';
import { loadedComponents } from '../../lib/dapr/metadata';
import { loadServerConfig, logConfig, SidecarConfig } from '../../lib/platform/config';
import { llmTools, TOOL_NAMES } from '../../lib/web/chat/tools';
import { lastToolResult, type ScriptedOpenAi, startScriptedOpenAi } from '../support/openai';
import { apiAs, signUp, type TestUser } from '../support/session';
import { startTestStack, type TestStack } from '../support/stack';

vi.mock('server-only', () => ({}));
const { commitTurn, conversationKey, profileKey } = await import('../../lib/web/chat/store');

let stack: TestStack;
let openai: ScriptedOpenAi;
let user: TestUser;
let stateDb: ReturnType<TestStack['db']>;
let tasksDb: ReturnType<TestStack['db']>;

const component = (name: string, type: string, metadata: Record<string, string> = {}) =>
  `apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: ${name}
spec:
  type: ${type}
  version: v1
  metadata:
${Object.entries(metadata)
  .map(([k, v]) => `    - name: ${k}\n      value: "${v}"`)
  .join('\n')}
scopes:
  - web
`;

beforeAll(async () => {
  openai = await startScriptedOpenAi();
  stack = await startTestStack({
    name: 'it-chat',
    portOffset: 1000,
    extraResources: {
      // The scripted server needs no key; a real deployment reads it from the secret store.
      'llm.yaml': component(COMPONENTS.llm, 'conversation.openai', {
        key: 'unused-by-the-scripted-server',
        model: 'scripted',
        endpoint: openai.endpoint,
      }),
      'llm-echo.yaml': component('llm-echo', 'conversation.echo'),
    },
  });
  stateDb = stack.db('state');
  tasksDb = stack.db('tasks');
  user = await signUp(stack.webUrl(), 'chat');
  // This process talks to web's sidecar directly for the wiring checks and the store's own calls.
  const web = stack.app('web');
  loadServerConfig('chat-test', SidecarConfig.extend(logConfig('chat-test').shape), {
    DAPR_HTTP_PORT: String(web.daprHTTPPort),
    DAPR_API_TOKEN: web.tokens.daprApiToken,
    LOG_LEVEL: 'warn',
  });
});

afterAll(async () => {
  await stack?.stop();
  await openai?.close();
});

const userTexts = (turns: ChatTurn[]) => turns.filter((t) => t.role === 'user').map((t) => t.text);

describe('chat history in the state store', () => {
  it('a turn is stored and read back, listed, deleted; another user gets 404 for it', async () => {
    const api = apiAs(stack.webUrl(), user);
    const first = await api('/api/chat', { method: 'POST', body: { message: 'help', tz: 'Europe/Berlin' } });
    expect(first.status).toBe(200);
    const id: string = first.body.conversationId;
    expect(first.body.reply).toEqual(expect.any(String));
    const second = await api('/api/chat', {
      method: 'POST',
      body: { message: 'what can you do?', conversationId: id },
    });
    expect(second.status).toBe(200);
    expect(second.body.conversationId).toBe(id);

    const history = await api(`/api/chat/${id}`);
    expect(history.status).toBe(200);
    expect(history.body.turns.map((t: ChatTurn) => [t.role, t.text])).toEqual([
      ['user', 'help'],
      ['assistant', first.body.reply],
      ['user', 'what can you do?'],
      ['assistant', second.body.reply],
    ]);
    expect(history.body.title).toBe('help');

    const list = await api('/api/chat');
    expect(list.body.items[0]).toEqual({ id, title: 'help', updatedAt: history.body.updatedAt });

    const other = apiAs(stack.webUrl(), await signUp(stack.webUrl(), 'chat-other'));
    expect((await other(`/api/chat/${id}`)).status).toBe(404);
    expect((await other(`/api/chat/${id}`, { method: 'DELETE' })).status).toBe(404);
    const intrude = await other('/api/chat', { method: 'POST', body: { message: 'hi', conversationId: id } });
    expect(intrude.status).toBe(404);
    expect(intrude.headers.get('content-type')).toContain('application/problem+json');
    expect((await other('/api/chat')).body.items).toEqual([]);
    expect((await api(`/api/chat/${id}`)).body.turns).toHaveLength(4);

    expect((await api(`/api/chat/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(`/api/chat/${id}`)).status).toBe(404);
    expect((await api('/api/chat')).body.items.map((c: { id: string }) => c.id)).not.toContain(id);
    const [row] =
      await stateDb`select count(*)::int as n from state where key = ${`web||${conversationKey(user.id, id)}`}`;
    expect(row?.n).toBe(0);
  });

  it('a delete racing turns of the same user holds: that conversation is gone, the other keeps every turn', async () => {
    const api = apiAs(stack.webUrl(), await signUp(stack.webUrl(), 'chat-delete-race'));
    const doomed: string = (await api('/api/chat', { method: 'POST', body: { message: 'to delete' } })).body
      .conversationId;
    const kept: string = (await api('/api/chat', { method: 'POST', body: { message: 'to keep' } })).body.conversationId;
    // The delete and the turns all rewrite the user's conversation list: one transaction each, under ETags.
    const [deleted, ...turns] = await Promise.all([
      api(`/api/chat/${doomed}`, { method: 'DELETE' }),
      ...[0, 1, 2].map((i) =>
        api('/api/chat', { method: 'POST', body: { message: `more ${i}`, conversationId: kept } }),
      ),
    ]);
    expect(deleted.status).toBe(204);
    expect(turns.map((t) => t.status)).toEqual([200, 200, 200]);
    const ids = (await api('/api/chat')).body.items.map((c: { id: string }) => c.id);
    expect(ids).toEqual([kept]);
    expect((await api(`/api/chat/${doomed}`)).status).toBe(404);
    expect((await api(`/api/chat/${kept}`)).body.turns).toHaveLength(8);
  });

  it('turns sent at the same moment to one conversation are all kept (ETag: the loser re-reads and retries)', async () => {
    const api = apiAs(stack.webUrl(), user);
    const start = await api('/api/chat', { method: 'POST', body: { message: 'start' } });
    const id: string = start.body.conversationId;
    const messages = Array.from({ length: 5 }, (_, i) => `parallel tab ${i}`);
    const answers = await Promise.all(
      messages.map((message) => api('/api/chat', { method: 'POST', body: { message, conversationId: id } })),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    const { body } = await api(`/api/chat/${id}`);
    expect(body.turns).toHaveLength(12);
    expect(userTexts(body.turns).sort()).toEqual(['start', ...messages].sort());

    // The store itself, with more writers than the route's timing would make collide.
    const direct = Array.from({ length: 10 }, (_, i) => `direct ${i}`);
    const at = new Date().toISOString();
    await Promise.all(
      direct.map((text) =>
        commitTurn(user.id, id, {
          isNew: false,
          user: { role: 'user', text, at },
          assistant: { role: 'assistant', text: `re: ${text}`, at },
          memory: { lastShown: [], pending: null },
        }),
      ),
    );
    const after = await api(`/api/chat/${id}`);
    expect(after.body.turns).toHaveLength(32);
    expect(userTexts(after.body.turns).sort()).toEqual(['start', ...messages, ...direct].sort());
  });

  it(`keeps the last ${CHAT_TURNS_KEPT} turns and sets a ${CHAT_TTL_SECONDS / 86400}-day TTL on every chat key`, async () => {
    const api = apiAs(stack.webUrl(), user);
    const start = await api('/api/chat', { method: 'POST', body: { message: 'turn 0', tz: 'Asia/Tokyo' } });
    const id: string = start.body.conversationId;
    for (let i = 1; i <= CHAT_TURNS_KEPT + 4; i++) {
      const at = new Date().toISOString();
      await commitTurn(user.id, id, {
        isNew: false,
        user: { role: 'user', text: `turn ${i}`, at },
        assistant: { role: 'assistant', text: `reply ${i}`, at },
        memory: { lastShown: [], pending: null },
      });
    }
    const { body } = await api(`/api/chat/${id}`);
    expect(body.turns).toHaveLength(CHAT_TURNS_KEPT * 2);
    expect(userTexts(body.turns)[0]).toBe('turn 5');
    expect(userTexts(body.turns).at(-1)).toBe(`turn ${CHAT_TURNS_KEPT + 4}`);

    const keys = [`web||${conversationKey(user.id, id)}`, `web||${profileKey(user.id)}`];
    const rows = await stateDb`select key, expires_at from state where key in ${stateDb(keys)}`;
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      const seconds = (new Date(row.expires_at).getTime() - Date.now()) / 1000;
      expect(seconds).toBeGreaterThan(CHAT_TTL_SECONDS - 120);
      expect(seconds).toBeLessThanOrEqual(CHAT_TTL_SECONDS + 5);
    }
    // The turn limit's key expires a minute after the user's last turn.
    const [rate] = await stateDb`select expires_at from state where key = ${`web||chat-rate:${user.id}`}`;
    expect((new Date(rate?.expires_at).getTime() - Date.now()) / 1000).toBeLessThanOrEqual(61);
  });
});

describe('chat through the Dapr Conversation API', () => {
  it('web’s sidecar has the llm component, and conversation.echo receives the tool catalogue', async () => {
    const components = await loadedComponents();
    expect(components).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'llm', type: 'conversation.openai' }),
        expect.objectContaining({ name: 'llm-echo', type: 'conversation.echo' }),
      ]),
    );
    const plain = await converse('llm-echo', { messages: [{ role: 'user', text: 'hello there' }] });
    expect(plain).toEqual({ text: 'hello there', toolCalls: [], finishReason: 'stop' });
    // Echo answers one call per tool it was offered, with the argument names of its JSON Schema.
    const withTools = await converse('llm-echo', {
      messages: [{ role: 'user', text: 'add milk' }],
      tools: llmTools(),
    });
    expect(withTools.finishReason).toBe('tool_calls');
    expect(withTools.toolCalls.map((c) => c.name).sort()).toEqual([...TOOL_NAMES].sort());
    expect(withTools.toolCalls.find((c) => c.name === 'reschedule_task')?.arguments).toBe('dueAt,taskId');
  });

  it('two tool calls from the model (through conversation.openai) create a task and complete it', async () => {
    const api = apiAs(stack.webUrl(), user);
    const due = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const before = openai.requests.length;
    openai.script((request) => {
      const toolResults = request.messages.filter((m) => m.role === 'tool').length;
      if (toolResults === 0)
        return { toolCalls: [{ name: 'add_task', arguments: { title: 'Water plants', dueAt: due, tags: ['home'] } }] };
      if (toolResults === 1) {
        const created = JSON.parse(lastToolResult(request)) as { id: string };
        return { toolCalls: [{ name: 'complete_task', arguments: { taskId: created.id } }] };
      }
      return { text: 'Added “Water plants” and marked it done.' };
    });
    try {
      const res = await api('/api/chat', {
        method: 'POST',
        body: { message: 'add water plants for the day after tomorrow, then mark it done', tz: 'Europe/Berlin' },
      });
      expect(res.status).toBe(200);
      expect(res.body.reply).toBe('Added “Water plants” and marked it done.');
      expect(res.body.actions.map((a: { kind: string }) => a.kind)).toEqual(['created', 'completed']);
      const taskId = res.body.actions[0].taskId;
      expect(res.body.actions[1].taskId).toBe(taskId);

      const [row] = await tasksDb`select title, completed, tags, user_id from tasks where id = ${taskId}`;
      expect(row).toEqual({ title: 'Water plants', completed: true, tags: ['home'], user_id: user.id });

      const sent = openai.requests.slice(before);
      expect(sent).toHaveLength(3);
      expect(sent[0]?.tools?.map((t) => t.function.name).sort()).toEqual([...TOOL_NAMES].sort());
      const system = JSON.stringify(sent[0]?.messages.find((m) => m.role === 'system')?.content);
      expect(system).toContain('Europe/Berlin');
      expect(system).toContain(new Date().toISOString().slice(0, 10));
      // The model saw the task-service result of its first call.
      expect(JSON.parse(lastToolResult(sent[1] as (typeof sent)[number]))).toMatchObject({
        id: taskId,
        title: 'Water plants',
      });
    } finally {
      openai.script(null);
    }
  });

  it('when the model fails, the offline interpreter answers the turn', async () => {
    const api = apiAs(stack.webUrl(), user);
    const before = openai.requests.length;
    const res = await api('/api/chat', { method: 'POST', body: { message: 'add Buy oat milk #shopping' } });
    expect(res.status).toBe(200);
    expect(openai.requests.length).toBeGreaterThan(before);
    expect(res.body.actions).toEqual([expect.objectContaining({ kind: 'created', title: 'Buy oat milk' })]);
    const rows = await tasksDb`select tags from tasks where user_id = ${user.id} and title = 'Buy oat milk'`;
    expect(rows).toEqual([{ tags: ['shopping'] }]);
  });
});

describe('chat input', () => {
  it('rejects an unknown time zone, an unknown field and an unknown conversation with problem+json', async () => {
    const api = apiAs(stack.webUrl(), user);
    const tz = await api('/api/chat', { method: 'POST', body: { message: 'hi', tz: 'Mars/Olympus' } });
    expect(tz.status).toBe(400);
    expect(tz.body.errors).toEqual({ tz: [expect.stringContaining('IANA time zone')] });
    const extra = await api('/api/chat', { method: 'POST', body: { message: 'hi', model: 'gpt' } });
    expect(extra.status).toBe(400);
    expect(extra.body.errors).toEqual({ model: ['unknown field "model"'] });
    const unknown = await api('/api/chat', { method: 'POST', body: { message: 'hi', conversationId: randomUUID() } });
    expect(unknown.status).toBe(404);
  });
});
