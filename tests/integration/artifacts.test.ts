// The production artifacts (scripts/build-artifacts.sh, what the images run) under real daprd
// sidecars: the esbuild service bundles and web's server in Next's standalone folder carry the whole path, and
// with tracing on (Jaeger, OTLP) one reminder is one trace from the browser request to the SSE frame.
import { randomBytes } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/local-config';
import { artifactOf } from '../../scripts/stack/artifacts';
import { apiAs, signUp } from '../support/session';
import { openEvents, waitUntil } from '../support/sse';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ name: 'it-artifacts', portOffset: 1000, isArtifacts: true, tracing: true });
});

afterAll(async () => {
  await stack?.stop();
});

/** Every process the stack started (each leads its own group): its command line and working directory. */
function processes(): { command: string; cwd: string }[] {
  const pids = readFileSync(path.join(stack.runDir, 'pids'), 'utf8').split('\n').filter(Boolean);
  return pids.flatMap((pid) => {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
      return [{ command, cwd: readlinkSync(`/proc/${pid}/cwd`) }];
    } catch {
      return [];
    }
  });
}

describe('production artifacts', () => {
  it('every app runs as its built artifact with node, none through tsx or the next CLI', () => {
    const running = processes();
    for (const appId of ['task-service', 'notification-service', 'worker', 'web']) {
      expect(running.filter((p) => p.command.startsWith('node') && p.command.endsWith(artifactOf(appId)))).toHaveLength(
        1,
      );
    }
    // web's server (the fast lane in front of Next) works from the standalone folder, as Next's own server.js did.
    const standalone = path.join(ROOT, path.dirname(artifactOf('web')));
    expect(running.filter((p) => p.cwd === standalone && p.command.endsWith('server.mjs'))).toHaveLength(1);
    expect(running.filter((p) => /\btsx\b|next (start|dev)/.test(p.command))).toEqual([]);
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

  it('web serves its hot API routes itself (the fast lane) with the API security headers, and the rest through Next', async () => {
    for (const route of ['/api/health', '/api/ready']) {
      const res = await fetch(`${stack.webUrl()}${route}`);
      expect(res.status, route).toBe(200);
      expect(res.headers.get('content-security-policy'), route).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options'), route).toBe('DENY');
      expect(res.headers.get('x-powered-by'), route).toBeNull();
    }
    const unauthenticated = await fetch(`${stack.webUrl()}/api/tasks`);
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get('content-type')).toBe('application/problem+json');
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

type JaegerSpan = {
  spanID: string;
  operationName: string;
  processID: string;
  references?: { refType: string; spanID: string }[];
  tags: { key: string; value: unknown }[];
};
type JaegerTrace = {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags: { key: string; value: unknown }[] }>;
};

const tagOf = (tags: { key: string; value: unknown }[], key: string) => tags.find((t) => t.key === key)?.value;

/** service name -> { app: span names from the Node process, sidecar: span names from daprd } */
function spansByService(t: JaegerTrace) {
  const out: Record<string, { app: string[]; sidecar: string[] }> = {};
  for (const span of t.spans) {
    const owner = t.processes[span.processID];
    if (!owner) continue;
    out[owner.serviceName] ??= { app: [], sidecar: [] };
    const entry = out[owner.serviceName] as { app: string[]; sidecar: string[] };
    // The Node SDK describes its process (process.runtime.name and more); daprd's resource is the app-id only.
    (tagOf(owner.tags, 'process.runtime.name') === 'nodejs' ? entry.app : entry.sidecar).push(span.operationName);
  }
  return out;
}

describe('one trace across every hop', () => {
  it('a reminder is one trace: browser request, web, task-service, worker, notification-service, their sidecars, the SSE frame', async () => {
    const jaeger = stack.jaegerUrl;
    expect(jaeger).toBeDefined();
    const user = await signUp(stack.webUrl());
    const events = await openEvents(`${stack.webUrl()}/api/events`, user.cookie);
    await events.waitFor((f) => f.event === 'ready');
    // The browser's request starts the trace (as an instrumented browser or a proxy would).
    const traceId = randomBytes(16).toString('hex');
    const created = await apiAs(stack.webUrl(), user)('/api/tasks', {
      method: 'POST',
      headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
      body: { title: 'Traced reminder', remindAt: new Date(Date.now() + 2000).toISOString() },
    });
    expect(created.status).toBe(201);
    const frame = await events.waitFor(
      (f) => f.event === 'notification' && JSON.parse(f.data).taskId === created.body.id,
      60_000,
    );
    events.close();

    // Eight processes export in batches of their own (daprd every few seconds): read the trace until
    // every hop is in, then check it (a trace still incomplete at the deadline fails below, by name).
    const APPS = ['web', 'task-service', 'worker', 'notification-service'];
    const isComplete = (found: JaegerTrace) => {
      const byService = spansByService(found);
      return (
        found.spans.some((s) => s.operationName === 'sse notification' && tagOf(s.tags, 'todo.sse.id') === frame.id) &&
        APPS.every((a) => (byService[a]?.app.length ?? 0) > 0 && (byService[a]?.sidecar.length ?? 0) > 0)
      );
    };
    let t: JaegerTrace = { traceID: traceId, spans: [], processes: {} };
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const res = await fetch(`${jaeger}/api/traces/${traceId}`);
      const found = res.status === 200 ? ((await res.json()) as { data?: JaegerTrace[] }).data?.[0] : undefined;
      if (found) t = found;
      if (found && isComplete(found)) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const services = spansByService(t);
    console.log(`trace ${traceId}: ${t.spans.length} spans`, JSON.stringify(services));
    for (const appId of APPS) {
      expect(services[appId]?.app.length, `${appId} app spans`).toBeGreaterThan(0);
      expect(services[appId]?.sidecar.length, `${appId} sidecar spans`).toBeGreaterThan(0);
    }
    expect(services['task-service']?.app).toEqual(
      expect.arrayContaining(['POST /tasks', 'reminder fire', 'reminders publish', 'task-events publish']),
    );
    expect(services.worker?.app).toContain('POST /events/reminders');
    expect(services['notification-service']?.app).toEqual(
      expect.arrayContaining(['POST /notifications', 'notifications publish']),
    );
    const sse = t.spans.find(
      (s) => s.operationName === 'sse notification' && tagOf(s.tags, 'todo.sse.id') === frame.id,
    );
    expect(tagOf(sse?.tags ?? [], 'todo.sse.streams'), 'the SSE frame span of this notification').toBe(1);
    // The browser's request is the root: every span of the trace descends from it.
    const root = t.spans.filter((s) => !(s.references ?? []).some((r) => t.spans.some((p) => p.spanID === r.spanID)));
    expect(root.map((s) => s.operationName)).toEqual(['POST /api/tasks']);
  });
});
