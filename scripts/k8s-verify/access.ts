// Proves the access-control lists of k8s/base/dapr/configuration.yaml with real sidecars: one
// daprd per app-id (the pinned 1.18.2), mTLS identities from a real Dapr sentry, each sidecar
// loaded with the Configuration its Deployment's dapr.io/config names, exactly as kustomize
// renders it. Every invocation the code makes must reach the callee; every other one listed must
// be refused by the callee's sidecar before reaching the app.
//
// Differences from the cluster, none of which touches access control: daprd runs in standalone
// mode (Kubernetes mode needs the Dapr operator, and the Kafka and Postgres components it would
// load); NAMESPACE=todo gives each sidecar the SPIFFE ID spiffe://public/ns/todo/<app-id> it has
// in the cluster; each Configuration gains a SQLite name resolution and loses its tracing
// exporter; behind each sidecar is a probe server that records what reaches it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { stringify } from 'yaml';
import { DAPR_BIN } from '../local-config';
import type { ProcessGroup } from '../stack/processes';
import { bin } from './config';
import { EVERY_ADDRESS, freePort, waitFor } from './control-plane';
import type { KubeObject } from './kube';

type Verb = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Invocation = { caller: string; callee: string; verb: Verb; path: string; why: string };

const TASK = '0b6f2a5e-8c1d-4f3a-9e7b-2d4c6a8e0f12';
const NOTIFICATION = '42';

const invocations = (caller: string, callee: string, list: [Verb, string, string][]): Invocation[] =>
  list.map(([verb, path, why]) => ({ caller, callee, verb, path, why }));

/** Every service invocation in the code, by caller. Keep in step with lib/clients/*.ts. */
export const MUST_ALLOW: Invocation[] = [
  ...invocations('web', 'task-service', [
    ['GET', 'tasks?view=today&limit=20', 'taskClient.list'],
    ['POST', 'tasks', 'taskClient.create'],
    ['GET', `tasks/${TASK}`, 'taskClient.get'],
    ['PATCH', `tasks/${TASK}`, 'taskClient.update'],
    ['DELETE', `tasks/${TASK}`, 'taskClient.remove'],
    ['POST', `tasks/${TASK}/complete`, 'taskClient.complete'],
    ['POST', `tasks/${TASK}/reopen`, 'taskClient.reopen'],
    ['GET', 'healthz', '/api/ready'],
  ]),
  ...invocations('web', 'notification-service', [
    ['GET', 'notifications?unread=true', 'notificationClient.list'],
    ['POST', `notifications/${NOTIFICATION}/read`, 'notificationClient.markRead'],
    ['POST', 'notifications/read-all', 'notificationClient.markAllRead'],
    ['GET', 'settings', 'notificationClient.getSettings'],
    ['PUT', 'settings', 'notificationClient.putSettings'],
    ['GET', 'healthz', '/api/ready'],
  ]),
  ...invocations('worker', 'task-service', [['POST', `tasks/${TASK}/next-occurrence`, 'recurrence']]),
  ...invocations('worker', 'notification-service', [['POST', 'notifications', 'reminder -> notification']]),
];

/** Operations a caller does not use (or that only Dapr itself triggers): the callee must refuse them. */
export const MUST_DENY: Invocation[] = [
  ...invocations('web', 'task-service', [
    ['POST', `job/reminder-${TASK}`, 'Jobs trigger: the scheduler only'],
    ['POST', 'reminder-sweep', 'the cron binding only'],
    ['POST', `tasks/${TASK}/next-occurrence`, "the worker's"],
    ['GET', `tasks/${TASK}/complete`, 'complete is POST'],
    ['GET', 'settings', "notification-service's route"],
  ]),
  ...invocations('web', 'notification-service', [
    ['POST', 'notifications', "the worker's"],
    ['DELETE', `notifications/${NOTIFICATION}`, 'not a route'],
    ['GET', 'tasks', "task-service's route"],
  ]),
  ...invocations('worker', 'task-service', [
    ['GET', 'tasks', 'the worker only adds occurrences'],
    ['POST', 'tasks', 'the worker only adds occurrences'],
    ['DELETE', `tasks/${TASK}`, 'the worker only adds occurrences'],
    ['POST', `tasks/${TASK}/complete`, 'the worker only adds occurrences'],
    ['POST', `job/reminder-${TASK}`, 'the scheduler only'],
  ]),
  ...invocations('worker', 'notification-service', [
    ['GET', 'notifications', 'the worker only creates'],
    ['POST', 'notifications/read-all', 'the worker only creates'],
    ['POST', `notifications/${NOTIFICATION}/read`, 'the worker only creates'],
    ['PUT', 'settings', 'the worker only creates'],
  ]),
  ...invocations('task-service', 'notification-service', [['GET', 'notifications', 'the services invoke nobody']]),
  ...invocations('notification-service', 'task-service', [['GET', 'tasks', 'the services invoke nobody']]),
  ...invocations('task-service', 'web', [['GET', 'api/health', 'nobody invokes web']]),
  ...invocations('web', 'worker', [['POST', 'events/reminders', 'nobody invokes the worker']]),
  ...invocations('task-service', 'worker', [['POST', 'events/task-events', 'nobody invokes the worker']]),
];

export type AccessResult = {
  invocation: Invocation;
  isAllowedWanted: boolean;
  status: number;
  hasReachedApp: boolean;
  body: string;
};

type Sidecar = { appId: string; httpPort: number; hits: string[]; server: Server };

async function probeApp(appId: string): Promise<Sidecar & { appPort: number }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ reached: appId }));
    });
  });
  const appPort = await freePort();
  await new Promise<void>((r) => server.listen(appPort, '127.0.0.1', r));
  return { appId, httpPort: 0, hits, server, appPort };
}

/** The Configuration a sidecar gets: the rendered one, plus name resolution, minus tracing export. */
function sidecarConfig(config: KubeObject, dir: string, nameResolutionDb: string): string {
  const { tracing: _exporter, ...rest } = config.spec as Record<string, unknown>;
  const spec = {
    ...rest,
    nameResolution: { component: 'sqlite', version: 'v1', configuration: { connectionString: nameResolutionDb } },
  };
  const file = path.join(dir, `${config.metadata.name}.yaml`);
  writeFileSync(
    file,
    stringify({ apiVersion: config.apiVersion, kind: config.kind, metadata: { name: config.metadata.name }, spec }),
  );
  return file;
}

export async function checkAccessControl(
  procs: ProcessGroup,
  dataDir: string,
  rendered: KubeObject[],
): Promise<AccessResult[]> {
  const dir = path.join(dataDir, 'access');
  mkdirSync(path.join(dir, 'issuer'), { recursive: true });
  mkdirSync(path.join(dir, 'resources'), { recursive: true });

  // A standalone sentry: same CA code as in the cluster, without the Kubernetes token check.
  const sentryConfig = path.join(dir, 'sentry.yaml');
  writeFileSync(
    sentryConfig,
    stringify({
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'Configuration',
      metadata: { name: 'daprsystem' },
      spec: { mtls: { enabled: true, workloadCertTTL: '24h', allowedClockSkew: '15m' } },
    }),
  );
  const sentryPort = await freePort();
  const sentryHealthz = await freePort(EVERY_ADDRESS);
  const sentry = procs.start(
    'access-sentry',
    bin('sentry'),
    [
      '--mode=standalone',
      `--config=${sentryConfig}`,
      `--issuer-credentials=${path.join(dir, 'issuer')}`,
      '--trust-domain=cluster.local',
      '--listen-address=127.0.0.1',
      `--port=${sentryPort}`,
      '--healthz-listen-address=127.0.0.1',
      `--healthz-port=${sentryHealthz}`,
      '--enable-metrics=false',
    ],
    { env: { NAMESPACE: 'dapr-system' }, cwd: dir },
  );
  await waitFor(
    'sentry (standalone)',
    async () => (await fetch(`http://127.0.0.1:${sentryHealthz}/healthz`)).ok,
    30_000,
    sentry.logFile,
  );
  const trustAnchors = readFileSync(path.join(dir, 'issuer', 'ca.crt'), 'utf8');

  // app-id -> the Configuration its Deployment names.
  const configs = new Map(rendered.filter((o) => o.kind === 'Configuration').map((o) => [o.metadata.name, o]));
  const sidecars = new Map<string, Sidecar>();
  const nameResolutionDb = path.join(dir, 'nameresolution.db');
  for (const deployment of rendered.filter((o) => o.kind === 'Deployment')) {
    const annotations = (deployment.spec as { template: { metadata: { annotations?: Record<string, string> } } })
      .template.metadata.annotations;
    const appId = annotations?.['dapr.io/app-id'];
    const config = configs.get(annotations?.['dapr.io/config'] ?? '');
    if (!appId || !config)
      throw new Error(`${deployment.metadata.name}: no dapr.io/app-id or no Configuration for dapr.io/config`);
    const probe = await probeApp(appId);
    const [httpPort, grpcPort, internalPort, publicPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const daprd = procs.start(
      `access-${appId}-daprd`,
      path.join(DAPR_BIN, 'daprd'),
      [
        `--app-id=${appId}`,
        `--app-port=${probe.appPort}`,
        '--app-protocol=http',
        `--dapr-http-port=${httpPort}`,
        `--dapr-grpc-port=${grpcPort}`,
        `--dapr-internal-grpc-port=${internalPort}`,
        `--dapr-public-port=${publicPort}`,
        '--dapr-listen-addresses=127.0.0.1',
        '--enable-metrics=false',
        `--resources-path=${path.join(dir, 'resources')}`,
        `--config=${sidecarConfig(config, dir, nameResolutionDb)}`,
        '--enable-mtls',
        `--sentry-address=127.0.0.1:${sentryPort}`,
        '--control-plane-trust-domain=cluster.local',
        '--control-plane-namespace=dapr-system',
        '--placement-host-address=',
        '--scheduler-host-address=',
        '--log-level=info',
      ],
      { env: { NAMESPACE: 'todo', DAPR_TRUST_ANCHORS: trustAnchors }, cwd: dir },
    );
    sidecars.set(appId, { ...probe, httpPort });
    await waitFor(
      `${appId} sidecar`,
      async () => (await fetch(`http://127.0.0.1:${httpPort}/v1.0/healthz`)).status === 204,
      60_000,
      daprd.logFile,
    );
  }

  const results: AccessResult[] = [];
  try {
    const cases = [...MUST_ALLOW.map((i) => ({ i, allow: true })), ...MUST_DENY.map((i) => ({ i, allow: false }))];
    for (const { i, allow } of cases) {
      const caller = sidecars.get(i.caller);
      const callee = sidecars.get(i.callee);
      if (!caller || !callee) throw new Error(`no sidecar for ${i.caller} or ${i.callee}`);
      const before = callee.hits.length;
      const res = await fetch(`http://127.0.0.1:${caller.httpPort}/v1.0/invoke/${i.callee}/method/${i.path}`, {
        method: i.verb,
        headers: { 'content-type': 'application/json' },
        body: i.verb === 'GET' || i.verb === 'DELETE' ? undefined : '{}',
        signal: AbortSignal.timeout(15_000),
      });
      const body = (await res.text()).slice(0, 300);
      results.push({
        invocation: i,
        isAllowedWanted: allow,
        status: res.status,
        hasReachedApp: callee.hits.length > before,
        body,
      });
    }
  } finally {
    for (const s of sidecars.values()) s.server.close();
  }
  return results;
}

export const isAsWanted = (r: AccessResult) =>
  r.isAllowedWanted ? r.status === 200 && r.hasReachedApp : r.status === 403 && !r.hasReachedApp;
