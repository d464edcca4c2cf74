import 'server-only';
import { z } from 'zod';

const WebEnvSchema = z.object({
  APP_API_TOKEN: z.string().min(16, 'APP_API_TOKEN must be set (the token web requires from its sidecar)'),
});

let env: z.infer<typeof WebEnvSchema> | undefined;

/** Parsed on first use, not at import: `next build` runs without the runtime environment. */
export function webEnv() {
  if (!env) {
    const result = WebEnvSchema.safeParse(process.env);
    if (!result.success)
      throw new Error(
        `invalid environment: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    env = result.data;
  }
  return env;
}
