/**
 * Request ids: the client's `x-request-id` when it is short and safe to echo (letters, digits,
 * `-_.:`), else a fresh UUID. Set as `c.var.requestId` and echoed in the `x-request-id` header.
 *
 * @example
 * app.use(requestId());
 */
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { GatewayEnv } from '../env.js';

const SAFE_ID = /^[\w.:-]{1,128}$/;

export function requestId(): MiddlewareHandler<GatewayEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const id = incoming !== undefined && SAFE_ID.test(incoming) ? incoming : randomUUID();
    c.set('requestId', id);
    c.header('x-request-id', id);
    await next();
    c.res.headers.set('x-request-id', id);
  };
}
