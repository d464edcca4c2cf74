// web's configuration, composed from the platform's parts and parsed once when the server starts
// (instrumentation.ts register(); never during `next build`, which runs without the runtime
// environment). No 'server-only' here: the instrumentation hook imports this module.
import { z } from 'zod';
import {
  AppTokenConfig,
  loadServerConfig,
  logConfig,
  MetricsConfig,
  SidecarConfig,
  serverConfigOf,
  TracingConfig,
  TrustedProxyConfig,
  wholeNumber,
} from '../platform/config';

/** Live-update streams one process holds: per user and in total (429 beyond either). */
export const StreamLimitsConfig = z.object({
  SSE_MAX_STREAMS_PER_USER: wholeNumber('live-update streams one user may hold on this process', 1, 1_000).default(10),
  SSE_MAX_STREAMS: wholeNumber('live-update streams this process holds in total', 1, 10_000_000).default(10_000),
});

export const WebConfigSchema = z.object({
  ...SidecarConfig.shape,
  ...AppTokenConfig.shape,
  ...logConfig('web').shape,
  ...TrustedProxyConfig.shape,
  ...TracingConfig.shape,
  ...MetricsConfig.shape,
  ...StreamLimitsConfig.shape,
  /** 1: chat turns report their parts in a Server-Timing header (the chat benchmark reads it). */
  SERVER_TIMING: z.enum(['0', '1'], { error: 'must be 0 or 1 (Server-Timing on chat turns)' }).default('0'),
});
export type WebConfig = z.infer<typeof WebConfigSchema>;

/** Parses web's configuration; a bad value stops the server (exit code 1) naming the variable. */
export const loadWebConfig = (): WebConfig => loadServerConfig('web', WebConfigSchema);

/** web's configuration as loaded at start. */
export const webConfig = (): WebConfig => serverConfigOf<WebConfig>('web');
