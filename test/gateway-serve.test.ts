/**
 * Serving over real HTTP: graceful shutdown (in-flight requests finish, new ones are refused)
 * and the `trm-router serve` command.
 */
import { describe, expect, it } from 'vitest';
import { runServeCommand } from '../src/cli/serve-command.js';
import { loadConfig } from '../src/config.js';
import { createGateway, serveGateway } from '../src/gateway/index.js';
import type { SolveService } from '../src/gateway/index.js';
import { FIXTURE_MODELS, SUDOKU, testGatewayOptions } from './support/gateway.js';
import { openConnection, rawRequest } from './support/raw-http.js';

/** A solve service whose solves finish when the test says so (`count`: solves started so far). */
function gatedService(): { service: SolveService; started: Promise<void>; release: () => void; count: () => number } {
  let release!: () => void;
  let markStarted!: () => void;
  let count = 0;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const service = {
    modelDirs: ['none'],
    models: () => Promise.resolve([]),
    async solve() {
      count += 1;
      markStarted();
      await gate;
      return {
        task: 'sudoku',
        solution: { size: 9, cells: [] },
        rendered: 'done',
        verified: true,
        attempts: ['gated'],
        provenance: { solver: 'gated', kind: 'exact' as const, verified: true, latencyMs: 1 },
      };
    },
    localSolvers: () => ({ solve: () => Promise.resolve(undefined) }),
    warmUp: () => Promise.resolve({ ready: true, models: [] }),
    readiness: () => ({ ready: true, models: [] }),
  } satisfies SolveService;
  return { service, started, release, count: () => count };
}

describe('graceful shutdown', () => {
  it('lets in-flight requests finish and refuses new ones', async () => {
    const { service, started, release } = gatedService();
    const running = await serveGateway(createGateway(testGatewayOptions({ service })), { port: 0, shutdownGraceMs: 5_000 });
    const inflight = fetch(`${running.url}/v1/solve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ puzzle: SUDOKU }),
    });
    await started;
    expect(running.inFlight()).toBe(1);
    const closed = running.close();
    await expect(fetch(`${running.url}/healthz`)).rejects.toThrow(); // the listener is closed: connection refused
    release();
    const res = await inflight;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { rendered: string }).rendered).toBe('done');
    await closed;
    expect(running.server.listening).toBe(false);
  });

  it('answers a request that arrives on a kept-alive connection while draining with 503, and keeps serving the one in flight', async () => {
    const { service, started, release } = gatedService();
    const running = await serveGateway(createGateway(testGatewayOptions({ service })), { port: 0, shutdownGraceMs: 5_000 });
    let arrived = 0;
    running.server.on('request', () => (arrived += 1));
    const conn = await openConnection(running.url);
    conn.send(rawRequest('POST', '/v1/solve', JSON.stringify({ puzzle: SUDOKU })));
    await started;
    const closed = running.close();
    conn.send(rawRequest('GET', '/healthz')); // the client reuses its connection: the server is draining by now
    await expect.poll(() => arrived).toBe(2);
    release();
    const [solved, refused] = await conn.responses(2);
    expect(solved?.status).toBe(200);
    expect(refused?.status).toBe(503);
    expect(refused?.headers.connection).toBe('close');
    expect(refused?.headers['retry-after']).toBe('1');
    expect(JSON.parse(refused?.body ?? '{}')).toMatchObject({ error: { code: 'shutting_down' } });
    expect(await conn.ended()).toBe('closed');
    await closed;
  });

  it('under load loses no accepted request: every one in flight is answered, every later one gets 503, no connection is reset', async () => {
    const { service, release, count } = gatedService();
    const running = await serveGateway(createGateway(testGatewayOptions({ service })), { port: 0, shutdownGraceMs: 10_000 });
    const conns = await Promise.all(Array.from({ length: 32 }, () => openConnection(running.url)));
    for (const conn of conns) conn.send(rawRequest('POST', '/v1/solve', JSON.stringify({ puzzle: SUDOKU })));
    await expect.poll(() => count()).toBe(32);
    const closed = running.close();
    for (const conn of conns) conn.send(rawRequest('POST', '/v1/solve', JSON.stringify({ puzzle: SUDOKU })));
    await expect.poll(() => running.inFlight()).toBe(64);
    release();
    for (const conn of conns) {
      const [first, second] = await conn.responses(2);
      expect(first?.status).toBe(200);
      expect(second?.status).toBe(503);
      expect(await conn.ended()).toBe('closed');
    }
    await closed;
    expect(running.inFlight()).toBe(0);
  });

  it('closes a kept-alive connection once its in-flight response is done (Connection: close on it)', async () => {
    const { service, started, release } = gatedService();
    const running = await serveGateway(createGateway(testGatewayOptions({ service })), { port: 0, shutdownGraceMs: 5_000 });
    const conn = await openConnection(running.url);
    conn.send(rawRequest('POST', '/v1/solve', JSON.stringify({ puzzle: SUDOKU })));
    await started;
    const closed = running.close();
    release();
    const [solved] = await conn.responses(1);
    expect(solved?.status).toBe(200);
    expect(solved?.headers.connection).toBe('close');
    expect(await conn.ended()).toBe('closed');
    await closed;
  });

  it('closes connections still open when the grace period ends', async () => {
    const { service, started } = gatedService();
    const running = await serveGateway(createGateway(testGatewayOptions({ service })), { port: 0, shutdownGraceMs: 100 });
    const inflight = fetch(`${running.url}/v1/solve`, { method: 'POST', body: JSON.stringify({ puzzle: SUDOKU }) }).catch((error: unknown) => error);
    await started;
    await running.close();
    expect(await inflight).toBeInstanceOf(Error);
  });
});

describe('trm-router serve', () => {
  it('serves the gateway on the given port until stopped', async () => {
    const out: string[] = [];
    const io = {
      stdout: (t: string) => void out.push(t),
      stderr: (t: string) => void out.push(t),
      readStdin: () => Promise.resolve(''),
      readFile: () => Promise.resolve(''),
    };
    let stop!: () => void;
    let listening!: (url: string) => void;
    const url = new Promise<string>((resolve) => (listening = resolve));
    const config = loadConfig({ TRM_ROUTER_MODELS_DIR: FIXTURE_MODELS, TRM_ROUTER_LOG_LEVEL: 'silent' });
    const exit = runServeCommand(['--host', '127.0.0.1', '--port', '0'], io, config, {
      stop: new Promise<void>((resolve) => (stop = resolve)),
      onListening: listening,
    });
    const base = await url;
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    const solved = (await (await fetch(`${base}/v1/solve`, { method: 'POST', body: JSON.stringify({ puzzle: SUDOKU }) })).json()) as { verified: boolean };
    expect(solved.verified).toBe(true);
    expect(await (await fetch(`${base}/`)).text()).toContain('trm-router');
    stop();
    expect(await exit).toBe(0);
    expect(out.join('')).toContain(`trm-router gateway on ${base}`);
  });

  it('reports a bad port as a usage error', async () => {
    const err: string[] = [];
    const io = { stdout: () => undefined, stderr: (t: string) => void err.push(t), readStdin: () => Promise.resolve(''), readFile: () => Promise.resolve('') };
    expect(await runServeCommand(['--port', 'http'], io, loadConfig({ TRM_ROUTER_LOG_LEVEL: 'silent' }))).toBe(2);
    expect(err.join('')).toContain('--port');
  });
});
