import { describe, expect, it } from 'vitest';
import { AbortedError } from '../core/errors.js';
import { SUDOKU, hangingService, postJson, recordingLogger, testGatewayOptions } from '../../test/support/gateway.js';
import { createGateway, createJsonLogger, createMemoryRateLimitStore, keyMatches, redact } from './index.js';
import { resolveClientAddress, trustedProxySet } from './middleware/auth.js';
import { createHash } from 'node:crypto';

const digest = (key: string) => createHash('sha256').update(key).digest();

describe('API keys', () => {
  const app = createGateway(testGatewayOptions({ apiKeys: ['k-one', 'k-two'] }));

  it('accepts a configured key as Bearer or x-api-key, and refuses a missing or wrong one with 401', async () => {
    expect((await postJson(app, '/v1/solve', { puzzle: SUDOKU }, { authorization: 'Bearer k-two' })).status).toBe(200);
    expect((await postJson(app, '/v1/solve', { puzzle: SUDOKU }, { 'x-api-key': 'k-one' })).status).toBe(200);
    const missing = await postJson(app, '/v1/solve', { puzzle: SUDOKU });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toContain('Bearer');
    expect(((await missing.json()) as { error: { code: string; type: string } }).error).toMatchObject({ code: 'unauthorized', type: 'authentication_error' });
    expect((await postJson(app, '/v1/solve', { puzzle: SUDOKU }, { authorization: 'Bearer k-one-' })).status).toBe(401);
    expect((await postJson(app, '/v1/solve', { puzzle: SUDOKU }, { authorization: 'Basic k-one' })).status).toBe(401);
  });

  it('accepts Authorization: Basic beside a valid x-api-key (the valid key authenticates)', async () => {
    const basic = { authorization: `Basic ${Buffer.from('user:pass').toString('base64')}` };
    expect((await postJson(app, '/v1/solve', { puzzle: SUDOKU }, { ...basic, 'x-api-key': 'k-two' })).status).toBe(200);
    expect((await postJson(app, '/v1/solve', { puzzle: SUDOKU }, { authorization: 'Bearer wrong', 'x-api-key': 'k-one' })).status).toBe(200);
    expect((await postJson(app, '/v1/solve', { puzzle: SUDOKU }, { ...basic, 'x-api-key': 'wrong' })).status).toBe(401);
  });

  it('throttles repeated wrong keys per client address: 429 with Retry-After after the limit, whatever key comes next', async () => {
    const limited = createGateway(testGatewayOptions({ apiKeys: ['k-one'], authFailures: { limit: 3, windowMs: 60_000 } }));
    const wrong = () => postJson(limited, '/v1/solve', { puzzle: SUDOKU }, { authorization: 'Bearer guess' });
    for (let i = 0; i < 3; i++) expect((await wrong()).status).toBe(401);
    const refused = await wrong();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    // Once throttled, even the right key learns nothing until the window ends.
    expect((await postJson(limited, '/v1/solve', { puzzle: SUDOKU }, { authorization: 'Bearer k-one' })).status).toBe(429);
    // A missing key costs nothing to refuse and is not counted.
    const fresh = createGateway(testGatewayOptions({ apiKeys: ['k-one'], authFailures: { limit: 2, windowMs: 60_000 } }));
    for (let i = 0; i < 5; i++) expect((await postJson(fresh, '/v1/solve', { puzzle: SUDOKU })).status).toBe(401);
    expect((await postJson(fresh, '/v1/solve', { puzzle: SUDOKU }, { 'x-api-key': 'k-one' })).status).toBe(200);
  });

  describe('behind a reverse proxy', () => {
    const PROXY = '10.0.0.1';
    /** A request that arrived from `peer` with `X-Forwarded-For: forwarded`. */
    const via = (app: ReturnType<typeof createGateway>, peer: string, forwarded: string | undefined, key: string) =>
      Promise.resolve(
        app.request(
          '/v1/models',
          { headers: { authorization: `Bearer ${key}`, ...(forwarded === undefined ? {} : { 'x-forwarded-for': forwarded }) } },
          {
            incoming: { socket: { remoteAddress: peer } },
          },
        ),
      );

    it('without trusted proxies, one guesser behind the proxy locks every client out (why the setting exists)', async () => {
      const app = createGateway(testGatewayOptions({ apiKeys: ['k-one'], authFailures: { limit: 3, windowMs: 60_000 } }));
      for (let i = 0; i < 3; i++) expect((await via(app, PROXY, '203.0.113.5', 'guess')).status).toBe(401);
      expect((await via(app, PROXY, '198.51.100.7', 'k-one')).status).toBe(429);
    });

    it('with the proxy trusted, the throttle holds the guesser alone and the other clients keep working', async () => {
      const app = createGateway(testGatewayOptions({ apiKeys: ['k-one'], authFailures: { limit: 3, windowMs: 60_000 }, trustedProxies: [PROXY] }));
      for (let i = 0; i < 3; i++) expect((await via(app, `::ffff:${PROXY}`, '203.0.113.5', 'guess')).status).toBe(401);
      expect((await via(app, PROXY, '203.0.113.5', 'guess')).status).toBe(429);
      // a client cannot shed its throttle by prepending addresses: the proxy appends the one it saw
      expect((await via(app, PROXY, '1.2.3.4, 203.0.113.5', 'k-one')).status).toBe(429);
      expect((await via(app, PROXY, '198.51.100.7', 'k-one')).status).toBe(200);
    });

    it('an untrusted peer cannot name another client in X-Forwarded-For', async () => {
      const app = createGateway(testGatewayOptions({ apiKeys: ['k-one'], authFailures: { limit: 2, windowMs: 60_000 }, trustedProxies: [PROXY] }));
      for (let i = 0; i < 2; i++) expect((await via(app, '203.0.113.9', `192.0.2.${i}`, 'guess')).status).toBe(401);
      expect((await via(app, '203.0.113.9', '192.0.2.77', 'k-one')).status).toBe(429);
    });

    it('resolves the client from the right of X-Forwarded-For, skipping trusted hops, never trusting a malformed entry', () => {
      const trusted = trustedProxySet(['10.0.0.1', '10.0.0.2', '::1']);
      expect(resolveClientAddress('203.0.113.5', '1.1.1.1', trusted)).toBe('203.0.113.5');
      expect(resolveClientAddress('10.0.0.1', undefined, trusted)).toBe('10.0.0.1');
      expect(resolveClientAddress('10.0.0.1', '1.1.1.1, 203.0.113.5', trusted)).toBe('203.0.113.5');
      expect(resolveClientAddress('::ffff:10.0.0.1', '203.0.113.5, 10.0.0.2', trusted)).toBe('203.0.113.5');
      expect(resolveClientAddress('::1', '2001:db8::7', trusted)).toBe('2001:db8::7');
      expect(resolveClientAddress('10.0.0.1', '203.0.113.5, not-an-ip, 10.0.0.2', trusted)).toBe('10.0.0.2');
      expect(resolveClientAddress('10.0.0.1', '10.0.0.2', trusted)).toBe('10.0.0.2');
      expect(() => trustedProxySet(['10.0.0.1', 'proxy.local'])).toThrow(/proxy\.local/);
    });
  });

  it('300 wrong keys in a row from one address are throttled by default', async () => {
    const guarded = createGateway(testGatewayOptions({ apiKeys: ['k-one'] }));
    const statuses = new Set<number>();
    for (let i = 0; i < 300; i++) statuses.add((await guarded.request('/v1/models', { headers: { authorization: `Bearer wrong-${i}` } })).status);
    expect(statuses).toContain(429);
  });

  it('protects /v1, /mcp and /metrics; leaves health, readiness, the playground and the API description open', async () => {
    for (const path of ['/v1/models', '/metrics']) expect((await app.request(path)).status, path).toBe(401);
    expect((await app.request('/mcp', { method: 'POST', body: '{}' })).status).toBe(401);
    for (const path of ['/healthz', '/readyz', '/', '/openapi.json', '/docs', '/assets/playground.js'])
      expect((await app.request(path)).status, path).toBe(200);
  });

  it('compares keys in constant time over every configured key', () => {
    const digests = [digest('a'), digest('b')];
    expect(keyMatches('a', digests)).toBe(true);
    expect(keyMatches('b', digests)).toBe(true);
    expect(keyMatches('c', digests)).toBe(false);
    expect(keyMatches('', digests)).toBe(false);
    expect(keyMatches('a'.repeat(10_000), digests)).toBe(false); // any length: digests have one size
  });
});

describe('rate limits', () => {
  it('counts per key, answers 429 with Retry-After past the limit, and sets RateLimit headers', async () => {
    const app = createGateway(testGatewayOptions({ apiKeys: ['a', 'b'], rateLimit: { limit: 2, windowMs: 60_000 } }));
    const call = (key: string) => app.request('/v1/models', { headers: { authorization: `Bearer ${key}` } });
    const first = await call('a');
    expect(first.headers.get('ratelimit-limit')).toBe('2');
    expect(first.headers.get('ratelimit-remaining')).toBe('1');
    expect((await call('a')).status).toBe(200);
    const refused = await call('a');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const error = ((await refused.json()) as { error: { code: string; type: string; message: string } }).error;
    expect(error).toMatchObject({ code: 'rate_limited', type: 'rate_limit_error' });
    expect(error.message).toContain('2 requests per 60 s');
    expect((await call('b')).status).toBe(200); // another key has its own window
  });

  it('opens a new window when the old one ends; without keys, counts per client address', async () => {
    const store = createMemoryRateLimitStore();
    expect(await store.hit('k', 50)).toMatchObject({ count: 1 });
    expect(await store.hit('k', 50)).toMatchObject({ count: 2 });
    await new Promise((r) => setTimeout(r, 60));
    expect(await store.hit('k', 50)).toMatchObject({ count: 1 });
    const app = createGateway(testGatewayOptions({ rateLimit: { limit: 1, windowMs: 60_000 } }));
    expect((await app.request('/v1/models')).status).toBe(200);
    expect((await app.request('/v1/models')).status).toBe(429);
    expect((await app.request('/healthz')).status).toBe(200); // health checks are never limited
  });

  it('lets requests through when the store fails, and logs it', async () => {
    const { logger, lines } = recordingLogger();
    const broken = { kind: 'broken', hit: () => Promise.reject(new Error('connection refused')), close: () => Promise.resolve() };
    const app = createGateway(testGatewayOptions({ logger, rateLimit: { limit: 1, windowMs: 1_000, store: broken } }));
    expect((await app.request('/v1/models')).status).toBe(200);
    expect(lines.some((l) => l.level === 'warn' && String(l.msg).includes('rate-limit store failed'))).toBe(true);
  });
});

describe('CORS', () => {
  it('answers preflights and sets headers for configured origins only', async () => {
    const app = createGateway(testGatewayOptions({ corsOrigins: ['http://localhost:3000'], apiKeys: ['k'] }));
    const preflight = await app.request('/v1/solve', {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    const other = await app.request('/healthz', { headers: { origin: 'http://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const none = createGateway(testGatewayOptions());
    expect((await none.request('/healthz', { headers: { origin: 'http://localhost:3000' } })).headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('request deadline', () => {
  it('answers 504 when a request runs past it, and aborts the solve', async () => {
    const service = hangingService();
    const app = createGateway(testGatewayOptions({ service, requestTimeoutMs: 100 }));
    const res = await postJson(app, '/v1/solve', { puzzle: SUDOKU });
    expect(res.status).toBe(504);
    expect(((await res.json()) as { error: { code: string; details: { timeoutMs: number } } }).error).toMatchObject({
      code: 'timeout',
      details: { timeoutMs: 100 },
    });
    expect(service.started).toBe(1);
  });

  it('answers 504, not 499, when the work it aborted reports the abort as its own AbortedError (as the TRM engine does)', async () => {
    const service = { ...hangingService(), solve: (_p: unknown, _s: unknown, o: { signal?: AbortSignal } = {}) => abortable(o.signal) };
    const app = createGateway(testGatewayOptions({ service, requestTimeoutMs: 100 }));
    const res = await postJson(app, '/v1/solve', { puzzle: SUDOKU });
    expect(res.status).toBe(504);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('timeout');
  });

  it('a real TRM solve cut by the deadline is a 504 timeout', async () => {
    const app = createGateway(testGatewayOptions({ requestTimeoutMs: 1 }));
    const res = await postJson(app, '/v1/solve', { puzzle: SUDOKU, solver: 'trm', halt: 'fixed', maxSteps: 6 });
    expect(res.status).toBe(504);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('timeout');
  });
});

/** Waits until `signal` aborts, then fails with a fresh AbortedError (its reason only as the cause). */
function abortable(signal: AbortSignal | undefined): Promise<never> {
  return new Promise<never>((_, reject) => signal?.addEventListener('abort', () => reject(new AbortedError(undefined, { cause: signal.reason }))));
}

describe('structured logs', () => {
  it('one JSON line per request with its request id, route, status and duration, and no secrets', async () => {
    const { logger, lines, raw } = recordingLogger();
    const app = createGateway(testGatewayOptions({ logger, apiKeys: ['super-secret-key'] }));
    await postJson(app, '/v1/solve', { puzzle: SUDOKU }, { authorization: 'Bearer super-secret-key', 'x-request-id': 'req-1' });
    await postJson(app, '/v1/solve', { puzzle: SUDOKU }, { authorization: 'Bearer wrong-secret' });
    const requests = lines.filter((l) => l.msg === 'request');
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({ level: 'info', requestId: 'req-1', method: 'POST', path: '/v1/solve', route: '/v1/solve', status: 200 });
    expect(requests[0]!.caller).toMatch(/^key:[0-9a-f]{12}$/);
    expect(typeof requests[0]!.durationMs).toBe('number');
    expect(requests[1]).toMatchObject({ level: 'warn', status: 401 });
    const all = raw.join('\n');
    expect(all).not.toContain('super-secret-key');
    expect(all).not.toContain('wrong-secret');
    expect(all).not.toContain('..7....6..'); // no bodies
  });

  it('redacts secret-looking fields anywhere in a log record, and honours the level', () => {
    expect(redact({ a: 1, headers: { Authorization: 'Bearer x', 'x-api-key': 'y' }, list: [{ token: 't' }] })).toEqual({
      a: 1,
      headers: { Authorization: '[redacted]', 'x-api-key': '[redacted]' },
      list: [{ token: '[redacted]' }],
    });
    const out: string[] = [];
    const log = createJsonLogger({ level: 'warn', write: (l) => out.push(l) });
    log.info('hidden');
    log.child({ requestId: 'r' }).error('shown', { password: 'p' });
    expect(out).toHaveLength(1);
    expect(JSON.parse(out[0]!)).toMatchObject({ level: 'error', msg: 'shown', requestId: 'r', password: '[redacted]' });
  });
});
