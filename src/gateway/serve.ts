/**
 * Serving the gateway on Node (`@hono/node-server`) with graceful shutdown: `close()` stops
 * accepting connections, answers requests that still arrive on open connections with 503
 * (`shutting_down`, `Connection: close`), lets in-flight requests (streams included) finish for
 * up to `shutdownGraceMs`, then closes whatever is left. No accepted request is lost: every
 * response still unsent when draining starts carries `Connection: close`, and each kept-alive
 * connection is closed as soon as its last response ends.
 *
 * @example
 * const running = await serveGateway(createGateway(), { host: '127.0.0.1', port: 8787 });
 * process.once('SIGTERM', () => void running.close());
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
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
  /** Unfinished responses per connection, oldest first (more than one when a client pipelines). */
  const open = new Map<Socket, ServerResponse[]>();
  const server = createAdaptorServer({
    fetch: (request, env) => {
      if (draining)
        return new Response(SHUTTING_DOWN, { status: 503, headers: { 'content-type': 'application/json', connection: 'close', 'retry-after': '1' } });
      return app.fetch(request, env);
    },
    hostname: host,
  }) as Server;
  /**
   * While draining, the last unsent response of each connection says `Connection: close` (the
   * client must not reuse it); earlier ones keep the connection open, or the answers queued
   * behind them would never be written. A response whose headers are out cannot change: its
   * connection is closed once idle.
   */
  const markLast = (responses: readonly ServerResponse[]): void => {
    responses.forEach((res, i) => {
      if (res.headersSent) return;
      if (i === responses.length - 1) res.setHeader('connection', 'close');
      else res.removeHeader('connection');
    });
  };
  // Runs before the app's own listener (which may answer at once), so it sees every response unsent.
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    inFlight += 1;
    const socket = req.socket;
    const mine = open.get(socket) ?? [];
    mine.push(res);
    open.set(socket, mine);
    if (draining) markLast(mine);
    res.once('close', () => {
      inFlight -= 1;
      mine.splice(mine.indexOf(res), 1);
      if (mine.length === 0) open.delete(socket);
      // A kept-alive connection whose last response just ended is idle now: close it (next tick, once Node marked it idle).
      if (draining) setImmediate(() => server.closeIdleConnections());
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
      for (const responses of open.values()) markLast(responses);
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
