// Where `npm run k8s:verify` finds its binaries and inputs, and where it keeps its data.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { DAPR_BIN, LOCAL_DIR, ROOT } from '../local-config';

export const DAPR_VERSION = '1.18.2';
const DAPR_HOME = path.dirname(DAPR_BIN);
/** Built by scripts/install-k8s.sh. */
export const K8S_BIN = path.join(DAPR_HOME, 'k8s-bin');
/** Dapr's CRDs, from the chart inside the pinned dapr module (downloaded by scripts/install-dapr.sh). */
export const DAPR_CRDS = path.join(DAPR_HOME, 'src', `dapr-${DAPR_VERSION}`, 'charts', 'dapr', 'crds');
/** The data folder of a run: certificates, etcd, logs. Emptied at the start of each run. */
export const DATA_DIR = path.join(LOCAL_DIR, 'k8s');
export const K8S_DIR = path.join(ROOT, 'k8s');

/** Every kustomization a cluster gets: the two overlays and the migration Job of each. */
export const KUSTOMIZATIONS = ['overlays/dev', 'overlays/prod', 'overlays/dev/migrate', 'overlays/prod/migrate'];
/** Applied for real after the dry runs: the stack, then its migration Job. */
export const REAL_APPLY = ['overlays/dev', 'overlays/dev/migrate'];

export const bin = (name: string) => path.join(K8S_BIN, name);

/** Says what is missing and how to build it, or nothing when the install is complete. */
export function missingBinaries(): string | undefined {
  if (!existsSync(path.join(DAPR_BIN, 'daprd'))) return `no daprd in ${DAPR_BIN}; run \`bash scripts/install-dapr.sh\``;
  if (!existsSync(DAPR_CRDS)) return `no Dapr CRDs in ${DAPR_CRDS}; run \`bash scripts/install-dapr.sh\``;
  const names = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kustomize', 'injector', 'sentry'];
  const missing = names.filter((n) => !existsSync(bin(n)));
  const hasStamp = existsSync(K8S_BIN) && readdirSync(K8S_BIN).some((f) => f.startsWith('.k8s-'));
  if (missing.length === 0 && hasStamp) return undefined;
  const what = missing.length ? `missing in ${K8S_BIN}: ${missing.join(', ')}` : `no install stamp in ${K8S_BIN}`;
  return `${what}; run \`bash scripts/install-k8s.sh\` (or \`npm run setup -- --test\`)`;
}
