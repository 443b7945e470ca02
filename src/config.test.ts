import { describe, expect, it } from 'vitest';
import { ConfigError } from './core/errors.js';
import { delimiter } from 'node:path';
import { loadConfig } from './config.js';
import { PACKAGE_MODELS_DIR } from './core/package-paths.js';

describe('loadConfig', () => {
  it('applies documented defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config.modelDirs).toEqual([PACKAGE_MODELS_DIR]);
    expect(config.threads).toBe(0);
    expect(config.gateway).toEqual({
      host: '127.0.0.1',
      port: 8787,
      apiKeys: [],
      rateLimit: 600,
      rateWindowMs: 60_000,
      authFailureLimit: 10,
      authFailureWindowMs: 60_000,
      redisUrl: undefined,
      bodyLimitBytes: 1_048_576,
      corsOrigins: [],
      trustedProxies: [],
      shutdownGraceMs: 10_000,
      compute: { maxSteps: 32, maxExplore: 31, maxCellSteps: 50_000 },
      solveQueue: { concurrency: 64, maxQueued: 256, maxWaitMs: 10_000 },
    });
    expect(config.llm.openai.apiKey).toBeUndefined();
    expect(config.llm.maxRetries).toBe(2);
  });

  it('reads and coerces set variables; blank counts as unset', () => {
    const config = loadConfig({
      TRM_ROUTER_THREADS: '2',
      TRM_ROUTER_PORT: '9000',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
      ANTHROPIC_API_KEY: '  ',
    });
    expect(config.threads).toBe(2);
    expect(config.gateway.port).toBe(9000);
    expect(config.llm.openai).toMatchObject({ apiKey: 'sk-test', baseURL: 'http://127.0.0.1:11434/v1' });
    expect(config.llm.anthropic.apiKey).toBeUndefined();
  });

  it("searches the package's models, then the user's folders; TRM_ROUTER_PACKAGE_MODELS=0 leaves the package's out", () => {
    expect(loadConfig({ TRM_ROUTER_MODELS_DIR: `/a${delimiter}/b, /c` }).modelDirs).toEqual([PACKAGE_MODELS_DIR, '/a', '/b', '/c']);
    expect(loadConfig({ TRM_ROUTER_PACKAGE_MODELS: '0', TRM_ROUTER_MODELS_DIR: '/a' }).modelDirs).toEqual(['/a']);
    expect(() => loadConfig({ TRM_ROUTER_PACKAGE_MODELS: 'no' })).toThrow(/TRM_ROUTER_PACKAGE_MODELS/);
  });

  it('reads the gateway settings: key and origin lists, Redis URL, limits', () => {
    const config = loadConfig({
      TRM_ROUTER_API_KEY: 'k1, k2,,',
      TRM_ROUTER_CORS_ORIGINS: 'http://localhost:3000,https://app.example',
      REDIS_URL: 'redis://127.0.0.1:6379/0',
      TRM_ROUTER_RATE_LIMIT: '0',
      TRM_ROUTER_BODY_LIMIT: '2048',
      TRM_ROUTER_AUTH_FAILURE_LIMIT: '0',
      TRM_ROUTER_AUTH_FAILURE_WINDOW_MS: '300000',
      TRM_ROUTER_MAX_STEPS: '12',
      TRM_ROUTER_MAX_EXPLORE: '0',
      TRM_ROUTER_SOLVE_BUDGET: '9000',
      TRM_ROUTER_MAX_CONCURRENT_SOLVES: '2',
      TRM_ROUTER_MAX_QUEUED_SOLVES: '0',
      TRM_ROUTER_MAX_QUEUE_WAIT_MS: '500',
      TRM_ROUTER_TRUSTED_PROXIES: '10.0.0.1, ::1',
    });
    expect(config.gateway).toMatchObject({
      compute: { maxSteps: 12, maxExplore: 0, maxCellSteps: 9000 },
      solveQueue: { concurrency: 2, maxQueued: 0, maxWaitMs: 500 },
      apiKeys: ['k1', 'k2'],
      corsOrigins: ['http://localhost:3000', 'https://app.example'],
      redisUrl: 'redis://127.0.0.1:6379/0',
      rateLimit: 0,
      bodyLimitBytes: 2048,
      authFailureLimit: 0,
      authFailureWindowMs: 300_000,
      trustedProxies: ['10.0.0.1', '::1'],
    });
  });

  it('names every invalid variable in one ConfigError', () => {
    let caught: unknown;
    try {
      loadConfig({ TRM_ROUTER_THREADS: 'many', TRM_ROUTER_PORT: '70000', OPENAI_BASE_URL: 'not a url', TRM_ROUTER_TRUSTED_PROXIES: '10.0.0.1,proxy.local' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.code).toBe('invalid_config');
    expect(error.issues.map((i) => i.field).sort()).toEqual(['OPENAI_BASE_URL', 'TRM_ROUTER_PORT', 'TRM_ROUTER_THREADS', 'TRM_ROUTER_TRUSTED_PROXIES']);
    expect(error.message).toContain('TRM_ROUTER_PORT');
  });
});
