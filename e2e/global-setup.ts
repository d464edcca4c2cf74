// Starts the one real stack the e2e run uses and returns its teardown (Playwright calls it last).
import type { FullConfig } from '@playwright/test';
import { startTestStack } from '../tests/support/stack';

export default async function globalSetup(config: FullConfig): Promise<() => Promise<void>> {
  // A Redis of its own: pub/sub consumer groups are per app-id, so on a shared Redis another stack's
  // worker (tests, benchmarks, `npm run dev`) could take this stack's events.
  const stack = await startTestStack({
    name: 'e2e',
    portOffset: 2000,
    ownRedisPort: 8379,
    // `npm run fuzz` creates thousands of tasks for one user within minutes; the per-user limits are
    // tested by tests/integration/limits.test.ts with limits of its own.
    env: { TASK_LIMIT_CREATES_PER_MINUTE: '100000', TASK_LIMIT_OPEN_TASKS: '100000' },
  });
  const baseURL = config.projects[0]?.use.baseURL;
  if (baseURL !== stack.webUrl()) {
    await stack.stop();
    throw new Error(`playwright.config.ts baseURL ${baseURL} is not the e2e stack's web URL ${stack.webUrl()}`);
  }
  try {
    await waitUntilReady(`${stack.webUrl()}/api/ready`);
  } catch (error) {
    await stack.stop();
    throw error;
  }
  // The fuzz spec calls the services through web's sidecar, as web does.
  const web = stack.app('web');
  process.env.E2E_WEB_SIDECAR_URL = web.sidecarUrl;
  process.env.E2E_WEB_DAPR_API_TOKEN = web.tokens.daprApiToken;
  return () => stack.stop();
}

/** The sidecars are healthy once startTestStack returns; wait until web can also reach the services. */
async function waitUntilReady(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (res.status === 200) return;
      last = `${res.status} ${await res.text()}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms: ${last}`);
}
