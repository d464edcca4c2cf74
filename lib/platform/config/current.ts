// The configuration of this server process, parsed once at its start (a service's runService, web's
// instrumentation.ts) and read from here afterwards. It is kept on globalThis because Next.js loads
// instrumentation and route handlers as separate module instances of the same process.
import type { z } from 'zod';
import { type Environment, parseConfigOrExit } from './parse';
import type { LogConfig, SidecarConfig } from './parts';

/** What every server process's configuration contains (its schema composes these parts). */
export type ServerConfig = SidecarConfig & LogConfig;

type Loaded = { name: string; config: ServerConfig };
const SLOT = Symbol.for('todo.server-config');
const slot = globalThis as typeof globalThis & { [SLOT]?: Loaded };

/**
 * Parses and keeps this process's configuration; a bad value stops the process (exit code 1)
 * naming the variable. `name` is the process (web, task-service, ...) the schema belongs to.
 */
export function loadServerConfig<S extends z.ZodType<ServerConfig>>(
  name: string,
  schema: S,
  source?: Environment,
): z.infer<S> {
  const config = parseConfigOrExit(schema, source);
  slot[SLOT] = { name, config };
  return config;
}

/** The configuration loaded at start, or undefined in a process that loads none (unit tests, scripts). */
export function loadedServerConfig(): ServerConfig | undefined {
  return slot[SLOT]?.config;
}

/** The configuration of the named process; throws when another process's (or none) was loaded. */
export function serverConfigOf<T extends ServerConfig>(name: string): T {
  const loaded = slot[SLOT];
  if (!loaded) throw new Error(`no configuration loaded; ${name} loads it at start`);
  if (loaded.name !== name) throw new Error(`this process loaded the configuration of ${loaded.name}, not ${name}`);
  return loaded.config as T;
}

/** The configuration every server process has (sidecar, logs). */
export function serverConfig(): ServerConfig {
  const loaded = slot[SLOT];
  if (!loaded) throw new Error('no configuration loaded; a server process loads it at start');
  return loaded.config;
}
