// The services as production runs them: one esbuild bundle each, with the flags of Dockerfile.service,
// run by plain `node` (so a restart costs what it costs in a pod, not tsx's start-up).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

export const SERVICES = ['task-service', 'notification-service', 'worker'] as const;

const BANNER =
  "import { createRequire as __cr } from 'node:module'; import { fileURLToPath as __fu } from 'node:url'; import { dirname as __dn } from 'node:path'; const require = __cr(import.meta.url); const __filename = __fu(import.meta.url); const __dirname = __dn(__filename);";

/** Bundles each service into `outDir/<service>.mjs`; returns the command to run each. */
export async function bundleServices(
  root: string,
  outDir: string,
): Promise<Record<(typeof SERVICES)[number], string[]>> {
  mkdirSync(outDir, { recursive: true });
  const commands = {} as Record<(typeof SERVICES)[number], string[]>;
  for (const service of SERVICES) {
    const outfile = path.join(outDir, `${service}.mjs`);
    await build({
      absWorkingDir: root,
      entryPoints: [path.join(root, 'services', service, 'src', 'main.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: `node${process.versions.node.split('.')[0]}`,
      sourcemap: true,
      legalComments: 'none',
      banner: { js: BANNER },
      outfile,
      logLevel: 'warning',
    });
    commands[service] = ['node', '--enable-source-maps', outfile];
  }
  return commands;
}
