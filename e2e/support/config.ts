// The e2e run's settings, parsed once per Playwright process: fuzz runs and seed (`npm run fuzz`),
// and web's sidecar, which e2e/global-setup.ts hands to the workers through their environment.
import { z } from 'zod';
import { parseConfig, wholeNumber } from '../../lib/platform/config';

const E2eConfigSchema = z.object({
  FUZZ_RUNS: wholeNumber('runs per fuzz property', 1, 1_000_000).default(30),
  FUZZ_SEED: wholeNumber('the fuzz seed to replay', 0, Number.MAX_SAFE_INTEGER).default(20261123),
  E2E_WEB_SIDECAR_URL: z.url().optional(),
  E2E_WEB_DAPR_API_TOKEN: z.string().optional(),
});

export const E2E_CONFIG = parseConfig(E2eConfigSchema);
