// `npm run k8s:verify`: proves k8s/ against a real Kubernetes control plane on this machine.
// Starts etcd, kube-apiserver, kube-controller-manager, Dapr's sentry and sidecar injector (built
// by scripts/install-k8s.sh) on loopback; installs Dapr's CRDs; server-side applies every object
// of every overlay and migration Job in dry-run mode; applies the dev overlay and its Job for real
// and follows Deployments -> ReplicaSets -> Pods (Pending: there is no kubelet), checking the
// daprd container the injector adds to each Pod; then loads the rendered access-control
// Configurations into real daprd sidecars with mTLS and checks who may invoke what.
// Exits non-zero on any rejection or mismatch.
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ProcessGroup } from '../stack/processes';
import { checkAccessControl, isAsWanted } from './access';
import { DAPR_VERSION, DATA_DIR, KUSTOMIZATIONS, missingBinaries, REAL_APPLY } from './config';
import {
  DAPR_NAMESPACE,
  lastLines,
  startApiServer,
  startControllerManager,
  startDaprControlPlane,
  startEtcd,
  waitFor,
} from './control-plane';
import { type IngressLike, internalRouteProblems } from './ingress';
import { describeStatus, type Kube, type KubeObject, nameOf } from './kube';
import { daprCrds, render } from './manifests';
import { createPki } from './pki';
import { checkPods, type PodReport } from './pods';

type Outcome = { object: string; error?: string; warnings: string[] };

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const step = (text: string) => console.log(`\n\x1b[1m[k8s-verify ${elapsed()}] ${text}\x1b[0m`);
const info = (text: string) => console.log(`  ${text}`);

const missing = missingBinaries();
if (missing) {
  console.error(`[k8s-verify] ${missing}`);
  process.exit(1);
}

const procs = new ProcessGroup(DATA_DIR);
/** Clients first, then the API server, etcd last: an API server that loses etcd first shuts down slowly. */
async function stopInOrder(): Promise<void> {
  const storage = ['kube-apiserver', 'etcd'];
  await Promise.all(procs.procs.filter((p) => !storage.includes(p.name)).map((p) => procs.stop(p.name)));
  for (const name of storage) await procs.stop(name);
  await procs.stop();
}

let stopping: Promise<void> | undefined;
/** Stops every process this run started (once, whoever asks first), then exits with `code`. */
async function stopAll(code: number): Promise<never> {
  stopping ??= stopInOrder();
  await stopping;
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.error(`\n[k8s-verify] ${signal}: stopping the control plane`);
    void stopAll(130);
  });
}

/** Applies each object; returns what the API server said about each, in order. */
async function applyAll(kube: Kube, objects: KubeObject[], options: { dryRun: boolean }): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const object of objects) {
    let outcome: Outcome;
    try {
      const res = await kube.apply(object, options);
      outcome = {
        object: nameOf(object),
        error: res.status >= 300 ? `${res.status} ${describeStatus(res.body)}` : undefined,
        warnings: res.warnings,
      };
    } catch (error) {
      outcome = { object: nameOf(object), error: (error as Error).message, warnings: [] };
    }
    outcomes.push(outcome);
  }
  return outcomes;
}

/** One line per phase, printed at the end. */
const summary: string[] = [];
const tally = (outcomes: Outcome[]) =>
  `${outcomes.filter((o) => !o.error && !o.warnings.length).length}/${outcomes.length}`;

function report(label: string, outcomes: Outcome[]): number {
  const rejected = outcomes.filter((o) => o.error);
  const warned = outcomes.filter((o) => o.warnings.length);
  const status = rejected.length || warned.length ? '\x1b[31mFAIL\x1b[0m' : '\x1b[32mok\x1b[0m';
  info(
    `${status} ${label}: ${outcomes.length - rejected.length}/${outcomes.length} accepted, ${warned.length} with warnings`,
  );
  for (const o of rejected) info(`    rejected ${o.object}: ${o.error}`);
  for (const o of warned) for (const w of o.warnings) info(`    warning on ${o.object}: ${w}`);
  return rejected.length + warned.length;
}

async function main(): Promise<number> {
  let failures = 0;
  step(`data folder ${path.relative(process.cwd(), DATA_DIR)} (emptied; leftovers of a killed run stopped)`);
  procs.killLeftovers();
  for (const entry of readdirSync(DATA_DIR))
    if (entry !== 'pids' && entry !== 'logs') rmSync(path.join(DATA_DIR, entry), { recursive: true });
  for (const log of readdirSync(path.join(DATA_DIR, 'logs'))) rmSync(path.join(DATA_DIR, 'logs', log));
  const pki = createPki(path.join(DATA_DIR, 'pki'));

  step('etcd and kube-apiserver');
  const etcdUrl = await startEtcd(procs, DATA_DIR);
  const kube = await startApiServer(procs, DATA_DIR, pki, etcdUrl);
  const version = await kube.get<{ gitVersion: string }>('/version');
  await kube.discover();
  info(
    `etcd ${etcdUrl}, kube-apiserver ${kube.server} (Kubernetes ${version.gitVersion}), admin by client certificate`,
  );

  step("Dapr's CRDs (charts/dapr/crds of the pinned dapr module)");
  const crds = daprCrds(DAPR_NAMESPACE);
  for (const crd of crds) await kube.applyOrThrow(crd);
  await waitFor(
    'Dapr CRDs established',
    async () => {
      for (const crd of crds) {
        const got = await kube.get<{ status?: { conditions?: { type: string; status: string }[] } }>(
          `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`,
        );
        if (!got.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) return false;
      }
      return true;
    },
    30_000,
  );
  await kube.discover();
  info(`${crds.map((c) => c.metadata.name).join(', ')} established`);
  summary.push(
    `Kubernetes ${version.gitVersion}: etcd, kube-apiserver, kube-controller-manager; Dapr ${DAPR_VERSION} CRDs, sentry, injector`,
  );

  step('kustomize build of every overlay and migration Job');
  const rendered = new Map<string, KubeObject[]>();
  for (const dir of KUSTOMIZATIONS) {
    const objects = render(dir);
    rendered.set(dir, objects);
    const kinds = new Map<string, number>();
    for (const o of objects) kinds.set(o.kind, (kinds.get(o.kind) ?? 0) + 1);
    info(`k8s/${dir}: ${objects.length} objects (${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')})`);
  }

  step('namespaces the overlays create, applied for real (a dry run of a namespaced object needs its namespace)');
  const namespaces = new Map<string, KubeObject>();
  for (const objects of rendered.values())
    for (const o of objects) if (o.kind === 'Namespace') namespaces.set(o.metadata.name, o);
  for (const o of rendered.values())
    for (const obj of o)
      if (obj.metadata.namespace && !namespaces.has(obj.metadata.namespace)) {
        namespaces.set(obj.metadata.namespace, {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: obj.metadata.namespace },
        });
      }
  failures += report('namespaces', await applyAll(kube, [...namespaces.values()], { dryRun: false }));

  step('server-side apply, dryRun=All, fieldValidation=Strict: every object of every kustomization');
  const dryRuns: string[] = [];
  for (const [dir, objects] of rendered) {
    const outcomes = await applyAll(kube, objects, { dryRun: true });
    failures += report(`k8s/${dir}`, outcomes);
    dryRuns.push(`${dir} ${tally(outcomes)}`);
  }
  summary.push(`dry-run server-side apply (Strict), objects accepted without warnings: ${dryRuns.join(', ')}`);

  step('kube-controller-manager (deployment, replicaset, job and service-account controllers)');
  await startControllerManager(procs, DATA_DIR, pki, kube.server);
  await waitFor(
    "the controllers' service accounts",
    async () => {
      const list = await kube.get<{ items: { metadata: { name: string } }[] }>(
        '/api/v1/namespaces/kube-system/serviceaccounts',
      );
      const names = new Set(list.items.map((i) => i.metadata.name));
      return ['deployment-controller', 'replicaset-controller', 'job-controller'].every((n) => names.has(n));
    },
    60_000,
    path.join(DATA_DIR, 'logs', 'kube-controller-manager.log'),
  );
  info('running; controllers act as kube-system/deployment-controller, replicaset-controller, job-controller');

  step("Dapr sentry and sidecar injector as the API server's mutating webhook");
  const dapr = await startDaprControlPlane(procs, kube, DATA_DIR, pki);
  info('sentry issued the injector its serving certificate; the injector patched the webhook caBundle');

  const realObjects: KubeObject[] = [];
  const realApplies: string[] = [];
  for (const dir of REAL_APPLY) {
    step(`server-side apply for real: k8s/${dir}`);
    const objects = rendered.get(dir) ?? [];
    const outcomes = await applyAll(kube, objects, { dryRun: false });
    failures += report(`k8s/${dir}`, outcomes);
    realApplies.push(`${dir} ${tally(outcomes)}`);
    realObjects.push(...objects);
  }
  summary.push(`server-side apply for real: ${realApplies.join(', ')}`);

  step('Ingresses as the API server stores them: /api/internal/* reaches only an Ingress that refuses everyone');
  const stored = await kube.get<{ items: IngressLike[] }>('/apis/networking.k8s.io/v1/ingresses');
  const ingresses = stored.items.map((i) => ({ ...i, kind: 'Ingress' }));
  const ingressProblems = [
    ...internalRouteProblems(ingresses),
    ...[...rendered].flatMap(([dir, objects]) =>
      internalRouteProblems(objects as unknown as IngressLike[]).map((p) => `k8s/${dir}: ${p}`),
    ),
  ];
  if (ingresses.length === 0) ingressProblems.push('no Ingress stored');
  for (const p of ingressProblems) info(`\x1b[31mFAIL\x1b[0m ${p}`);
  if (ingressProblems.length === 0)
    info(
      `\x1b[32mok\x1b[0m ${ingresses.length} Ingresses stored (${ingresses.map((i) => i.metadata.name).join(', ')}), every overlay rendered alike`,
    );
  failures += ingressProblems.length;
  summary.push(`/api/internal/* denied at the ingress: ${ingressProblems.length === 0 ? 'yes' : 'NO'}`);

  step('Deployments -> ReplicaSets -> Pods, and the daprd container of each Pod');
  const pods: PodReport[] = await checkPods(kube, realObjects);
  for (const p of pods) {
    info(`${p.errors.length ? '\x1b[31mFAIL\x1b[0m' : '\x1b[32mok\x1b[0m'} ${p.owner}: ${p.summary}`);
    for (const e of p.errors) info(`    ${e}`);
  }
  failures += pods.filter((p) => p.errors.length).length;
  summary.push(
    `Pods created and checked: ${pods.filter((p) => !p.errors.length).length}/${pods.length} Deployments and Jobs as annotated (daprd injected with app-id, app-port, config, tokens, mTLS, limits; none for the migration Job)`,
  );
  if (pods.some((p) => p.errors.length)) {
    info(`--- last lines of the injector log (${dapr.injectorLog}):\n${lastLines(dapr.injectorLog, 15)}`);
  }

  step('access control: the Configurations loaded by real daprd sidecars with mTLS identities from sentry');
  const access = await checkAccessControl(procs, DATA_DIR, rendered.get('overlays/dev') ?? []);
  for (const r of access) {
    const i = r.invocation;
    const mark = isAsWanted(r) ? '\x1b[32mok\x1b[0m' : '\x1b[31mFAIL\x1b[0m';
    const outcome = r.hasReachedApp ? `reached ${i.callee}` : `refused by ${i.callee}'s sidecar`;
    info(
      `${mark} ${i.caller} -> ${i.callee} ${i.verb} /${i.path}: ${r.status}, ${outcome} (${r.isAllowedWanted ? 'must reach' : 'must be refused'}: ${i.why})`,
    );
    if (!isAsWanted(r) && !r.hasReachedApp) info(`    ${r.body}`);
  }
  failures += access.filter((r) => !isAsWanted(r)).length;
  const allowed = access.filter((r) => r.isAllowedWanted);
  const denied = access.filter((r) => !r.isAllowedWanted);
  summary.push(
    `access control with real sidecars: ${allowed.filter(isAsWanted).length}/${allowed.length} invocations the code makes reached the callee, ${denied.filter(isAsWanted).length}/${denied.length} others refused (403)`,
  );

  step(
    failures
      ? `\x1b[31m${failures} problem(s)\x1b[0m`
      : `\x1b[32mk8s/ proven against Kubernetes ${version.gitVersion} and Dapr ${DAPR_VERSION}\x1b[0m`,
  );
  for (const line of summary) info(line);
  kube.close();
  return failures;
}

let code = 1;
try {
  code = (await main()) ? 1 : 0;
} catch (error) {
  console.error(`\n[k8s-verify] ${(error as Error).message}`);
}
console.log(
  `[k8s-verify] logs in ${path.relative(process.cwd(), path.join(DATA_DIR, 'logs'))}; stopping the control plane`,
);
await stopAll(code);
