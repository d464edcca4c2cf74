// Bundles web's server (web-server.ts: Next's custom server with the fast lane) with esbuild into
// one CommonJS file, like the services' bundles. CommonJS so that the packages left outside resolve
// the way Next's own server chunks require them (the standalone folder traces only those files).
// Usage: tsx scripts/build-web-server.ts <outfile> [<node target>]
import { createRequire } from 'node:module';
import { build, type Plugin } from 'esbuild';
import nextConfig from '../next.config';

const require = createRequire(import.meta.url);
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
    // The fast lane takes only NextRequest from next/server: that class, bundled, rather than the
    // whole entry (and its Next internals) at run time.
    b.onResolve({ filter: /^next\/server$/ }, () => ({
      path: require.resolve('next/dist/server/web/spec-extension/request.js'),
    }));
    // What that class requires from Next's files is bundled too: the standalone folder holds only
    // the files of `next` that Next's own server loads.
    b.onResolve({ filter: /^next\/dist\// }, (args) => ({ path: require.resolve(args.path) }));
  },
};

await build({
  entryPoints: ['web-server.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target,
  outfile,
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
  // As Next's own standalone server.js: production before Next (and React through it) load.
  banner: { js: "process.env.NODE_ENV = 'production';" },
  // Next itself, and the packages next.config.ts keeps out of Next's bundles (one prom-client
  // registry per process, the OpenTelemetry SDK patching modules, native and SDK packages): the
  // same installed copies Next's chunks load.
  external: ['next', ...(nextConfig.serverExternalPackages ?? [])],
  plugins: [plugin],
});
