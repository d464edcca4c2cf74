// The throwaway control plane of `npm run k8s:verify`, all on loopback: etcd, kube-apiserver,
// kube-controller-manager, and Dapr's sentry and sidecar injector wired in as the API server's
// mutating webhook. No kubelet and no scheduler: Pods are created and stay Pending.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import type { ProcessGroup } from '../stack/processes';
import { bin, DAPR_VERSION } from './config';
import { Kube, type KubeObject } from './kube';
import { type Pki, writeKubeconfig } from './pki';

/**
 * Service ClusterIPs come from a loopback range. With no kube-proxy, that is what lets the API
 * server reach a webhook behind a Service: it dials the Service's ClusterIP (here 127.0.x.y),
 * where the injector listens, and checks its certificate for `<service>.<namespace>.svc`.
 */
export const SERVICE_CIDR = '127.0.96.0/20';
export const DAPR_NAMESPACE = 'dapr-system';
export const CONTROL_PLANE_TRUST_DOMAIN = 'cluster.local';

/**
 * Dapr 1.18.2's control plane binds its health server on every address, whatever
 * --healthz-listen-address says: such ports are probed there.
 */
export const EVERY_ADDRESS = '0.0.0.0';

/** Ports this run has handed out: a port is probed and released, so only this list keeps it taken. */
const handedOut = new Set<number>();

/**
 * A free TCP port on `host`, chosen by the kernel (so parallel runs and other stacks never clash),
 * and never one this run handed out before: probes on two addresses (the injector's service IP and
 * loopback) can get the same number, and a component whose health server listens on every address
 * then takes both (the injector died with "bind: address already in use" in a CI-like run).
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (;;) {
    const port = await probePort(host);
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

function probePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() =>
        address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, logFile?: string) {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    await sleep(250);
  }
  const tail = logFile ? `\n--- last lines of ${logFile}:\n${lastLines(logFile, 25)}` : '';
  const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
  throw new Error(`${what} not ready after ${timeoutMs / 1000} s${cause}${tail}`);
}

export const lastLines = (file: string, n: number) => {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '(no log)';
  }
};

export async function startEtcd(procs: ProcessGroup, dataDir: string): Promise<string> {
  const [client, peer] = [await freePort(), await freePort()];
  const clientUrl = `http://127.0.0.1:${client}`;
  const peerUrl = `http://127.0.0.1:${peer}`;
  const proc = procs.start(
    'etcd',
    bin('etcd'),
    [
      '--name=verify',
      `--data-dir=${path.join(dataDir, 'etcd')}`,
      `--listen-client-urls=${clientUrl}`,
      `--advertise-client-urls=${clientUrl}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=verify=${peerUrl}`,
      // A throwaway store: durability buys nothing and fsync is slow on shared disks.
      '--unsafe-no-fsync',
      '--log-level=warn',
    ],
    { env: {}, cwd: dataDir },
  );
  await waitFor(
    'etcd',
    async () => ((await (await fetch(`${clientUrl}/health`)).json()) as { health?: string }).health === 'true',
    30_000,
    proc.logFile,
  );
  return clientUrl;
}

export async function startApiServer(procs: ProcessGroup, dataDir: string, pki: Pki, etcdUrl: string): Promise<Kube> {
  const port = await freePort();
  const proc = procs.start(
    'kube-apiserver',
    bin('kube-apiserver'),
    [
      `--etcd-servers=${etcdUrl}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${port}`,
      `--tls-cert-file=${pki.apiserver.cert}`,
      `--tls-private-key-file=${pki.apiserver.key}`,
      `--client-ca-file=${pki.ca.cert}`,
      '--service-account-issuer=https://kubernetes.default.svc',
      `--service-account-key-file=${pki.serviceAccountPub}`,
      `--service-account-signing-key-file=${pki.serviceAccountKey}`,
      `--service-cluster-ip-range=${SERVICE_CIDR}`,
      '--authorization-mode=Node,RBAC',
      // Endpoints may not hold loopback addresses; nothing here needs the `kubernetes` endpoints.
      '--endpoint-reconciler-type=none',
      '--profiling=false',
    ],
    { env: {}, cwd: dataDir },
  );
  const kube = new Kube(`https://127.0.0.1:${port}`, pki.ca.cert, pki.admin);
  await waitFor(
    'kube-apiserver',
    async () => (await kube.request('GET', '/readyz')).status === 200,
    90_000,
    proc.logFile,
  );
  return kube;
}

export async function startControllerManager(procs: ProcessGroup, dataDir: string, pki: Pki, server: string) {
  const kubeconfig = writeKubeconfig(
    path.join(dataDir, 'controller-manager.kubeconfig'),
    server,
    pki.ca.cert,
    pki.controllerManager,
  );
  procs.start(
    'kube-controller-manager',
    bin('kube-controller-manager'),
    [
      `--kubeconfig=${kubeconfig}`,
      `--authentication-kubeconfig=${kubeconfig}`,
      `--authorization-kubeconfig=${kubeconfig}`,
      // Only what turns Deployments and Jobs into Pods, and the service accounts they act as.
      '--controllers=serviceaccount-token-controller,serviceaccount-controller,root-ca-certificate-publisher-controller,deployment-controller,replicaset-controller,job-controller',
      // Each controller acts as its own service account (kube-system/replicaset-controller, ...),
      // as in a real cluster: the Dapr injector only mutates Pods created by those accounts.
      '--use-service-account-credentials=true',
      `--service-account-private-key-file=${pki.serviceAccountKey}`,
      `--root-ca-file=${pki.ca.cert}`,
      '--leader-elect=false',
      '--bind-address=127.0.0.1',
      `--secure-port=${await freePort()}`,
      '--profiling=false',
    ],
    { env: {}, cwd: dataDir },
  );
}

/**
 * In Kubernetes mode Dapr's control plane refuses to run as root (its images run as uid 65532);
 * this machine's user may be root, and these are local processes, not containers.
 */
const asLocalProcess = { DAPR_UNSAFE_SKIP_CONTAINER_UID_GID_CHECK: 'true' };

type DaprControlPlane = { injectorLog: string; sentryLog: string };

/**
 * Dapr's sentry (the CA) and sidecar injector, run as the Helm chart runs them (Kubernetes mode,
 * the chart's environment with the documented `sidecarDropALLCapabilities=true`), but as local
 * processes. The objects the chart would create in dapr-system are created here; the two Pods are
 * placeholders (never scheduled) whose only job is to carry the identity sentry checks: the
 * injector authenticates with a service-account token bound to its Pod, as a real one does.
 */
export async function startDaprControlPlane(
  procs: ProcessGroup,
  kube: Kube,
  dataDir: string,
  pki: Pki,
): Promise<DaprControlPlane> {
  const dir = path.join(dataDir, 'dapr');
  mkdirSync(path.join(dir, 'issuer'), { recursive: true });
  const kubeconfig = writeKubeconfig(path.join(dir, 'admin.kubeconfig'), kube.server, pki.ca.cert, pki.admin);
  const ns = DAPR_NAMESPACE;
  const sentryId = `spiffe://${CONTROL_PLANE_TRUST_DOMAIN}/ns/${ns}/dapr-sentry`;

  const objects: KubeObject[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'dapr-sentry', namespace: ns } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'dapr-injector', namespace: ns } },
    // Filled in by sentry with the CA it generates (the chart creates them empty).
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'dapr-trust-bundle', namespace: ns } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dapr-trust-bundle', namespace: ns } },
    {
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'Configuration',
      metadata: { name: 'daprsystem', namespace: ns },
      spec: {
        mtls: {
          enabled: true,
          workloadCertTTL: '24h',
          allowedClockSkew: '15m',
          controlPlaneTrustDomain: CONTROL_PLANE_TRUST_DOMAIN,
          sentryAddress: `dapr-sentry.${ns}.svc.cluster.local:443`,
        },
      },
    },
    placeholderPod('dapr-sidecar-injector-0', 'dapr-injector', 'injector'),
    placeholderPod('dapr-sentry-0', 'dapr-sentry', 'sentry'),
  ];
  for (const o of objects) await kube.applyOrThrow(o);

  const sentryPort = await freePort();
  const sentry = procs.start(
    'dapr-sentry',
    bin('sentry'),
    [
      '--mode=kubernetes',
      `--kubeconfig=${kubeconfig}`,
      '--config=daprsystem',
      `--trust-domain=${CONTROL_PLANE_TRUST_DOMAIN}`,
      `--issuer-credentials=${path.join(dir, 'issuer')}`,
      '--listen-address=127.0.0.1',
      `--port=${sentryPort}`,
      '--healthz-listen-address=127.0.0.1',
      `--healthz-port=${await freePort(EVERY_ADDRESS)}`,
      '--enable-metrics=false',
      '--log-level=info',
    ],
    { env: { NAMESPACE: ns, ...asLocalProcess }, cwd: dir },
  );
  // Sentry generates its CA and publishes the root in ConfigMap dapr-trust-bundle.
  let trustAnchors = '';
  await waitFor(
    'Dapr sentry (trust bundle)',
    async () => {
      const cm = await kube.get<{ data?: Record<string, string> }>(
        `/api/v1/namespaces/${ns}/configmaps/dapr-trust-bundle`,
      );
      trustAnchors = cm.data?.['ca.crt'] ?? '';
      return trustAnchors.includes('BEGIN CERTIFICATE');
    },
    60_000,
    sentry.logFile,
  );
  const trustAnchorsFile = path.join(dir, 'ca.crt');
  writeFileSync(trustAnchorsFile, trustAnchors);

  // The injector's token: what the kubelet would mount at /var/run/secrets/dapr.io/sentrytoken.
  const pod = await kube.get<{ metadata: { uid: string } }>(`/api/v1/namespaces/${ns}/pods/dapr-sidecar-injector-0`);
  const tokenRes = await kube.request('POST', `/api/v1/namespaces/${ns}/serviceaccounts/dapr-injector/token`, {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    spec: {
      audiences: [sentryId],
      expirationSeconds: 3600,
      boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: 'dapr-sidecar-injector-0', uid: pod.metadata.uid },
    },
  });
  const token = (tokenRes.body as { status?: { token?: string } }).status?.token;
  if (!token)
    throw new Error(`TokenRequest for dapr-injector failed: ${tokenRes.status} ${JSON.stringify(tokenRes.body)}`);
  const tokenFile = path.join(dir, 'injector-token');
  writeFileSync(tokenFile, token, { mode: 0o600 });

  // The Service the webhook names; the API server dials its (loopback) ClusterIP.
  await kube.applyOrThrow({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'dapr-sidecar-injector', namespace: ns },
    spec: { selector: { app: 'dapr-sidecar-injector' }, ports: [{ name: 'https', port: 443, targetPort: 4000 }] },
  });
  const service = await kube.get<{ spec: { clusterIP: string } }>(
    `/api/v1/namespaces/${ns}/services/dapr-sidecar-injector`,
  );
  const injectorIp = service.spec.clusterIP;
  const injectorPort = await freePort(injectorIp);
  await kube.applyOrThrow({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'dapr-sidecar-injector', namespace: ns },
    spec: {
      selector: { app: 'dapr-sidecar-injector' },
      ports: [{ name: 'https', port: injectorPort, targetPort: injectorPort }],
    },
  });
  // As in the chart, except failurePolicy Fail (the chart's default is Ignore): a broken webhook
  // must stop Pod creation here, not let Pods through without a sidecar.
  await kube.applyOrThrow({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: { name: 'dapr-sidecar-injector' },
    webhooks: [
      {
        name: 'sidecar-injector.dapr.io',
        reinvocationPolicy: 'IfNeeded',
        clientConfig: {
          service: { namespace: ns, name: 'dapr-sidecar-injector', path: '/mutate', port: injectorPort },
        },
        rules: [{ apiGroups: [''], apiVersions: ['v1'], resources: ['pods'], operations: ['CREATE'] }],
        failurePolicy: 'Fail',
        sideEffects: 'None',
        admissionReviewVersions: ['v1', 'v1beta1'],
      },
    ],
  });

  const injectorHealthz = await freePort(EVERY_ADDRESS);
  const injector = procs.start(
    'dapr-injector',
    bin('injector'),
    [
      `--kubeconfig=${kubeconfig}`,
      `--listen-address=${injectorIp}`,
      `--port=${injectorPort}`,
      '--healthz-listen-address=127.0.0.1',
      `--healthz-port=${injectorHealthz}`,
      '--enable-metrics=false',
      '--log-level=info',
      '--scheduler-enabled=true',
    ],
    {
      env: {
        ...asLocalProcess,
        NAMESPACE: ns,
        DAPR_TRUST_ANCHORS_FILE: trustAnchorsFile,
        DAPR_CONTROL_PLANE_TRUST_DOMAIN: CONTROL_PLANE_TRUST_DOMAIN,
        // The one deviation from the chart's values: sentry is on loopback, not behind its Service.
        DAPR_SENTRY_ADDRESS: `127.0.0.1:${sentryPort}`,
        DAPR_SENTRY_TOKEN_FILE: tokenFile,
        KUBE_CLUSTER_DOMAIN: 'cluster.local',
        SIDECAR_IMAGE: `ghcr.io/dapr/daprd:${DAPR_VERSION}`,
        SIDECAR_IMAGE_PULL_POLICY: 'IfNotPresent',
        SIDECAR_RUN_AS_NON_ROOT: 'true',
        SIDECAR_READ_ONLY_ROOT_FILESYSTEM: 'true',
        // docs/kubernetes.md installs Dapr with dapr_sidecar_injector.sidecarDropALLCapabilities=true.
        SIDECAR_DROP_ALL_CAPABILITIES: 'true',
        ENABLE_K8S_DOWNWARD_APIS: 'false',
        NATIVE_SIDECAR_ENABLED: 'false',
        ACTORS_ENABLED: 'true',
        ACTORS_SERVICE_NAME: 'placement',
        ACTORS_SERVICE_ADDRESS: 'dapr-placement-server:50005',
      },
      cwd: dir,
    },
  );
  // Ready once it holds a certificate from sentry and has patched the webhook's caBundle.
  await waitFor(
    'Dapr sidecar injector',
    async () => (await fetch(`http://127.0.0.1:${injectorHealthz}/healthz`)).status === 200,
    60_000,
    injector.logFile,
  );
  await waitFor(
    'the injector webhook caBundle',
    async () => {
      const hook = await kube.get<{ webhooks: { clientConfig: { caBundle?: string } }[] }>(
        '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/dapr-sidecar-injector',
      );
      return Boolean(hook.webhooks[0]?.clientConfig.caBundle);
    },
    30_000,
    injector.logFile,
  );
  return { injectorLog: injector.logFile, sentryLog: sentry.logFile };
}

function placeholderPod(name: string, serviceAccountName: string, controlPlane: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: DAPR_NAMESPACE,
      labels: { app: `dapr-${controlPlane}` },
      annotations: { 'dapr.io/control-plane': controlPlane },
    },
    spec: {
      serviceAccountName,
      containers: [{ name: controlPlane, image: `ghcr.io/dapr/${controlPlane}:${DAPR_VERSION}` }],
    },
  };
}
