// Environment every service parses once at startup; bad configuration exits with the variable's name.
import { z } from 'zod';

export const ServiceEnvSchema = z.object({
  PORT: z.coerce.number().int().positive(),
  /**
   * Loopback unless told otherwise: on a developer machine only the app's own sidecar may reach it.
   * In Kubernetes the pod sets 0.0.0.0, so that the kubelet's probes reach it on the pod IP.
   */
  LISTEN_HOST: z.union([z.ipv4(), z.ipv6()], { message: 'LISTEN_HOST must be an IP address' }).default('127.0.0.1'),
  APP_API_TOKEN: z.string().min(16, 'APP_API_TOKEN must be set (the token this app requires from its sidecar)'),
  DAPR_HTTP_PORT: z.coerce.number().int().positive(),
  DAPR_API_TOKEN: z.string().min(16, 'DAPR_API_TOKEN must be set (the token this app sends to its sidecar)'),
});

export function parseEnv<T extends z.ZodType>(schema: T, source: NodeJS.ProcessEnv = process.env): z.infer<T> {
  const result = schema.safeParse(source);
  if (!result.success) {
    for (const issue of result.error.issues) {
      process.stderr.write(`invalid environment: ${issue.path.join('.')}: ${issue.message}\n`);
    }
    process.exit(1);
  }
  return result.data;
}
