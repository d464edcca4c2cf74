import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ScriptsConfigSchema } from '../../../scripts/local-config';
import { SERVICE_CONFIG_SCHEMAS } from '../../service-kit/env';
import { WebConfigSchema } from '../../web/env';
import { ConfigError, parseConfig, parseConfigOrExit } from './parse';

const TOKEN = 'a-token-of-32-characters-0123456';
const webEnv = { DAPR_HTTP_PORT: '3500', DAPR_API_TOKEN: TOKEN, APP_API_TOKEN: TOKEN };
const serviceEnv = { ...webEnv, PORT: '3001' };

/** The problems parseConfig reports for `source`, or [] when it parses. */
function problemsOf(schema: Parameters<typeof parseConfig>[0], source: Record<string, string>): string[] {
  try {
    parseConfig(schema, source);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('process configuration', () => {
  it('web gets the defaults for what is not set', () => {
    expect(parseConfig(WebConfigSchema, webEnv)).toEqual({
      DAPR_HOST: '127.0.0.1',
      DAPR_HTTP_PORT: 3500,
      DAPR_API_TOKEN: TOKEN,
      APP_API_TOKEN: TOKEN,
      LOG_LEVEL: 'info',
      APP_ID: 'web',
      TRUSTED_PROXY_HOPS: 1,
      METRICS_PORT: 9464,
      METRICS_HOST: '127.0.0.1',
      SSE_MAX_STREAMS_PER_USER: 10,
      SSE_MAX_STREAMS: 10_000,
      SERVER_TIMING: '0',
    });
  });

  it('tracing is off unless OTEL_EXPORTER_OTLP_ENDPOINT is a URL, and METRICS_PORT is a port or 0', () => {
    expect(parseConfig(WebConfigSchema, webEnv).OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    const traced = { ...serviceEnv, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', METRICS_PORT: '0' };
    expect(parseConfig(SERVICE_CONFIG_SCHEMAS.worker, traced)).toMatchObject({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
      METRICS_PORT: 0,
    });
    expect(() => parseConfig(WebConfigSchema, { ...webEnv, OTEL_EXPORTER_OTLP_ENDPOINT: 'jaeger:4318' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT must be a URL/,
    );
    expect(() => parseConfig(WebConfigSchema, { ...webEnv, METRICS_PORT: '70000' })).toThrow(
      /METRICS_PORT must be a whole number from 0 to 65535/,
    );
  });

  it('each service logs under its own name unless APP_ID says otherwise', () => {
    expect(parseConfig(SERVICE_CONFIG_SCHEMAS.worker, serviceEnv).APP_ID).toBe('worker');
    expect(parseConfig(SERVICE_CONFIG_SCHEMAS['task-service'], { ...serviceEnv, APP_ID: 'tasks-eu' }).APP_ID).toBe(
      'tasks-eu',
    );
  });

  it('a trusted-proxy count that is not a number stops web, naming the variable', () => {
    const problems = problemsOf(WebConfigSchema, { ...webEnv, TRUSTED_PROXY_HOPS: 'x' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^TRUSTED_PROXY_HOPS must be a whole number from 0 to 20/);
  });

  it('TRUSTED_PROXY_HOPS=0 turns X-Forwarded-For off on purpose', () => {
    expect(parseConfig(WebConfigSchema, { ...webEnv, TRUSTED_PROXY_HOPS: '0' }).TRUSTED_PROXY_HOPS).toBe(0);
  });

  it('a missing sidecar token is named as not set, for web and for every service', () => {
    const { DAPR_API_TOKEN: _, ...withoutToken } = serviceEnv;
    expect(problemsOf(WebConfigSchema, withoutToken)).toEqual([
      'DAPR_API_TOKEN is not set (the token this process sends to its Dapr sidecar)',
    ]);
    for (const schema of Object.values(SERVICE_CONFIG_SCHEMAS)) {
      expect(problemsOf(schema, withoutToken)).toEqual([
        'DAPR_API_TOKEN is not set (the token this process sends to its Dapr sidecar)',
      ]);
    }
  });

  it('an empty variable counts as not set', () => {
    expect(problemsOf(SERVICE_CONFIG_SCHEMAS.worker, { ...serviceEnv, APP_API_TOKEN: '' })).toEqual([
      'APP_API_TOKEN is not set (the token this app requires from its Dapr sidecar)',
    ]);
    expect(parseConfig(SERVICE_CONFIG_SCHEMAS.worker, { ...serviceEnv, LOG_LEVEL: '' }).LOG_LEVEL).toBe('info');
  });

  it('reports every bad variable at once and never echoes a value', () => {
    const problems = problemsOf(SERVICE_CONFIG_SCHEMAS['notification-service'], {
      DAPR_HTTP_PORT: '70000',
      DAPR_API_TOKEN: 'short-secret',
      APP_API_TOKEN: TOKEN,
      PORT: 'http',
      LOG_LEVEL: 'loud',
    });
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual([
      'DAPR_API_TOKEN',
      'DAPR_HTTP_PORT',
      'LOG_LEVEL',
      'PORT',
    ]);
    expect(problems.join('\n')).not.toContain('short-secret');
    expect(problems.find((p) => p.startsWith('LOG_LEVEL'))).toBe(
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    );
  });

  it('scripts name a malformed KAFKA_BROKERS or database URL', () => {
    expect(problemsOf(ScriptsConfigSchema, { KAFKA_BROKERS: 'localhost' })).toEqual([
      'KAFKA_BROKERS must be host:port[,host:port...]',
    ]);
    expect(problemsOf(ScriptsConfigSchema, { TASKS_DATABASE_URL: 'mysql://x/y' })).toEqual([
      "TASKS_DATABASE_URL must be a postgres:// URL (task-service's database)",
    ]);
    const config = parseConfig(ScriptsConfigSchema, { HOME: '/home/dev', KAFKA_BROKERS: 'a:9092,b:9093' });
    expect(config.KAFKA_BROKERS).toBe('a:9092,b:9093');
    expect(config.DATABASE_ADMIN_URL).toBe('postgres://postgres@127.0.0.1:5432/postgres');
    expect(config.PORT_OFFSET).toBe(0);
  });

  it('parseConfigOrExit prints what to fix and exits with code 1', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation(() => {
      throw new Error('exited');
    });
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(() => parseConfigOrExit(WebConfigSchema, { ...webEnv, DAPR_HTTP_PORT: 'x' })).toThrow('exited');
    expect(exit).toHaveBeenCalledWith(1);
    expect(String(stderr.mock.calls[0]?.[0])).toMatch(/^invalid configuration:\n {2}DAPR_HTTP_PORT must be/);
  });

  it('a service started with a bad value exits with code 1 before listening, naming the variable', () => {
    const root = path.resolve(import.meta.dirname, '../../..');
    const result = spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['services/worker/src/main.ts'], {
      cwd: root,
      // The child's environment: this one's, with the token emptied (an empty variable is unset).
      env: { ...process.env, ...serviceEnv, PORT: '1', DAPR_API_TOKEN: '' },
      encoding: 'utf8',
      timeout: 80_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('DAPR_API_TOKEN is not set');
    expect(result.stdout).not.toContain('listening');
  }, 90_000); // starting tsx and the service's imports, on a busy machine
});
