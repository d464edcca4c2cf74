// Follows each applied Deployment and Job to its Pods and checks what the Dapr injector made of
// them: a `daprd` container carrying exactly what the Pod's dapr.io/* annotations ask for.
import type { Kube, KubeObject } from './kube';

export type PodReport = { owner: string; summary: string; errors: string[] };

type Meta = {
  name: string;
  namespace: string;
  uid: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { uid: string; kind: string; name: string }[];
};
type EnvVar = {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string }; fieldRef?: { fieldPath: string } };
};
type Container = {
  name: string;
  args?: string[];
  env?: EnvVar[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    allowPrivilegeEscalation?: boolean;
    runAsNonRoot?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { drop?: string[] };
  };
};
type Pod = { metadata: Meta; spec: { containers: Container[]; nodeName?: string }; status?: { phase?: string } };
type Condition = { type: string; status: string; reason?: string; message?: string };
type Owned = { metadata: Meta; status?: { conditions?: Condition[] } };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isOwnedBy = (o: { metadata: Meta }, uid: string) =>
  o.metadata.ownerReferences?.some((r) => r.uid === uid) ?? false;

/** The value that follows `flag` in daprd's arguments, or true for a flag given alone, or undefined. */
function argOf(args: string[], flag: string): string | boolean | undefined {
  const i = args.indexOf(flag);
  if (i < 0) return undefined;
  const next = args[i + 1];
  return next === undefined || next.startsWith('--') ? true : next;
}

/** Every mismatch between a Pod's daprd container and its annotations (empty when all is right). */
export function daprdErrors(pod: Pod, daprSystemMtls: boolean): string[] {
  const a = pod.metadata.annotations ?? {};
  const errors: string[] = [];
  const daprd = pod.spec.containers.find((c) => c.name === 'daprd');
  if (!daprd) return [`no daprd container (containers: ${pod.spec.containers.map((c) => c.name).join(', ')})`];
  const args = daprd.args ?? [];
  const expectArg = (flag: string, want: string | boolean) => {
    const got = argOf(args, flag);
    if (got !== want) errors.push(`daprd ${flag}: want ${want}, got ${got ?? '(absent)'}`);
  };
  const expectSecretEnv = (name: string, secret: string | undefined) => {
    const ref = daprd.env?.find((e) => e.name === name)?.valueFrom?.secretKeyRef;
    if (!secret) return errors.push(`annotation for ${name} missing`);
    if (ref?.name !== secret || ref.key !== 'token')
      errors.push(
        `daprd env ${name}: want Secret ${secret} key token, got ${ref ? `${ref.name}/${ref.key}` : '(absent)'}`,
      );
  };

  expectArg('--app-id', a['dapr.io/app-id'] ?? '');
  expectArg('--app-port', a['dapr.io/app-port'] ?? '');
  expectArg('--config', a['dapr.io/config'] ?? '');
  expectArg('--mode', 'kubernetes');
  // NetworkPolicy allow-dapr-invocation opens 50002 between sidecars and nothing for the API
  // ports, which must therefore listen on loopback only.
  expectArg('--dapr-internal-grpc-port', '50002');
  expectArg('--dapr-listen-addresses', '[::1],127.0.0.1');
  // Access control depends on mTLS identities; the injector enables it from Configuration daprsystem.
  if (daprSystemMtls) expectArg('--enable-mtls', true);
  if (a['dapr.io/enable-metrics'] === 'true') {
    expectArg('--enable-metrics', true);
    expectArg('--metrics-port', a['dapr.io/metrics-port'] ?? '9090');
  }
  if (a['dapr.io/enable-app-health-check'] === 'true') {
    expectArg('--enable-app-health-check', true);
    expectArg('--app-health-check-path', a['dapr.io/app-health-check-path'] ?? '/healthz');
  }
  if (a['dapr.io/log-as-json'] === 'true') expectArg('--log-as-json', true);
  expectSecretEnv('DAPR_API_TOKEN', a['dapr.io/api-token-secret']);
  expectSecretEnv('APP_API_TOKEN', a['dapr.io/app-token-secret']);
  // pubsub-fanout's consumer group is "{podName}": daprd reads POD_NAME.
  const podName = daprd.env?.find((e) => e.name === 'POD_NAME')?.valueFrom?.fieldRef?.fieldPath;
  if (podName !== 'metadata.name')
    errors.push(`daprd env POD_NAME: want fieldRef metadata.name, got ${podName ?? '(absent)'}`);

  const resources: [string, string | undefined, string | undefined][] = [
    ['requests.cpu', a['dapr.io/sidecar-cpu-request'], daprd.resources?.requests?.cpu],
    ['limits.cpu', a['dapr.io/sidecar-cpu-limit'], daprd.resources?.limits?.cpu],
    ['requests.memory', a['dapr.io/sidecar-memory-request'], daprd.resources?.requests?.memory],
    ['limits.memory', a['dapr.io/sidecar-memory-limit'], daprd.resources?.limits?.memory],
  ];
  for (const [what, want, got] of resources)
    if (want && want !== got) errors.push(`daprd ${what}: want ${want}, got ${got ?? '(absent)'}`);

  const sc = daprd.securityContext;
  if (sc?.allowPrivilegeEscalation !== false) errors.push('daprd allowPrivilegeEscalation is not false');
  if (sc?.runAsNonRoot !== true) errors.push('daprd runAsNonRoot is not true');
  if (sc?.readOnlyRootFilesystem !== true) errors.push('daprd readOnlyRootFilesystem is not true');
  if (!sc?.capabilities?.drop?.includes('ALL')) errors.push('daprd does not drop ALL capabilities');
  // NetworkPolicy allow-metrics-scrape selects Pods by this label.
  if (pod.metadata.labels?.['dapr.io/sidecar-injected'] !== 'true')
    errors.push('label dapr.io/sidecar-injected is not "true"');
  return errors;
}

function conditionText(o: Owned | undefined): string {
  const bad = (o?.status?.conditions ?? []).filter((c) => c.status !== 'True' || c.type === 'ReplicaFailure');
  return bad.map((c) => `${c.type}: ${c.reason ?? ''} ${c.message ?? ''}`.trim()).join('; ');
}

/** Waits until every Deployment and Job has its Pods (90 s at most), then checks each Pod. */
export async function checkPods(kube: Kube, applied: KubeObject[]): Promise<PodReport[]> {
  const config = await kube.get<{ spec?: { mtls?: { enabled?: boolean } } }>(
    '/apis/dapr.io/v1alpha1/namespaces/dapr-system/configurations/daprsystem',
  );
  const isMtls = config.spec?.mtls?.enabled === true;
  const owners = applied.filter((o) => o.kind === 'Deployment' || o.kind === 'Job');
  const reports: PodReport[] = [];
  for (const owner of owners) {
    const ns = owner.metadata.namespace ?? 'default';
    const name = owner.metadata.name;
    const spec = owner.spec as { replicas?: number; parallelism?: number };
    const want = owner.kind === 'Deployment' ? (spec.replicas ?? 1) : (spec.parallelism ?? 1);
    const ownerPath = kube.pathOf(owner.apiVersion, owner.kind, ns, name);
    let pods: Pod[] = [];
    let chain = '';
    let stuck = '';
    let failingSince: number | undefined;
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      const live = await kube.get<Owned>(ownerPath);
      let podOwners = [live.metadata.uid];
      if (owner.kind === 'Deployment') {
        const sets = (await kube.get<{ items: Owned[] }>(`/apis/apps/v1/namespaces/${ns}/replicasets`)).items.filter(
          (rs) => isOwnedBy(rs, live.metadata.uid),
        );
        podOwners = sets.map((rs) => rs.metadata.uid);
        chain = sets.length ? `ReplicaSet ${sets.map((s) => s.metadata.name).join(', ')} -> ` : '';
        stuck = sets.length ? conditionText(sets[0]) : `no ReplicaSet yet; ${conditionText(live)}`;
      } else {
        stuck = conditionText(live);
      }
      const all = (await kube.get<{ items: Pod[] }>(`/api/v1/namespaces/${ns}/pods`)).items;
      pods = all.filter((p) => podOwners.some((uid) => isOwnedBy(p, uid)));
      if (pods.length >= want) break;
      // A refused Pod (admission, webhook) is retried by the controller; 15 s of refusals is an answer.
      if (stuck.includes('ReplicaFailure') || stuck.includes('FailureTarget')) {
        failingSince ??= Date.now();
        if (Date.now() - failingSince > 15_000) break;
      }
      await sleep(500);
    }
    const errors: string[] = [];
    if (pods.length < want) errors.push(`${pods.length}/${want} Pods; ${stuck || 'no condition reported'}`);
    const template = (owner.spec as { template?: { metadata?: { annotations?: Record<string, string> } } }).template;
    const isDaprEnabled = template?.metadata?.annotations?.['dapr.io/enabled'] === 'true';
    const described: string[] = [];
    for (const pod of pods) {
      const podErrors = isDaprEnabled
        ? daprdErrors(pod, isMtls)
        : pod.spec.containers.some((c) => c.name === 'daprd')
          ? ['has a daprd container although dapr.io/enabled is not "true"']
          : [];
      errors.push(...podErrors.map((e) => `${pod.metadata.name}: ${e}`));
      const containers = pod.spec.containers.map((c) => c.name).join('+');
      described.push(
        `${pod.metadata.name} [${containers}] ${pod.status?.phase ?? '?'}${pod.spec.nodeName ? '' : ', unscheduled'}`,
      );
    }
    reports.push({
      owner: `${owner.kind} ${ns}/${name}`,
      summary: `${chain}${pods.length}/${want} Pod(s): ${described.join('; ') || 'none'}${isDaprEnabled ? '' : ' (no sidecar, as annotated)'}`,
      errors,
    });
  }
  return reports;
}
