// Starts the whole stack under the real Dapr runtime: the scheduler, then each app of
// dapr/dapr.yaml with its own daprd sidecar. Used by `npm run dev`, the tests and the benchmarks.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { DAPR_BIN, databaseSecrets, LOCAL_DIR, ROOT, SECRETS_FILE, TOKENS_FILE, type Tokens } from '../local-config';
import { migrateAll } from '../migrate';
import { assertJaegerInstalled, JAEGER_BIN, writeJaegerConfig } from './jaeger';
import { ProcessGroup } from './processes';
import {
  type AppSpec,
  type MetadataOverrides,
  materializeConfig,
  materializeResources,
  readRunFile,
} from './resources';

export type StackOptions = {
  /** Run folder name under .dapr-local/run (logs, scheduler data, resources). */
  name: string;
  /** Added to every port of dapr.yaml and the scheduler, so a test stack can run beside `npm run dev`. */
  portOffset?: number;
  /** Replaces an app's command (e.g. `next start` instead of `next dev` in tests). */
  commands?: Record<string, string[]>;
  /** Extra instances of an app (e.g. a second `web` with its own sidecar and POD_NAME). */
  replicas?: Record<string, number>;
  metadata?: MetadataOverrides;
  /** Kafka mode: both pub/sub components become the deployed `pubsub.kafka` ones, on these brokers. */
  kafka?: { brokers: string };
  env?: Record<string, string>;
  echo?: (name: string, line: string) => void;
  /** Databases of this stack's own (created and migrated at start) instead of the shared dev ones. */
  hasOwnDatabases?: boolean;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Aborting stops the start-up from spawning anything more. */
  abort?: AbortSignal;
  /**
   * Start Jaeger first (ports BASE_PORTS.jaeger* + offset) and send it every span: the sidecars through
   * the Configuration's OTLP exporter, the Node processes through OTEL_EXPORTER_OTLP_ENDPOINT.
   */
  tracing?: boolean;
  /** More Dapr resource files for this run only (file name -> YAML), e.g. a test's `llm` component. */
  extraResources?: Record<string, string>;
  /** Every daprd with `--enable-profiling`: Go's pprof endpoints on its `profilePort` (benchmarks). */
  daprdProfiling?: boolean;
};

export type RunningApp = AppSpec & {
  instance: string;
  tokens: Tokens[string];
  sidecarUrl: string;
  appUrl: string;
  /** daprd's pprof port (`/debug/pprof/...`), with `daprdProfiling` only. */
  profilePort?: number;
};

export type Stack = {
  apps: RunningApp[];
  app(appId: string, replica?: number): RunningApp;
  schedulerPort: number;
  runDir: string;
  secretsFile: string;
  stopScheduler(): Promise<void>;
  startScheduler(): Promise<void>;
  stopApp(instance: string): Promise<void>;
  /** Fault injection: kill one process (`scheduler`, an instance, `<instance>-daprd`) and start it again at once. */
  restartProcess(name: string, signal?: NodeJS.Signals): Promise<void>;
  /** Names of the processes that have exited on their own (not stopped by the stack). */
  exitedProcesses(): string[];
  stop(): Promise<void>;
  /** Jaeger's query API and UI, when started with `tracing`. */
  jaegerUrl?: string;
};

// All below 32768: ports in Linux's ephemeral range (32768-60999) can be taken by outgoing connections.
export const BASE_PORTS = {
  scheduler: 3700,
  schedulerHealthz: 8180,
  schedulerMetrics: 9290,
  etcdClient: 2479,
  etcdPeer: 2480,
  // Jaeger's own defaults for its UI/query API and OTLP/HTTP receiver; the query gRPC port one below.
  jaegerQuery: 16686,
  jaegerQueryGrpc: 16685,
  jaegerOtlpHttp: 4318,
};

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, logFile?: string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  const tail = logFile
    ? `\n--- last lines of ${logFile}:\n${readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n')}`
    : '';
  throw new Error(`${what} not ready after ${timeoutMs} ms${tail}`);
}

/** Fails fast, and says why, when a port of the stack is taken (another stack, a stray process). */
async function assertPortFree(port: number, what: string): Promise<void> {
  const isTaken = await new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
  if (isTaken)
    throw new Error(`port ${port} (${what}) is in use: stop the process holding it (e.g. another npm run dev)`);
}

const ok =
  (url: string, headers: Record<string, string> = {}) =>
  async () =>
    (await fetch(url, { headers, signal: AbortSignal.timeout(2000) })).status < 300;

/** Creates this stack's databases and a secrets file pointing at them. */
async function prepareOwnDatabases(name: string, runDir: string): Promise<string> {
  const suffix = `_${name.replace(/[^a-z0-9]/gi, '_').toLowerCase()}`;
  await migrateAll(suffix, { isFresh: true });
  const secrets = JSON.parse(readFileSync(SECRETS_FILE, 'utf8')) as Record<string, string>;
  Object.assign(secrets, databaseSecrets(suffix));
  mkdirSync(runDir, { recursive: true });
  const file = path.join(runDir, 'secrets.json');
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return file;
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const offset = options.portOffset ?? 0;
  const runDir = path.join(LOCAL_DIR, 'run', options.name);
  const group = new ProcessGroup(runDir, options.echo, options.abort);
  group.killLeftovers();
  const tokens = JSON.parse(readFileSync(TOKENS_FILE, 'utf8')) as Tokens;
  const { apps, configFile: baseConfig } = readRunFile();
  const secretsFile = options.hasOwnDatabases ? await prepareOwnDatabases(options.name, runDir) : SECRETS_FILE;
  const p = Object.fromEntries(Object.entries(BASE_PORTS).map(([k, v]) => [k, v + offset])) as typeof BASE_PORTS;
  const otlpEndpoint = options.tracing ? `127.0.0.1:${p.jaegerOtlpHttp}` : undefined;
  const configFile = materializeConfig(runDir, baseConfig, { otlpEndpoint });
  const resources = materializeResources(
    runDir,
    { ...options.metadata, secretstore: { secretsFile, ...options.metadata?.secretstore } },
    { kafkaBrokers: options.kafka?.brokers },
  );
  for (const [file, yaml] of Object.entries(options.extraResources ?? {}))
    writeFileSync(path.join(resources, path.basename(file)), yaml);
  const logLevel = options.logLevel ?? 'warn';

  const startScheduler = async () => {
    await assertPortFree(p.scheduler, 'scheduler');
    const proc = group.start(
      'scheduler',
      path.join(DAPR_BIN, 'scheduler'),
      [
        '--id=scheduler0',
        // Every port on loopback: gRPC, healthz, metrics, etcd client (peer: the initial-cluster URL).
        '--listen-address=127.0.0.1',
        '--healthz-listen-address=127.0.0.1',
        '--metrics-listen-address=127.0.0.1',
        '--etcd-client-listen-address=127.0.0.1',
        `--port=${p.scheduler}`,
        `--healthz-port=${p.schedulerHealthz}`,
        `--metrics-port=${p.schedulerMetrics}`,
        `--etcd-data-dir=${path.join(runDir, 'scheduler-data')}`,
        `--etcd-client-port=${p.etcdClient}`,
        `--etcd-initial-cluster=scheduler0=http://127.0.0.1:${p.etcdPeer}`,
        `--log-level=${logLevel}`,
      ],
      { env: {}, cwd: runDir },
    );
    await waitFor('scheduler', ok(`http://127.0.0.1:${p.schedulerHealthz}/healthz`), 60_000, proc.logFile);
  };
  let jaegerUrl: string | undefined;
  if (options.tracing) {
    assertJaegerInstalled();
    for (const [port, what] of [
      [p.jaegerQuery, 'Jaeger query/UI'],
      [p.jaegerQueryGrpc, 'Jaeger query gRPC'],
      [p.jaegerOtlpHttp, 'Jaeger OTLP/HTTP'],
    ] as const)
      await assertPortFree(port, what);
    const jaegerConfig = writeJaegerConfig(runDir, {
      query: p.jaegerQuery,
      queryGrpc: p.jaegerQueryGrpc,
      otlpHttp: p.jaegerOtlpHttp,
    });
    const proc = group.start('jaeger', JAEGER_BIN, [`--config=${jaegerConfig}`], { env: {}, cwd: runDir });
    jaegerUrl = `http://127.0.0.1:${p.jaegerQuery}`;
    await waitFor('jaeger', ok(`${jaegerUrl}/api/services`), 60_000, proc.logFile);
  }

  await startScheduler();

  const running: RunningApp[] = [];
  for (const spec of apps) {
    const count = 1 + (options.replicas?.[spec.appID] ?? 0);
    const appTokens = tokens[spec.appID];
    if (!appTokens) throw new Error(`no tokens for ${spec.appID} in ${TOKENS_FILE}; run npm run setup`);
    for (let i = 0; i < count; i++) {
      // Replicas after the first get every port shifted by 10 * i (no clash with other apps or the scheduler).
      const shift = offset + i * 10;
      const instance = i === 0 ? spec.appID : `${spec.appID}-${i}`;
      const app: RunningApp = {
        ...spec,
        appPort: spec.appPort + shift,
        daprHTTPPort: spec.daprHTTPPort + shift,
        daprGRPCPort: spec.daprGRPCPort + shift,
        metricsPort: spec.metricsPort + shift,
        command: options.commands?.[spec.appID] ?? spec.command,
        env: {
          ...spec.env,
          ...(spec.env.POD_NAME ? { POD_NAME: `${options.name}-${instance}` } : {}),
          ...(spec.env.METRICS_PORT ? { METRICS_PORT: String(Number(spec.env.METRICS_PORT) + shift) } : {}),
        },
        instance,
        tokens: appTokens,
        sidecarUrl: `http://127.0.0.1:${spec.daprHTTPPort + shift}`,
        appUrl: `http://127.0.0.1:${spec.appPort + shift}`,
      };
      const shared = {
        APP_ID: spec.appID,
        APP_API_TOKEN: appTokens.appApiToken,
        DAPR_API_TOKEN: appTokens.daprApiToken,
        ...app.env,
      };
      const tracingEnv: Record<string, string> = otlpEndpoint
        ? { OTEL_EXPORTER_OTLP_ENDPOINT: `http://${otlpEndpoint}` }
        : {};
      // daprd's default internal gRPC port is derived from the app id, so two replicas of one app
      // started together can pick the same port; the loser re-registers over the winner in name
      // resolution, which then exits with "Host registration lost". Each instance gets its own.
      const internalGRPCPort = spec.daprGRPCPort + 200 + shift;
      const profilePort = options.daprdProfiling ? spec.daprGRPCPort + 300 + shift : undefined;
      if (profilePort) {
        app.profilePort = profilePort;
        await assertPortFree(profilePort, `${instance} sidecar profiling`);
      }
      await assertPortFree(app.appPort, `${instance} app`);
      await assertPortFree(app.daprHTTPPort, `${instance} sidecar`);
      await assertPortFree(internalGRPCPort, `${instance} sidecar internal gRPC`);
      const [cmd = 'npx', ...args] = app.command;
      group.start(instance, cmd, args, {
        cwd: ROOT,
        env: {
          ...shared,
          ...tracingEnv,
          ...options.env,
          PORT: String(app.appPort),
          DAPR_HTTP_PORT: String(app.daprHTTPPort),
          DAPR_GRPC_PORT: String(app.daprGRPCPort),
          ...(spec.appID === 'web' ? { AUTH_TRUST_HOST: 'true', HOSTNAME: '127.0.0.1' } : {}),
        },
      });
      group.start(
        `${instance}-daprd`,
        path.join(DAPR_BIN, 'daprd'),
        [
          `--app-id=${spec.appID}`,
          `--app-port=${app.appPort}`,
          '--app-protocol=http',
          `--dapr-http-port=${app.daprHTTPPort}`,
          `--dapr-grpc-port=${app.daprGRPCPort}`,
          `--dapr-internal-grpc-port=${internalGRPCPort}`,
          `--metrics-port=${app.metricsPort}`,
          `--resources-path=${resources}`,
          `--config=${configFile}`,
          `--scheduler-host-address=127.0.0.1:${p.scheduler}`,
          '--placement-host-address=',
          `--log-level=${logLevel}`,
          // Loopback only: the API ports, the internal gRPC port other sidecars call, metrics.
          '--dapr-listen-addresses=127.0.0.1',
          '--dapr-internal-grpc-listen-address=127.0.0.1',
          '--metrics-listen-address=127.0.0.1',
          ...(profilePort ? ['--enable-profiling', `--profile-port=${profilePort}`] : []),
        ],
        // The address daprd registers in name resolution must be the one it listens on.
        { cwd: ROOT, env: { ...shared, DAPR_HOST_IP: '127.0.0.1' } },
      );
      running.push(app);
    }
  }

  const stack: Stack = {
    apps: running,
    app(appId, replica = 0) {
      const found = running.filter((a) => a.appID === appId)[replica];
      if (!found) throw new Error(`no running ${appId} #${replica}`);
      return found;
    },
    schedulerPort: p.scheduler,
    runDir,
    secretsFile,
    stopScheduler: () => group.stop('scheduler'),
    startScheduler,
    stopApp: async (instance) => {
      await group.stop(instance);
      await group.stop(`${instance}-daprd`);
    },
    restartProcess: async (name, signal = 'SIGKILL') => {
      await group.restart(name, signal);
    },
    exitedProcesses: () =>
      group.procs.filter((p) => p.child.exitCode !== null || p.child.signalCode !== null).map((p) => p.name),
    stop: () => group.stop(),
    ...(jaegerUrl ? { jaegerUrl } : {}),
  };
  try {
    await Promise.all(
      running.map((app) =>
        waitFor(
          `${app.instance} sidecar`,
          ok(`${app.sidecarUrl}/v1.0/healthz`, { 'dapr-api-token': app.tokens.daprApiToken }),
          180_000,
          path.join(runDir, 'logs', `${app.instance}-daprd.log`),
        ),
      ),
    );
  } catch (error) {
    await stack.stop();
    throw error;
  }
  return stack;
}
