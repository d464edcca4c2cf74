// The configuration of each service, composed from the platform's parts and parsed once by
// runService at start-up; a bad value exits with code 1 naming the variable.
import { z } from 'zod';
import { AppTokenConfig, HttpPortConfig, logConfig, SidecarConfig } from '../platform/config';

const serviceConfigSchema = (appId: string) =>
  z.object({ ...HttpPortConfig.shape, ...AppTokenConfig.shape, ...SidecarConfig.shape, ...logConfig(appId).shape });

/** One schema per service; today they need the same parts. */
export const SERVICE_CONFIG_SCHEMAS = {
  'task-service': serviceConfigSchema('task-service'),
  'notification-service': serviceConfigSchema('notification-service'),
  worker: serviceConfigSchema('worker'),
} as const;

export type ServiceName = keyof typeof SERVICE_CONFIG_SCHEMAS;
export type ServiceConfig = z.infer<(typeof SERVICE_CONFIG_SCHEMAS)[ServiceName]>;
