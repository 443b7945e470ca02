/**
 * The request deadline: `c.var.signal` aborts when the request runs past `timeoutMs` or the
 * client goes away, and every solve and upstream call gets it, so abandoned work stops. A
 * request still running at the deadline is answered 504 (`timeout`), whatever the aborted work
 * reported on its way out (an `aborted` error from a solver that saw its signal fire is the
 * deadline's doing, not the client's). A streamed response is bounded only until its headers go
 * out; the stream itself ends when the client leaves.
 *
 * @example
 * app.use('/v1/*', requestTimeout({ timeoutMs: 60_000 }));
 */
import type { MiddlewareHandler } from 'hono';
import { TimeoutError } from '../../core/errors.js';
import type { GatewayEnv } from '../env.js';

export interface RequestTimeoutOptions {
  timeoutMs: number;
  /** How long work aborted by the deadline may take to wind down before the 504 goes out, ms (default 1000). */
  windDownMs?: number;
}

export function requestTimeout(options: RequestTimeoutOptions): MiddlewareHandler<GatewayEnv> {
  const windDownMs = options.windDownMs ?? 1_000;
  return async (c, next) => {
    const controller = new AbortController();
    // Forward the client's abort by hand: cheaper per request than AbortSignal.any.
    const client = c.req.raw.signal as AbortSignal | undefined;
    const forward = (): void => controller.abort(client?.reason);
    if (client?.aborted === true) forward();
    else client?.addEventListener('abort', forward, { once: true });
    c.set('signal', controller.signal);
    let timer: NodeJS.Timeout | undefined;
    let expired: TimeoutError | undefined;
    const deadline = new Promise<'expired'>((resolve) => {
      timer = setTimeout(() => {
        expired = new TimeoutError(`The request took longer than ${options.timeoutMs} ms`, options.timeoutMs);
        controller.abort(expired);
        resolve('expired');
      }, options.timeoutMs);
    });
    const work = next();
    try {
      if ((await Promise.race([work, deadline])) === 'expired') {
        // Let the aborted work finish writing its (error) response first, so it cannot replace the 504 afterwards.
        let windDown: NodeJS.Timeout | undefined;
        await Promise.race([work.catch(() => undefined), new Promise<void>((resolve) => (windDown = setTimeout(resolve, windDownMs)))]);
        clearTimeout(windDown);
      }
    } finally {
      clearTimeout(timer);
      if (c.res.headers.get('content-type')?.startsWith('text/event-stream') !== true) client?.removeEventListener('abort', forward);
    }
    // The deadline passed before the response was ready: whatever the handler made of its aborted work, the answer is 504.
    if (expired !== undefined && c.res.headers.get('content-type')?.startsWith('text/event-stream') !== true) throw expired;
  };
}
