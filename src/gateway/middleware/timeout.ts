/**
 * The request deadline: `c.var.signal` aborts when the request runs past `timeoutMs` or the
 * client goes away, and every solve and upstream call gets it, so abandoned work stops. A
 * request still running at the deadline is answered 504 (`timeout`). A streamed response is
 * bounded only until its headers go out; the stream itself ends when the client leaves.
 *
 * @example
 * app.use('/v1/*', requestTimeout({ timeoutMs: 60_000 }));
 */
import type { MiddlewareHandler } from 'hono';
import { TimeoutError } from '../../core/errors.js';
import type { GatewayEnv } from '../env.js';

export interface RequestTimeoutOptions {
  timeoutMs: number;
}

export function requestTimeout(options: RequestTimeoutOptions): MiddlewareHandler<GatewayEnv> {
  return async (c, next) => {
    const controller = new AbortController();
    // Forward the client's abort by hand: cheaper per request than AbortSignal.any.
    const client = c.req.raw.signal as AbortSignal | undefined;
    const forward = (): void => controller.abort(client?.reason);
    if (client?.aborted === true) forward();
    else client?.addEventListener('abort', forward, { once: true });
    c.set('signal', controller.signal);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new TimeoutError(`The request took longer than ${options.timeoutMs} ms`, options.timeoutMs);
        controller.abort(error);
        reject(error);
      }, options.timeoutMs);
    });
    try {
      await Promise.race([next(), deadline]);
    } finally {
      clearTimeout(timer);
      if (c.res.headers.get('content-type')?.startsWith('text/event-stream') !== true) client?.removeEventListener('abort', forward);
    }
  };
}
