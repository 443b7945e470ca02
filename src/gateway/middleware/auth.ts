/**
 * API keys: `Authorization: Bearer KEY` (OpenAI clients, curl) or `x-api-key: KEY` (Anthropic
 * clients). Keys are compared in constant time: the SHA-256 digests of the offered key and of
 * every configured key are compared with `timingSafeEqual`, all of them, whatever matches, so
 * neither the position of a mismatch nor which key matched shows in the timing. The caller's id
 * (`c.var.keyId`) is a digest prefix of the key, or the client address when no keys are set:
 * rate limits and logs use it, and it is no secret.
 *
 * @example
 * app.use('/v1/*', apiKeyAuth({ keys: ['k1', 'k2'] }));
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { GatewayEnv } from '../env.js';
import { GatewayError } from '../errors.js';

export interface ApiKeyAuthOptions {
  /** Accepted keys; empty = no authentication (the caller is identified by address). */
  keys: readonly string[];
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** The key a request offers, if any. */
export function offeredKey(c: Context<GatewayEnv>): string | undefined {
  const auth = c.req.header('authorization');
  if (auth !== undefined) {
    const match = /^Bearer\s+(\S.*)$/i.exec(auth.trim());
    return match?.[1]?.trim();
  }
  return c.req.header('x-api-key')?.trim();
}

/** Whether `key` is one of `digests` (constant time in the key and over every configured key). */
export function keyMatches(key: string, digests: readonly Buffer[]): boolean {
  const offered = digest(key);
  let ok = false;
  for (const d of digests) ok = timingSafeEqual(offered, d) || ok;
  return ok;
}

/** The client's address (from the socket; `unknown` under `app.request()`). */
export function clientAddress(c: Context<GatewayEnv>): string {
  return c.env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

/** The caller id of a key: `key:` and 12 hex digits of its SHA-256. */
export function keyIdOf(key: string): string {
  return `key:${digest(key).toString('hex').slice(0, 12)}`;
}

export function apiKeyAuth(options: ApiKeyAuthOptions): MiddlewareHandler<GatewayEnv> {
  const digests = options.keys.map(digest);
  return async (c, next) => {
    if (digests.length === 0) {
      c.set('keyId', `ip:${clientAddress(c)}`);
      return next();
    }
    const key = offeredKey(c);
    if (key === undefined || key === '') {
      throw new GatewayError(401, 'unauthorized', 'Missing API key: send "Authorization: Bearer <key>" or "x-api-key: <key>"', {
        headers: { 'www-authenticate': 'Bearer realm="trm-router"' },
      });
    }
    if (!keyMatches(key, digests)) {
      throw new GatewayError(401, 'unauthorized', 'Invalid API key', { headers: { 'www-authenticate': 'Bearer realm="trm-router", error="invalid_token"' } });
    }
    c.set('keyId', keyIdOf(key));
    return next();
  };
}
