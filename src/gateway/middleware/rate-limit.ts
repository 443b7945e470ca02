/**
 * Per-caller rate limits with fixed windows: `limit` requests per `windowMs` for each caller id
 * (an API key's digest prefix, or the client address without keys). The counters live in a
 * `RateLimitStore`: in memory by default (one gateway process), or in Redis
 * (`createRedisRateLimitStore`) so that every gateway instance shares them. Answers carry
 * `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`; a refused request gets 429
 * with `Retry-After`. If the store fails (Redis down), the request is let through and the
 * failure logged: a broken limiter must not take the gateway down with it.
 *
 * @example
 * app.use('/v1/*', rateLimit({ limit: 600, windowMs: 60_000, store: createMemoryRateLimitStore() }));
 */
import type { MiddlewareHandler } from 'hono';
import { FixedWindows } from './windows.js';
import type { GatewayEnv } from '../env.js';
import { GatewayError } from '../errors.js';

/** One counted request: the count in the current window and when the window ends. */
export interface RateLimitHit {
  count: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
}

/** Where the counters live. */
export interface RateLimitStore {
  /** `memory` or `redis`. */
  readonly kind: string;
  /** Counts one request of `key` in its current window of `windowMs`. */
  hit(key: string, windowMs: number): Promise<RateLimitHit>;
  close(): Promise<void>;
}

export interface RateLimitOptions {
  /** Requests per window per caller; 0 = no limit. */
  limit: number;
  windowMs: number;
  store: RateLimitStore;
  /** Called when a request is refused (for metrics). */
  onLimited?: (keyId: string) => void;
  /** Called when the store fails (the request goes through). */
  onStoreError?: (error: unknown) => void;
}

/**
 * Counters in this process's memory; expired windows are swept as new ones open.
 *
 * @example
 * const store = createMemoryRateLimitStore();
 * await store.hit('key:abc', 60_000); // { count: 1, resetMs: 60000 }
 */
export function createMemoryRateLimitStore(options: { maxKeys?: number } = {}): RateLimitStore {
  const windows = new FixedWindows(options.maxKeys ?? 100_000);
  return {
    kind: 'memory',
    hit(key, windowMs) {
      const now = Date.now();
      const w = windows.add(key, windowMs, now);
      return Promise.resolve({ count: w.count, resetMs: w.resetAt - now });
    },
    close() {
      windows.clear();
      return Promise.resolve();
    },
  };
}

export function rateLimit(options: RateLimitOptions): MiddlewareHandler<GatewayEnv> {
  const { limit, windowMs, store } = options;
  return async (c, next) => {
    if (limit <= 0) return next();
    let hit: RateLimitHit;
    try {
      hit = await store.hit(c.var.keyId, windowMs);
    } catch (error) {
      options.onStoreError?.(error);
      c.var.log.warn('rate-limit store failed; request let through', { store: store.kind, error: error instanceof Error ? error.message : String(error) });
      return next();
    }
    const resetSeconds = Math.max(0, Math.ceil(hit.resetMs / 1000));
    const headers = {
      'ratelimit-limit': String(limit),
      'ratelimit-remaining': String(Math.max(0, limit - hit.count)),
      'ratelimit-reset': String(resetSeconds),
    };
    if (hit.count > limit) {
      options.onLimited?.(c.var.keyId);
      throw new GatewayError(429, 'rate_limited', `Rate limit exceeded: ${limit} requests per ${windowMs / 1000} s; retry in ${resetSeconds} s`, {
        headers: { ...headers, 'retry-after': String(Math.max(1, resetSeconds)) },
        details: { limit, windowMs, retryAfterMs: hit.resetMs },
      });
    }
    for (const [name, value] of Object.entries(headers)) c.header(name, value);
    return next();
  };
}
