// The production artifacts of scripts/build-artifacts.sh as stack commands: what the images run
// (Dockerfile.service: node service.mjs; Dockerfile.web: node server.mjs), started from the repository.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../local-config';

const SERVICES = ['task-service', 'notification-service', 'worker'] as const;

export const artifactOf = (appId: string) =>
  appId === 'web' ? '.next/standalone/server.mjs' : `dist/${appId}/service.mjs`;

/**
 * web's server (web-server.ts, the fast lane in front of Next) as run from the repository, serving
 * the `.next` of `next build`: what the test and benchmark stacks run in place of `next start`.
 */
export const WEB_SERVER = 'dist/web/server.mjs';

/**
 * Node flags of web's server, here and in Dockerfile.web's CMD and `npm start`: a young generation
 * of up to 32 MB per semi-space (V8's default is 16). With the default, web scavenged several times a
 * second under 50 req/s and promoted short-lived request objects, whose mark-compacts (up to 26 ms)
 * made the p99 of a BFF create (README: "What a BFF create's tail waits on").
 */
export const WEB_NODE_FLAGS = ['--max-semi-space-size=32'];

/** Per app-id, the command that runs its artifact (the images set NODE_ENV and source maps the same way). */
export const ARTIFACT_COMMANDS: Record<string, string[]> = {
  web: ['node', ...WEB_NODE_FLAGS, artifactOf('web')],
  ...Object.fromEntries(SERVICES.map((s) => [s, ['node', '--enable-source-maps', artifactOf(s)]])),
};

/** The environment the images set (Dockerfile.service, Dockerfile.web). */
export const ARTIFACT_ENV = { NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' };

/** Sources each artifact is built from; an artifact older than any of them is stale. */
const WEB_SOURCES = [
  'app',
  'components',
  'lib',
  'proxy.ts',
  'instrumentation.ts',
  'next.config.ts',
  'web-server.ts',
  'scripts/build-web-server.ts',
  'package-lock.json',
];
const SOURCES: Record<string, string[]> = {
  web: WEB_SOURCES,
  [WEB_SERVER]: WEB_SOURCES,
  ...Object.fromEntries(SERVICES.map((s) => [s, [`services/${s}/src`, 'lib', 'package-lock.json']])),
};

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target)) {
    if (!entry.endsWith('.test.ts')) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

/**
 * Throws, naming the command to run, when an artifact is missing or older than its sources.
 * Each entry is an app-id (its artifact) or WEB_SERVER.
 */
export function assertArtifactsFresh(appIds: string[] = Object.keys(ARTIFACT_COMMANDS)): void {
  const problems: string[] = [];
  for (const appId of appIds) {
    const artifact = appId === WEB_SERVER ? WEB_SERVER : artifactOf(appId);
    const file = path.join(ROOT, artifact);
    if (!existsSync(file)) {
      problems.push(`${artifact} is missing`);
      continue;
    }
    const built = statSync(file).mtimeMs;
    const changed = (SOURCES[appId] ?? []).find((s) => newestMtime(path.join(ROOT, s)) > built);
    if (changed) problems.push(`${artifact} is older than ${changed}`);
  }
  if (problems.length > 0)
    throw new Error(`production artifacts not built: ${problems.join('; ')}. Run: npm run build`);
}
