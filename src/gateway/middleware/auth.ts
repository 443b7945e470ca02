/**
 * API keys: `Authorization: Bearer KEY` (OpenAI clients, curl) or `x-api-key: KEY` (Anthropic
 * clients); when both are sent, either one that is valid authenticates (so `Authorization:
 * Basic ...` from a proxy beside a valid `x-api-key` is fine). Keys are compared in constant
 * time: the SHA-256 digests of the offered key and of every configured key are compared with
 * `timingSafeEqual`, all of them, whatever matches, so neither the position of a mismatch nor
 * which key matched shows in the timing. The caller's id (`c.var.keyId`) is a digest prefix of
 * the key, or the client address when no keys are set: rate limits and logs use it, and it is
 * no secret.
 *
 * Guessing is throttled: after `failures.limit` wrong keys from one client address within
 * `failures.windowMs`, every request from that address is a 429 `rate_limited` with Retry-After
 * until the window ends, whatever key it offers (so the right guess cannot be told apart). A
 * missing key is a plain 401 and is not counted. The counters are in this process's memory.
 * The address is the client's (`clientAddress`): behind a reverse proxy, name the proxy in
 * `TRM_ROUTER_TRUSTED_PROXIES`, or every client shares the proxy's address, and its throttle.
 *
 * @example
 * app.use('/v1/*', apiKeyAuth({ keys: ['k1', 'k2'], failures: { limit: 10, windowMs: 60_000 } }));
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { Context, MiddlewareHandler } from 'hono';
import { InvalidInputError } from '../../core/index.js';
import type { GatewayEnv } from '../env.js';
import { GatewayError } from '../errors.js';
import { FixedWindows } from './windows.js';

export interface ApiKeyAuthOptions {
  /** Accepted keys; empty = no authentication (the caller is identified by address). */
  keys: readonly string[];
  /** Wrong keys one client address may send per window before it is refused with 429 (limit 0 = no throttling; default 10 per minute). */
  failures?: { limit: number; windowMs: number };
  /** Called when a request is refused for too many wrong keys (for metrics). */
  onThrottled?: (address: string) => void;
  /** Most client addresses whose failures are remembered at once (default 100 000; the oldest window is dropped). */
  maxAddresses?: number;
}

/** The default throttle of wrong API keys: 10 per client address per minute. */
export const DEFAULT_AUTH_FAILURES = { limit: 10, windowMs: 60_000 } as const;

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** The keys a request offers: a Bearer token and an `x-api-key` (other `Authorization` schemes are not keys). */
export function offeredKeys(c: Context<GatewayEnv>): string[] {
  const keys: string[] = [];
  const bearer = /^Bearer\s+(\S.*)$/i.exec(c.req.header('authorization')?.trim() ?? '')?.[1]?.trim();
  if (bearer !== undefined && bearer !== '') keys.push(bearer);
  const header = c.req.header('x-api-key')?.trim();
  if (header !== undefined && header !== '') keys.push(header);
  return keys;
}

/** Whether `key` is one of `digests` (constant time in the key and over every configured key). */
export function keyMatches(key: string, digests: readonly Buffer[]): boolean {
  const offered = digest(key);
  let ok = false;
  for (const d of digests) ok = timingSafeEqual(offered, d) || ok;
  return ok;
}

/** The client's address: what `createGateway` resolved for the request, else the socket's peer (`unknown` under `app.request()`). */
export function clientAddress(c: Context<GatewayEnv>): string {
  return c.get('clientAddress') ?? peerAddress(c);
}

/** The socket's peer address, IPv4-mapped IPv6 written as IPv4. */
export function peerAddress(c: Context<GatewayEnv>): string {
  return normalizeAddress(c.env?.incoming?.socket?.remoteAddress ?? 'unknown');
}

function normalizeAddress(address: string): string {
  const a = address.trim().toLowerCase();
  return a.startsWith('::ffff:') && isIP(a.slice(7)) === 4 ? a.slice(7) : a;
}

/**
 * Parses a list of trusted proxy addresses (`TRM_ROUTER_TRUSTED_PROXIES`); throws naming the
 * entry that is not an IP address.
 */
export function trustedProxySet(addresses: readonly string[]): ReadonlySet<string> {
  const set = new Set<string>();
  for (const raw of addresses) {
    const a = normalizeAddress(raw);
    if (isIP(a) === 0) throw new InvalidInputError(`"${raw}" is not an IP address`, { field: 'TRM_ROUTER_TRUSTED_PROXIES' });
    set.add(a);
  }
  return set;
}

/**
 * The client behind trusted proxies: the peer itself unless it is trusted; then the addresses of
 * `X-Forwarded-For` from the right (each proxy appends the address it saw), skipping trusted
 * ones, and the first that is not trusted is the client. An entry that is not an IP address ends
 * the walk at the nearest trusted hop, so a malformed header cannot name an arbitrary client.
 */
export function resolveClientAddress(peer: string, forwardedFor: string | undefined, trusted: ReadonlySet<string>): string {
  let client = normalizeAddress(peer);
  if (!trusted.has(client) || forwardedFor === undefined) return client;
  const hops = forwardedFor
    .split(',')
    .map(normalizeAddress)
    .filter((h) => h !== '');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string;
    if (isIP(hop) === 0) return client;
    client = hop;
    if (!trusted.has(hop)) return hop;
  }
  return client;
}

/** The caller id of a key: `key:` and 12 hex digits of its SHA-256. */
export function keyIdOf(key: string): string {
  return `key:${digest(key).toString('hex').slice(0, 12)}`;
}

export function apiKeyAuth(options: ApiKeyAuthOptions): MiddlewareHandler<GatewayEnv> {
  const digests = options.keys.map(digest);
  const { limit, windowMs } = options.failures ?? DEFAULT_AUTH_FAILURES;
  const failures = new FixedWindows(options.maxAddresses ?? 100_000);
  return async (c, next) => {
    if (digests.length === 0) {
      c.set('keyId', `ip:${clientAddress(c)}`);
      return next();
    }
    const address = clientAddress(c);
    const now = Date.now();
    const window = limit > 0 ? failures.peek(address, now) : undefined;
    if (window !== undefined && window.count >= limit) {
      options.onThrottled?.(address);
      const retryAfterMs = window.resetAt - now;
      const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
      throw new GatewayError(429, 'rate_limited', `Too many wrong API keys from this address; retry in ${seconds} s`, {
        headers: { 'retry-after': String(seconds) },
        details: { field: 'authorization', limit, windowMs, retryAfterMs },
      });
    }
    const keys = offeredKeys(c);
    if (keys.length === 0) {
      throw new GatewayError(401, 'unauthorized', 'Missing API key: send "Authorization: Bearer <key>" or "x-api-key: <key>"', {
        headers: { 'www-authenticate': 'Bearer realm="trm-router"' },
      });
    }
    // Every offered key is checked (constant time each), so which one matched does not show.
    const valid = keys.map((key) => (keyMatches(key, digests) ? key : undefined)).find((key) => key !== undefined);
    if (valid === undefined) {
      if (limit > 0) failures.add(address, windowMs, now);
      throw new GatewayError(401, 'unauthorized', 'Invalid API key', { headers: { 'www-authenticate': 'Bearer realm="trm-router", error="invalid_token"' } });
    }
    c.set('keyId', keyIdOf(valid));
    return next();
  };
}
