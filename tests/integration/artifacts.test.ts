// The production artifacts (scripts/build-artifacts.sh, what the images run) under real daprd
// sidecars: the esbuild service bundles and Next's standalone server carry the whole path.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactOf } from '../../scripts/stack/artifacts';
import { apiAs, signUp } from '../support/session';
import { openEvents, waitUntil } from '../support/sse';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ name: 'it-artifacts', portOffset: 1000, isArtifacts: true });
});

afterAll(async () => {
  await stack?.stop();
});

/** The command lines of every process the stack started (each is the leader of its own group). */
function commandLines(): string[] {
  const pids = readFileSync(path.join(stack.runDir, 'pids'), 'utf8').split('\n').filter(Boolean);
  return pids.flatMap((pid) => {
    try {
      return [readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ')];
    } catch {
      return [];
    }
  });
}

describe('production artifacts', () => {
  it('every app runs as its built artifact with node, none through tsx or the next CLI', () => {
    const lines = commandLines();
    for (const appId of ['web', 'task-service', 'notification-service', 'worker']) {
      expect(lines.filter((l) => l.startsWith('node') && l.endsWith(artifactOf(appId)))).toHaveLength(1);
    }
    expect(lines.filter((l) => /\btsx\b|next (start|dev)/.test(l))).toEqual([]);
  });

  it('the standalone server serves pages and their static files', async () => {
    const page = await fetch(`${stack.webUrl()}/signin`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const asset = /\/_next\/static\/[^"']+\.js/.exec(html)?.[0];
    expect(asset).toBeDefined();
    const res = await fetch(`${stack.webUrl()}${asset}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
  });

  it('create -> task event -> reminder job -> worker -> notification -> SSE frame, on the artifacts', async () => {
    expect((await fetch(`${stack.webUrl()}/api/ready`)).status).toBe(200);
    const user = await signUp(stack.webUrl());
    const events = await openEvents(`${stack.webUrl()}/api/events`, user.cookie);
    await events.waitFor((f) => f.event === 'ready');
    const remindAt = new Date(Date.now() + 3000).toISOString();
    const created = await apiAs(stack.webUrl(), user)('/api/tasks', {
      method: 'POST',
      body: { title: 'Ship the bundles', remindAt },
    });
    expect(created.status).toBe(201);
    const taskId: string = created.body.id;

    // The outbox relay of the task-service bundle published the created event; web's fan-out pushed it.
    await events.waitFor((f) => f.event === 'task' && f.data.includes(taskId), 30_000);
    const notification = await events.waitFor(
      (f) => f.event === 'notification' && JSON.parse(f.data).taskId === taskId,
      60_000,
    );
    expect(notification.at).toBeGreaterThanOrEqual(Date.parse(remindAt));
    expect(JSON.parse(notification.data)).toMatchObject({ kind: 'reminder', title: 'Ship the bundles' });
    events.close();

    const tasksDb = stack.db('tasks');
    const outbox = await waitUntil(
      'both events marked sent',
      async () => {
        const rows = await tasksDb`select type from outbox where aggregate_id = ${taskId} and sent_at is not null`;
        return rows.length === 2 ? rows : undefined;
      },
      10_000,
    );
    expect(outbox.map((r) => r.type).sort()).toEqual(['todo.reminder.due.v1', 'todo.task.created.v1']);
  });
});
