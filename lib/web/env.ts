// web's configuration, composed from the platform's parts and parsed once when the server starts
// (instrumentation.ts register(); never during `next build`, which runs without the runtime
// environment). No 'server-only' here: the instrumentation hook imports this module.
import { z } from 'zod';
import {
  AppTokenConfig,
  loadServerConfig,
  logConfig,
  SidecarConfig,
  serverConfigOf,
  TrustedProxyConfig,
} from '../platform/config';

export const WebConfigSchema = z.object({
  ...SidecarConfig.shape,
  ...AppTokenConfig.shape,
  ...logConfig('web').shape,
  ...TrustedProxyConfig.shape,
});
export type WebConfig = z.infer<typeof WebConfigSchema>;

/** Parses web's configuration; a bad value stops the server (exit code 1) naming the variable. */
export const loadWebConfig = (): WebConfig => loadServerConfig('web', WebConfigSchema);

/** web's configuration as loaded at start. */
export const webConfig = (): WebConfig => serverConfigOf<WebConfig>('web');
