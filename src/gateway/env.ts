/**
 * The Hono environment of the gateway: the Node bindings (absent under `app.request()` in
 * tests) and the per-request variables the middleware sets.
 *
 * @example
 * const app = new Hono<GatewayEnv>();
 * app.get('/whoami', (c) => c.json({ requestId: c.get('requestId'), key: c.get('keyId') }));
 */
import type { IncomingMessage } from 'node:http';
import type { Logger } from './middleware/logger.js';

export interface GatewayVariables {
  /** The request id: the client's `x-request-id` when it is safe to echo, else a new UUID. */
  requestId: string;
  /** Who is calling, for rate limits and logs: `key:<sha256 prefix>` or `ip:<address>`. Never a secret. */
  keyId: string;
  /**
   * The client's address: the socket's peer, or, when that peer is a trusted proxy
   * (`TRM_ROUTER_TRUSTED_PROXIES`), the nearest address in `X-Forwarded-For` that is not one.
   */
  clientAddress: string;
  /** Aborted when the request times out or the client goes away; pass it to every solve. */
  signal: AbortSignal;
  /** The request's logger (its lines carry the request id). */
  log: Logger;
  /** What one request may send (set for every request by `createGateway`). */
  inputLimits: InputLimits;
}

/** Limits on what a request may send, checked before anything parses or solves it. */
export interface InputLimits {
  /** Deepest JSON nesting of a body (arrays and objects). */
  maxJsonDepth: number;
  /** Longest puzzle or request text, characters (`TRM_ROUTER_MAX_INPUT_CHARS`). */
  maxInputChars: number;
}

export interface GatewayEnv {
  Bindings: { incoming?: IncomingMessage };
  Variables: GatewayVariables;
}
