// The objects to apply: k8s/ rendered by the pinned kustomize, and Dapr's CRDs from its chart.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { bin, DAPR_CRDS, K8S_DIR } from './config';
import type { KubeObject } from './kube';

function parseObjects(text: string, source: string): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) throw new Error(`${source}: ${doc.errors[0]?.message}`);
    const value = doc.toJS() as KubeObject | null;
    if (value) objects.push(value);
  }
  return objects;
}

/** `kustomize build k8s/<dir>`, in the order kustomize emits (the overlays' sortOptions). */
export function render(dir: string): KubeObject[] {
  const text = execFileSync(bin('kustomize'), ['build', path.join(K8S_DIR, dir)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return parseObjects(text, `k8s/${dir}`);
}

/**
 * Dapr's CRDs as the chart ships them. The Subscription CRD's conversion webhook names namespace
 * `replaceme`, which the Dapr operator patches at start; set here to the control-plane namespace.
 */
export function daprCrds(controlPlaneNamespace: string): KubeObject[] {
  const crds: KubeObject[] = [];
  for (const file of readdirSync(DAPR_CRDS)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    for (const crd of parseObjects(readFileSync(path.join(DAPR_CRDS, file), 'utf8'), file)) {
      const service = (
        crd.spec as { conversion?: { webhook?: { clientConfig?: { service?: { namespace?: string } } } } }
      )?.conversion?.webhook?.clientConfig?.service;
      if (service?.namespace === 'replaceme') service.namespace = controlPlaneNamespace;
      crds.push(crd);
    }
  }
  return crds;
}
