// Parses a process's configuration from its environment once, at start-up. A bad or missing value
// is reported by the variable's name and what is wrong with it (never its value: many are secrets).
import type { z } from 'zod';

export type Environment = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses `source` (the process environment unless given) with a process's schema. An empty
 * variable counts as unset, so `LOG_LEVEL=` means the default and `DAPR_API_TOKEN=` is missing.
 */
export function parseConfig<S extends z.ZodType>(schema: S, source: Environment = process.env): z.infer<S> {
  const values = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(values);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`),
    );
  }
  return result.data;
}

/** parseConfig for a process's start: a bad configuration prints what to fix and exits with 1. */
export function parseConfigOrExit<S extends z.ZodType>(schema: S, source?: Environment): z.infer<S> {
  try {
    return parseConfig(schema, source);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
