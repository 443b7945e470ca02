/**
 * Gateway options from the configuration (`loadConfig()`): models, threads and deadlines, API
 * keys and the throttle of wrong ones, the rate limit (in Redis when `REDIS_URL` is set, else in memory), body limit, CORS,
 * the JSON logger at the configured level, the upstream LLM clients of the chat endpoints, and
 * the LLM chain of the router. Only the CLI calls this (it is the one place that wires from
 * config); the SDK clients get every setting explicitly, so they read no environment variables.
 *
 * @example
 * const options = await gatewayOptionsFromConfig(loadConfig());
 * const running = await serveGateway(createGateway(options), { port: 8787 });
 * // later: await running.close(); await options.close();
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { Config } from '../config.js';
import { createLlmFromConfig } from '../llm/index.js';
import type { GatewayOptions } from './app.js';
import type { Upstreams } from './chat/upstream.js';
import { createJsonLogger } from './middleware/logger.js';
import type { Logger } from './middleware/logger.js';
import { createMemoryRateLimitStore } from './middleware/rate-limit.js';
import type { RateLimitStore } from './middleware/rate-limit.js';
import { createRedisRateLimitStore } from './middleware/redis-store.js';

export interface ConfiguredGatewayOptions extends GatewayOptions {
  logger: Logger;
  /** Releases what the options hold (the Redis connection). */
  close(): Promise<void>;
}

/** The upstream clients the configuration names (none without keys or base URLs). */
export function upstreamsFromConfig(config: Pick<Config, 'llm'>): Upstreams {
  const { llm } = config;
  const upstream: Upstreams = {};
  if (llm.openai.apiKey !== undefined || llm.openai.baseURL !== undefined) {
    upstream.openai = {
      model: llm.openai.model,
      client: new OpenAI({
        apiKey: llm.openai.apiKey ?? 'unset',
        baseURL: llm.openai.baseURL ?? 'https://api.openai.com/v1',
        organization: null,
        project: null,
        webhookSecret: null,
        logLevel: 'off',
        maxRetries: llm.maxRetries,
        timeout: llm.timeoutMs,
      }),
    };
  }
  if (llm.anthropic.apiKey !== undefined || llm.anthropic.baseURL !== undefined) {
    upstream.anthropic = {
      model: llm.anthropic.model,
      client: new Anthropic({
        apiKey: llm.anthropic.apiKey ?? 'unset',
        authToken: null,
        baseURL: llm.anthropic.baseURL ?? 'https://api.anthropic.com',
        logLevel: 'off',
        maxRetries: llm.maxRetries,
        timeout: llm.timeoutMs,
      }),
    };
  }
  return upstream;
}

/**
 * Connects what the configuration asks for (Redis) and returns the options. Rejects with the
 * connection error when `REDIS_URL` is set but Redis cannot be reached.
 */
export async function gatewayOptionsFromConfig(config: Config, overrides: GatewayOptions = {}): Promise<ConfiguredGatewayOptions> {
  const g = config.gateway;
  const logger = overrides.logger ?? createJsonLogger({ level: config.logLevel });
  let store: RateLimitStore | undefined;
  if (g.rateLimit > 0) {
    store = g.redisUrl === undefined ? createMemoryRateLimitStore() : await createRedisRateLimitStore({ url: g.redisUrl });
  }
  const upstream = upstreamsFromConfig(config);
  const llm = createLlmFromConfig(config);
  const llms = [
    ...(upstream.openai === undefined
      ? []
      : [{ provider: config.llm.openai.baseURL === undefined ? 'openai' : 'openai-compatible', model: upstream.openai.model }]),
    ...(upstream.anthropic === undefined ? [] : [{ provider: 'anthropic', model: upstream.anthropic.model }]),
  ];
  return {
    modelDirs: config.modelDirs,
    threads: config.threads,
    solveTimeoutMs: config.timeoutMs,
    requestTimeoutMs: config.timeoutMs,
    apiKeys: g.apiKeys,
    authFailures: { limit: g.authFailureLimit, windowMs: g.authFailureWindowMs },
    rateLimit: store === undefined ? false : { limit: g.rateLimit, windowMs: g.rateWindowMs, store },
    bodyLimitBytes: g.bodyLimitBytes,
    corsOrigins: g.corsOrigins,
    trustedProxies: g.trustedProxies,
    limits: config.router,
    compute: g.compute,
    solveQueue: g.solveQueue,
    upstream,
    llms,
    preload: true,
    ...(llm === undefined ? {} : { llm }),
    ...overrides,
    logger,
    close: async () => {
      await store?.close();
    },
  };
}
