// End-to-end tests: one real stack (scheduler + 4 apps with daprd sidecars) for the whole run,
// browser specs in Debian's Chromium and API-level specs against web's public HTTP API.
import { defineConfig, devices } from '@playwright/test';

/** web's port in dapr.yaml (3000) plus the e2e stack's port offset (see e2e/global-setup.ts). */
const E2E_PORT_OFFSET = 2000;
const baseURL = `http://127.0.0.1:${3000 + E2E_PORT_OFFSET}`;

export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  forbidOnly: !!process.env.CI,
  // No retries: a test that passes only on a second try is a bug in the product or the harness.
  retries: 0,
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { open: 'never' }]],
  use: {
    ...devices['Desktop Chrome'],
    baseURL,
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
