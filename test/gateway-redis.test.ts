/**
 * Rate limits shared across gateway instances through a real Redis (Debian's redis-server).
 * CI (`.ci/run`) starts one and sets TRM_ROUTER_TEST_REDIS_URL; elsewhere the test starts its
 * own redis-server on a free port, and skips, saying why, only when there is no redis-server
 * binary (never in CI).
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createGateway, createRedisRateLimitStore, gatewayOptionsFromConfig, silentLogger } from '../src/gateway/index.js';
import type { RateLimitStore } from '../src/gateway/index.js';
import { testGatewayOptions } from './support/gateway.js';

const inCi = (process.env.CI ?? '') !== '';
const givenUrl = process.env.TRM_ROUTER_TEST_REDIS_URL;
const haveBinary = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
const skip = givenUrl === undefined && !haveBinary && !inCi;
if (skip) console.warn('[gateway-redis] SKIPPED: no redis-server binary (apt-get install -y redis-server) and no TRM_ROUTER_TEST_REDIS_URL');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts redis-server on 127.0.0.1 (no persistence) and resolves when it accepts connections. */
async function startRedis(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${out}`)));
  });
  return { url: `redis://127.0.0.1:${port}`, child };
}

describe.skipIf(skip)('rate limits in Redis', () => {
  let url: string;
  let child: ChildProcess | undefined;
  const stores: RateLimitStore[] = [];
  const store = async (prefix: string) => {
    const s = await createRedisRateLimitStore({ url, prefix });
    stores.push(s);
    return s;
  };

  beforeAll(async () => {
    if (givenUrl !== undefined) url = givenUrl;
    else ({ url, child } = await startRedis());
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
    child?.kill('SIGTERM');
  });

  it('two gateway instances share one window per key', async () => {
    const prefix = `trm-router-test:${randomUUID()}:`;
    const limit = { limit: 3, windowMs: 60_000 };
    const a = createGateway(testGatewayOptions({ apiKeys: ['k1', 'k2'], rateLimit: { ...limit, store: await store(prefix) } }));
    const b = createGateway(testGatewayOptions({ apiKeys: ['k1', 'k2'], rateLimit: { ...limit, store: await store(prefix) } }));
    const call = (app: typeof a, key: string) => app.request('/v1/models', { headers: { authorization: `Bearer ${key}` } });
    expect((await call(a, 'k1')).status).toBe(200);
    expect((await call(b, 'k1')).status).toBe(200);
    const third = await call(a, 'k1');
    expect(third.status).toBe(200);
    expect(third.headers.get('ratelimit-remaining')).toBe('0');
    const refused = await call(b, 'k1');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await call(b, 'k2')).status).toBe(200);
  });

  it('windows expire in Redis', async () => {
    const s = await store(`trm-router-test:${randomUUID()}:`);
    expect(await s.hit('k', 300)).toMatchObject({ count: 1 });
    const second = await s.hit('k', 300);
    expect(second.count).toBe(2);
    expect(second.resetMs).toBeGreaterThan(0);
    expect(second.resetMs).toBeLessThanOrEqual(300);
    await new Promise((r) => setTimeout(r, 350));
    expect(await s.hit('k', 300)).toMatchObject({ count: 1 });
  });

  it('REDIS_URL in the configuration selects the Redis store', async () => {
    const options = await gatewayOptionsFromConfig(loadConfig({ REDIS_URL: url, TRM_ROUTER_RATE_LIMIT: '5', TRM_ROUTER_LOG_LEVEL: 'silent' }), {
      logger: silentLogger,
    });
    try {
      expect(options.rateLimit !== false && options.rateLimit?.store?.kind).toBe('redis');
    } finally {
      await options.close();
    }
  });

  it('an unreachable Redis fails at startup, naming the problem', async () => {
    const port = await freePort();
    await expect(createRedisRateLimitStore({ url: `redis://127.0.0.1:${port}` })).rejects.toThrow(/ECONNREFUSED|connect/i);
  });
});
