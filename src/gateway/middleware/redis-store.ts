/**
 * Rate-limit counters in Redis, shared by every gateway instance that points at the same
 * server (`REDIS_URL`). One atomic script per request: INCR the caller's window key, set its
 * expiry on the first hit, return the count and the time left. `ioredis` is loaded only when
 * this store is created.
 *
 * @example
 * const store = await createRedisRateLimitStore({ url: 'redis://127.0.0.1:6379' });
 * app.use('/v1/*', rateLimit({ limit: 600, windowMs: 60_000, store }));
 */
import type { RateLimitHit, RateLimitStore } from './rate-limit.js';

export interface RedisRateLimitStoreOptions {
  /** `redis://[user:password@]host:port[/db]`. */
  url: string;
  /** Key prefix (default `trm-router:rl:`). */
  prefix?: string;
  /** How long one command may take before it fails (and the request is let through), ms. Default 500. */
  commandTimeoutMs?: number;
}

// KEYS[1] = window key, ARGV[1] = window ms. Returns { count, ms left }.
const HIT_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return { n, ttl }`;

/**
 * Connects to Redis (rejects when it cannot within the connect timeout) and returns the store.
 *
 * @example
 * const store = await createRedisRateLimitStore({ url: config.gateway.redisUrl ?? 'redis://127.0.0.1:6379' });
 */
export async function createRedisRateLimitStore(options: RedisRateLimitStoreOptions): Promise<RateLimitStore> {
  const { Redis } = await import('ioredis');
  const prefix = options.prefix ?? 'trm-router:rl:';
  const client = new Redis(options.url, {
    lazyConnect: true,
    connectTimeout: 2_000,
    commandTimeout: options.commandTimeoutMs ?? 500,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
  });
  // Without a listener ioredis reports connection errors as unhandled 'error' events.
  client.on('error', () => undefined);
  await client.connect();
  return {
    kind: 'redis',
    async hit(key, windowMs): Promise<RateLimitHit> {
      const windowKey = `${prefix}${windowMs}:${key}`;
      const reply = (await client.eval(HIT_SCRIPT, 1, windowKey, String(windowMs))) as [number, number];
      return { count: Number(reply[0]), resetMs: Number(reply[1]) };
    },
    async close() {
      try {
        await client.quit();
      } catch {
        client.disconnect();
      }
    },
  };
}
