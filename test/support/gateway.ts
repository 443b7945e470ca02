/**
 * Helpers for the gateway tests: the fixture models folder, a puzzle with its known solution,
 * JSON requests against `app.request()`, a gateway served on 127.0.0.1 port 0, and a logger
 * that keeps its lines.
 *
 * @example
 * const app = createGateway(testGatewayOptions());
 * const res = await postJson(app, '/v1/solve', { puzzle: SUDOKU });
 */
import { join } from 'node:path';
import type { Hono } from 'hono';
import { createGateway, createJsonLogger, serveGateway, silentLogger } from '../../src/gateway/index.js';
import type { GatewayEnv, GatewayOptions, Logger, RunningGateway, SolveService } from '../../src/gateway/index.js';
import { REPO_ROOT } from './paths.js';

/** The TRM models the tests use (tiny fixtures: their answers rarely verify, so `auto` falls back). */
export const FIXTURE_MODELS = join(REPO_ROOT, 'test', 'fixtures', 'trm');

/**
 * A models folder holding one learned-task model alone: `recolour-tiny` (colour 1 becomes 2,
 * other cells stay; grids up to 6x6 of colours 0..3), made by tools/make_learned_fixture.py,
 * with its held-out pairs in `recolour-tiny/heldout/recolour-tiny.jsonl`.
 */
export const LEARNED_MODELS = join(REPO_ROOT, 'test', 'fixtures', 'learned-models');
export const LEARNED_TASK = 'recolour-tiny';

/** A classic Sudoku (30 givens) and its unique solution. */
export const SUDOKU = '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79';
export const SUDOKU_SOLUTION = '534678912672195348198342567859761423426853791713924856961537284287419635345286179';
/** The solution as the codec's pretty rendering shows its first row. */
export const SUDOKU_FIRST_ROW = '5 3 4 | 6 7 8 | 9 1 2';

export const MAZE = ['#########', '#S  #   #', '# # # # #', '# #   # #', '# ##### #', '#      G#', '#########'].join('\n');

/** Options for a test gateway: fixture models, silent logs, no rate limit unless given. */
export function testGatewayOptions(options: GatewayOptions = {}): GatewayOptions {
  return { modelDirs: [FIXTURE_MODELS], logger: silentLogger, rateLimit: false, ...options };
}

export function postJson(app: Hono<GatewayEnv>, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(
    app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

/** A gateway listening on 127.0.0.1 (any free port). */
export async function startTestGateway(options: GatewayOptions = {}): Promise<RunningGateway> {
  return serveGateway(createGateway(testGatewayOptions(options)), { host: '127.0.0.1', port: 0, shutdownGraceMs: 2_000 });
}

/** A JSON logger that keeps its lines (parsed) for assertions. */
export function recordingLogger(): { logger: Logger; lines: Record<string, unknown>[]; raw: string[] } {
  const raw: string[] = [];
  const lines: Record<string, unknown>[] = [];
  const logger = createJsonLogger({
    level: 'debug',
    write: (line) => {
      raw.push(line);
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  });
  return { logger, lines, raw };
}

/** A solve service whose solves wait until their signal aborts (for deadlines and shutdown). */
export function hangingService(): SolveService & { started: number } {
  const stub: SolveService & { started: number } = {
    started: 0,
    modelDirs: ['none'],
    models: () => Promise.resolve([]),
    solve: (_p: unknown, _s: unknown, o: { signal?: AbortSignal } = {}) =>
      new Promise<never>((_, reject) => {
        stub.started += 1;
        o.signal?.addEventListener('abort', () => reject(o.signal?.reason as Error));
      }),
    localSolvers: () => ({ solve: () => Promise.resolve(undefined) }),
    warmUp: () => Promise.resolve({ ready: true, models: [] }),
    readiness: () => ({ ready: true, models: [] }),
  };
  return stub;
}
