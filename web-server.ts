// web's production server (Next.js's documented custom-server pattern): one node:http server whose
// listener serves the hot API routes itself (lib/web/fast-lane/routes.ts) and hands every other
// request to Next. Built by scripts/build-artifacts.sh into dist/web/server.mjs (run from the
// repository, where Next reads next.config.ts and .next) and .next/standalone/server.mjs (the
// image: Next's config comes from .next/required-server-files.json, as Next's own standalone
// server.js passes it). `npm run dev` keeps `next dev` (hot reload); the routes are the same code.
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { configureLog, log } from '@/lib/platform/log';
import { closeGracefully } from '@/lib/service-kit/shutdown';
import { webConfig } from '@/lib/web/env';
import { serveFastLane } from '@/lib/web/fast-lane/routes';
import { hub } from '@/lib/web/hub';

/** How long requests in flight get after SIGTERM before their connections are cut. */
const DRAIN_MS = 10_000;

/** The folder Next serves: the standalone folder this file was copied into, else the working directory. */
function appDir(): string {
  const here = __dirname;
  return existsSync(path.join(here, '.next', 'required-server-files.json')) ? here : process.cwd();
}

/** In the standalone folder there is no next.config.ts: Next's resolved config, as its own server.js passes it. */
function applyStandaloneConfig(dir: string): void {
  if (['ts', 'mjs', 'js'].some((ext) => existsSync(path.join(dir, `next.config.${ext}`)))) return;
  const file = path.join(dir, '.next', 'required-server-files.json');
  const { config } = JSON.parse(readFileSync(file, 'utf8')) as { config: unknown };
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG ??= JSON.stringify(config);
}

/** `--hostname <h>` (as `next start` takes it), else HOSTNAME (as Next's standalone server.js), else all interfaces. */
function hostnameOf(argv: string[]): string {
  const i = argv.indexOf('--hostname');
  return (i >= 0 ? argv[i + 1] : undefined) ?? process.env.HOSTNAME ?? '0.0.0.0';
}

async function main(): Promise<void> {
  // As Next's own standalone server.js: production before Next (and React through it) load.
  (process.env as Record<string, string>).NODE_ENV = 'production';
  const { default: next } = await import('next');
  const dir = appDir();
  process.chdir(dir);
  applyStandaloneConfig(dir);
  const hostname = hostnameOf(process.argv);
  const port = Number.parseInt(process.env.PORT ?? '', 10) || 3000;
  const app = next({ dev: false, dir, hostname, port });
  const handle = app.getRequestHandler();
  // Runs instrumentation.ts register() once: configuration (a bad value exits here), tracing, metrics.
  await app.prepare();
  // Throws if register() did not load it: the fast lane reads it on every request.
  configureLog(webConfig());
  // Created after prepare(): tracing patches node:http there.
  const server = http.createServer((req, res) => {
    if (!serveFastLane(req, res)) void handle(req, res);
  });
  const keepAliveTimeout = Number.parseInt(process.env.KEEP_ALIVE_TIMEOUT ?? '', 10);
  if (keepAliveTimeout > 0) server.keepAliveTimeout = keepAliveTimeout;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, resolve);
  });
  log.info({ hostname, port, dir }, 'web listening');

  let isStopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (isStopping) return;
    isStopping = true;
    log.info({ signal }, 'web stopping');
    // Open event streams never end by themselves: end them (clients reconnect elsewhere), then
    // let requests in flight finish.
    hub.closeAll();
    const { isDrained } = await closeGracefully(server, DRAIN_MS);
    await app.close().catch(() => {});
    log.info({ isDrained }, 'web stopped');
    // Spans still buffered (the SDK instrumentation.ts started, one per process).
    const { stopTracing } = await import('@/lib/platform/tracing-sdk');
    await stopTracing();
    process.exit(signal === 'SIGTERM' ? 143 : 130);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  log.error({ err: error }, 'web failed to start');
  process.exit(1);
});
