/**
 * Serving the gateway on Node (`@hono/node-server`) with graceful shutdown: `close()` stops
 * accepting connections, answers requests that still arrive on open connections with 503
 * (`shutting_down`, `Connection: close`), lets in-flight requests (streams included) finish for
 * up to `shutdownGraceMs`, then closes whatever is left.
 *
 * @example
 * const running = await serveGateway(createGateway(), { host: '127.0.0.1', port: 8787 });
 * process.once('SIGTERM', () => void running.close());
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';
import type { GatewayEnv } from './env.js';
import type { Logger } from './middleware/logger.js';

export interface ServeOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 8787; 0 = any free port. */
  port?: number;
  /** How long `close()` waits for in-flight requests, ms (default 10 000). */
  shutdownGraceMs?: number;
  logger?: Logger;
}

export interface RunningGateway {
  /** `http://host:port` */
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** Requests being answered now. */
  inFlight(): number;
  /** Graceful shutdown (idempotent); resolves when the server is closed. */
  close(): Promise<void>;
}

const SHUTTING_DOWN = JSON.stringify({
  error: { code: 'shutting_down', type: 'overloaded_error', message: 'The gateway is shutting down; retry on another instance', details: {} },
});

/**
 * Listens and resolves once the server accepts connections.
 *
 * @example
 * const { url, close } = await serveGateway(app, { port: 0 });
 */
export async function serveGateway(app: Hono<GatewayEnv>, options: ServeOptions = {}): Promise<RunningGateway> {
  const host = options.host ?? '127.0.0.1';
  const grace = options.shutdownGraceMs ?? 10_000;
  let draining = false;
  let inFlight = 0;
  const idle = new Set<() => void>();
  const server = createAdaptorServer({
    fetch: (request, env) => {
      if (draining)
        return new Response(SHUTTING_DOWN, { status: 503, headers: { 'content-type': 'application/json', connection: 'close', 'retry-after': '1' } });
      return app.fetch(request, env);
    },
    hostname: host,
  }) as Server;
  server.on('request', (_req, res) => {
    inFlight += 1;
    if (draining) res.setHeader('connection', 'close');
    res.once('close', () => {
      inFlight -= 1;
      if (inFlight === 0) for (const notify of idle) notify();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8787, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;

  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      draining = true;
      options.logger?.info('shutting down', { inFlight, graceMs: grace });
      server.close(() => resolve());
      server.closeIdleConnections();
      const done = (): void => {
        clearTimeout(timer);
        idle.clear();
        server.closeAllConnections();
      };
      const timer = setTimeout(() => {
        if (inFlight > 0) options.logger?.warn('shutdown grace period over; closing open connections', { inFlight });
        done();
      }, grace);
      timer.unref();
      if (inFlight === 0) done();
      else idle.add(done);
    });
    return closing;
  };

  return { url, port, server, inFlight: () => inFlight, close };
}
