// Reads dapr/dapr.yaml and materializes the Dapr resources for one stack run, applying
// per-run metadata overrides (e.g. the SMTP port of a test's own receiver) and, in Kafka mode,
// swapping the two pub/sub components for their production (Kubernetes) definitions.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { ROOT } from '../local-config';

export type AppSpec = {
  appID: string;
  appPort: number;
  daprHTTPPort: number;
  daprGRPCPort: number;
  metricsPort: number;
  command: string[];
  env: Record<string, string>;
  appHealthCheckPath?: string;
};

type RunFile = {
  common: { resourcesPaths: string[]; configFilePath: string };
  apps: (Omit<AppSpec, 'env'> & { env?: Record<string, string> })[];
};

export const DAPR_DIR = path.join(ROOT, 'dapr');

export function readRunFile(): { apps: AppSpec[]; resourcesPaths: string[]; configFile: string } {
  const run = parseAllDocuments(readFileSync(path.join(DAPR_DIR, 'dapr.yaml'), 'utf8'))[0]?.toJS() as RunFile;
  return {
    apps: run.apps.map((a) => ({ ...a, env: a.env ?? {} })),
    resourcesPaths: run.common.resourcesPaths.map((p) => path.resolve(DAPR_DIR, p)),
    configFile: path.resolve(DAPR_DIR, run.common.configFilePath),
  };
}

/** component name -> metadata name -> value */
export type MetadataOverrides = Record<string, Record<string, string>>;

export type ResourceOptions = {
  /**
   * Kafka mode: `pubsub` and `pubsub-fanout` become the `pubsub.kafka` components of
   * k8s/base/dapr/components.yaml (same names, scopes and topic scoping; no auth, as in the base)
   * with `brokers` set to this list of host:port.
   */
  kafkaBrokers?: string;
};

type MetadataItem = { name: string; value?: string; secretKeyRef?: unknown };
// biome-ignore lint/suspicious/noExplicitAny: YAML documents are plain data checked where used
type Doc = any;

export const K8S_COMPONENTS_FILE = path.join(ROOT, 'k8s', 'base', 'dapr', 'components.yaml');
export const PUBSUB_COMPONENTS = ['pubsub', 'pubsub-fanout'] as const;

/**
 * The production definitions of the pub/sub components, pointed at `brokers` if given. Taken
 * from the Kubernetes file itself rather than a local copy, so Kafka mode runs what is deployed.
 */
export function kafkaPubsubComponents(brokers?: string): Map<string, Doc> {
  const docs = parseAllDocuments(readFileSync(K8S_COMPONENTS_FILE, 'utf8')).map((d) => d.toJS() as Doc);
  const found = new Map<string, Doc>();
  for (const name of PUBSUB_COMPONENTS) {
    const doc = docs.find((d) => d?.kind === 'Component' && d.metadata?.name === name);
    if (doc?.spec?.type !== 'pubsub.kafka')
      throw new Error(`${K8S_COMPONENTS_FILE} has no pubsub.kafka component named ${name}`);
    found.set(name, brokers ? withMetadata(doc, { brokers }) : doc);
  }
  return found;
}

function withMetadata(doc: Doc, patch: Record<string, string>): Doc {
  const metadata = structuredClone((doc.spec.metadata ?? []) as MetadataItem[]);
  for (const [name, value] of Object.entries(patch)) {
    const item = metadata.find((m) => m.name === name);
    if (item) item.value = value;
    else metadata.push({ name, value });
  }
  return { ...doc, spec: { ...doc.spec, metadata } };
}

export function materializeResources(
  runDir: string,
  overrides: MetadataOverrides = {},
  options: ResourceOptions = {},
): string {
  const out = path.join(runDir, 'resources');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const kafka = options.kafkaBrokers ? kafkaPubsubComponents(options.kafkaBrokers) : undefined;
  for (const source of readRunFile().resourcesPaths) {
    const files = statSync(source).isDirectory() ? readdirSync(source).map((f) => path.join(source, f)) : [source];
    for (const file of files.filter((f) => f.endsWith('.yaml'))) {
      const target = path.join(out, `${path.basename(path.dirname(file))}-${path.basename(file)}`);
      const docs = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as Doc);
      const changed = docs.map((doc) => {
        if (doc?.kind !== 'Component') return doc;
        const name: string = doc.metadata?.name;
        const base = kafka?.get(name) ?? doc;
        const patch = overrides[name];
        return patch ? withMetadata(base, patch) : base;
      });
      if (changed.some((d, i) => d !== docs[i])) writeFileSync(target, changed.map((d) => stringify(d)).join('---\n'));
      else cpSync(file, target);
    }
  }
  return out;
}

/**
 * The Configuration for one stack run: its own name-resolution database in the run folder and, with
 * `otlpEndpoint` (host:port), the sidecars' spans exported there over OTLP/HTTP.
 */
export function materializeConfig(runDir: string, configFile: string, options: { otlpEndpoint?: string } = {}): string {
  const [doc] = parseAllDocuments(readFileSync(configFile, 'utf8')).map((d) => d.toJS());
  const resolution = doc?.spec?.nameResolution;
  if (resolution?.configuration) resolution.configuration.connectionString = path.join(runDir, 'nameresolution.db');
  if (options.otlpEndpoint && doc?.spec) {
    doc.spec.tracing = {
      ...doc.spec.tracing,
      otel: { endpointAddress: options.otlpEndpoint, isSecure: false, protocol: 'http' },
    };
  }
  const out = path.join(runDir, 'config.yaml');
  writeFileSync(out, stringify(doc));
  return out;
}
