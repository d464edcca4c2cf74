// The configuration of each service, composed from the platform's parts and parsed once by
// runService at start-up; a bad value exits with code 1 naming the variable.
import { z } from 'zod';
import {
  AppTokenConfig,
  HttpPortConfig,
  logConfig,
  MetricsConfig,
  SidecarConfig,
  TracingConfig,
} from '../platform/config';

/**
 * Loopback unless told otherwise: on a developer machine only the app's own sidecar may reach it.
 * In Kubernetes the pod sets 0.0.0.0, so that the kubelet's probes reach it on the pod IP.
 */
const ListenHostConfig = z.object({
  LISTEN_HOST: z.union([z.ipv4(), z.ipv6()], { message: 'LISTEN_HOST must be an IP address' }).default('127.0.0.1'),
});

const serviceConfigSchema = (appId: string) =>
  z.object({
    ...HttpPortConfig.shape,
    ...ListenHostConfig.shape,
    ...AppTokenConfig.shape,
    ...SidecarConfig.shape,
    ...logConfig(appId).shape,
    ...TracingConfig.shape,
    ...MetricsConfig.shape,
  });

/** One schema per service; today they need the same parts. */
export const SERVICE_CONFIG_SCHEMAS = {
  'task-service': serviceConfigSchema('task-service'),
  'notification-service': serviceConfigSchema('notification-service'),
  worker: serviceConfigSchema('worker'),
} as const;

export type ServiceName = keyof typeof SERVICE_CONFIG_SCHEMAS;
export type ServiceConfig = z.infer<(typeof SERVICE_CONFIG_SCHEMAS)[ServiceName]>;
