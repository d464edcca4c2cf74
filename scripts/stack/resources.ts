// Reads dapr/dapr.yaml and materializes the Dapr resources for one stack run, applying
// per-run metadata overrides (e.g. the SMTP port of a test's own receiver).
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

export function materializeResources(runDir: string, overrides: MetadataOverrides = {}): string {
  const out = path.join(runDir, 'resources');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const source of readRunFile().resourcesPaths) {
    const files = statSync(source).isDirectory() ? readdirSync(source).map((f) => path.join(source, f)) : [source];
    for (const file of files.filter((f) => f.endsWith('.yaml'))) {
      const target = path.join(out, `${path.basename(path.dirname(file))}-${path.basename(file)}`);
      const docs = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS());
      const changed = docs.map((doc) => {
        const patch = doc?.kind === 'Component' ? overrides[doc.metadata?.name] : undefined;
        if (!patch) return doc;
        const metadata = (doc.spec.metadata ?? []) as { name: string; value?: string }[];
        for (const [name, value] of Object.entries(patch)) {
          const item = metadata.find((m) => m.name === name);
          if (item) item.value = value;
          else metadata.push({ name, value });
        }
        return { ...doc, spec: { ...doc.spec, metadata } };
      });
      if (changed.some((d, i) => d !== docs[i])) writeFileSync(target, changed.map((d) => stringify(d)).join('---\n'));
      else cpSync(file, target);
    }
  }
  return out;
}

/** The Configuration for one stack run: its own name-resolution database in the run folder. */
export function materializeConfig(runDir: string, configFile: string): string {
  const [doc] = parseAllDocuments(readFileSync(configFile, 'utf8')).map((d) => d.toJS());
  const resolution = doc?.spec?.nameResolution;
  if (resolution?.configuration) resolution.configuration.connectionString = path.join(runDir, 'nameresolution.db');
  const out = path.join(runDir, 'config.yaml');
  writeFileSync(out, stringify(doc));
  return out;
}
