// Bundles web's server (web-server.ts: Next's custom server with the fast lane) with esbuild into
// one ES module, like the services' bundles. ESM so that the packages left outside resolve the way
// Next's own server chunks import them: the standalone folder holds only the files Next traced
// (e.g. only the ESM entry of `postgres`).
// Usage: tsx scripts/build-web-server.ts <outfile> [<node target>]
import { build, type Plugin } from 'esbuild';
import nextConfig from '../next.config';

const [outfile, target = 'node20'] = process.argv.slice(2);
if (!outfile) {
  console.error('usage: tsx scripts/build-web-server.ts <outfile> [<node target>]');
  process.exit(2);
}

const plugin: Plugin = {
  name: 'web-server',
  setup(b) {
    // The marker that keeps server modules out of client bundles; everything here is server code.
    b.onResolve({ filter: /^server-only$/ }, () => ({ path: 'server-only', namespace: 'empty' }));
    b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: '', loader: 'js' }));
  },
};

await build({
  entryPoints: ['web-server.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target,
  outfile,
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
  // CommonJS dependencies inside an ESM bundle need require/__filename/__dirname (as build-artifacts.sh's services).
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; import { fileURLToPath as __fu } from 'node:url'; import { dirname as __dn } from 'node:path'; const require = __cr(import.meta.url); const __filename = __fu(import.meta.url); const __dirname = __dn(__filename);",
  },
  // Next itself, and the packages next.config.ts keeps out of Next's bundles (one prom-client
  // registry per process, the OpenTelemetry SDK patching modules, native and SDK packages): the
  // same installed copies Next's chunks load.
  external: ['next', ...(nextConfig.serverExternalPackages ?? [])],
  plugins: [plugin],
});
