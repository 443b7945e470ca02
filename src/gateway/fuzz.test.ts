/**
 * Fuzzing every gateway route, bodies and headers (fast-check, seeded: a failure prints its
 * seed and the shrunk request, and the same seed replays it): never a 5xx, never a crash, every
 * error a typed JSON body, and never more compute than the budget: every solve's cell-steps
 * (steps x samples x cells, as the solver reports them in the answer and in /metrics) within the
 * server's cap, whatever the request asked for. Chat endpoints run without an LLM and with
 * scripted OpenAI and Anthropic upstreams (the real SDKs, the scripted server's wire format).
 * Runs per property are kept small enough for CI (the whole file takes tens of seconds).
 */
import Anthropic from '@anthropic-ai/sdk';
import fc from 'fast-check';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAZE, SUDOKU, testGatewayOptions } from '../../test/support/gateway.js';
import {
  FUZZ_COMPUTE,
  FUZZ_KEY,
  SUDOKU_17,
  anthropicBody,
  headers,
  mcpBody,
  openaiBody,
  rawBody,
  routeBody,
  solveBody,
  solveToolArgs,
  withExtra,
} from '../../test/support/gateway-fuzz.js';
import { startScriptedLlmServer, step } from '../testing/index.js';
import type { ScriptedLlmServer } from '../testing/index.js';
import { createGateway, createGatewayMetrics } from './index.js';
import type { GatewayMetrics } from './index.js';

/** The seed of every property (change it to explore; a failure prints the one that found it). */
const SEED = 1804;
const KEY = FUZZ_KEY;
const COMPUTE = FUZZ_COMPUTE;

// ---- checks ---------------------------------------------------------------------------------

interface Budgeted {
  cellSteps?: unknown;
  provenance?: { kind?: string; steps?: number };
}

/** Reads the whole answer (streams too) and checks it: no 5xx, JSON that parses, a typed error. */
async function check(res: Response, what: string): Promise<{ status: number; json: unknown }> {
  const body = await res.text();
  const say = `${what} -> ${res.status} ${body.slice(0, 400)}`;
  expect(res.status, say).toBeLessThan(500);
  const type = res.headers.get('content-type') ?? '';
  let json: unknown;
  if (type.includes('application/json') && body !== '') {
    json = JSON.parse(body) as unknown;
    if (res.status >= 400) expect((json as { error?: unknown }).error, say).toBeDefined();
    // MCP's JSON-RPC errors have numeric codes; the gateway's own are snake_case names.
    if (res.status >= 400 && !what.includes(' /mcp')) {
      expect((json as { error: { code: unknown } }).error.code, say).toMatch(/^[a-z_]+$/);
    }
  }
  return { status: res.status, json };
}

/** Every solve /metrics recorded spent at most the budget (its histogram's bucket at the cap holds them all). */
function expectMetricsWithinBudget(metrics: GatewayMetrics): void {
  const text = metrics.registry.render();
  for (const [, task, count] of text.matchAll(/^trm_router_solve_cell_steps_count\{task="([^"]+)"\} (\S+)$/gm)) {
    const within = new RegExp(`^trm_router_solve_cell_steps_bucket\\{task="${task}",le="${COMPUTE.maxCellSteps}"\\} (\\S+)$`, 'm').exec(text)?.[1];
    expect(within, `task ${task}`).toBe(count);
  }
}

function expectWithinBudget(json: unknown): void {
  const answer = json as Budgeted;
  if (answer.cellSteps !== undefined) expect(answer.cellSteps).toBeLessThanOrEqual(COMPUTE.maxCellSteps);
  if (answer.provenance?.kind === 'trm') expect(answer.provenance.steps ?? 0).toBeLessThanOrEqual(COMPUTE.maxSteps);
}

const run = <T>(property: fc.IAsyncProperty<T>, numRuns: number): Promise<void> => fc.assert(property, { seed: SEED, numRuns });

// ---- properties -----------------------------------------------------------------------------

describe('fuzzed requests, no LLM configured (API keys on)', () => {
  const metrics = createGatewayMetrics();
  // the wrong-key throttle off: fuzzed keys are wrong most of the time, and a throttled address
  // would answer every later case 429 (the throttle has its own tests in middleware.test.ts)
  const app = createGateway(
    testGatewayOptions({ metrics, apiKeys: [KEY], compute: COMPUTE, rateLimit: { limit: 1_000_000, windowMs: 60_000 }, authFailures: false }),
  );
  const post = (path: string, body: string, h: Record<string, string>) => app.request(path, { method: 'POST', headers: h, body });
  /** Usually the right key, so that most requests get past authentication. */
  const authed = headers.chain((h) =>
    fc.nat(3).map((n) => {
      if (n === 0) return h;
      const { 'x-api-key': _key, ...rest } = h;
      return { ...rest, authorization: `Bearer ${KEY}` };
    }),
  );

  it('POST /v1/solve: never a 5xx; a solve never spends more than the budget', async () => {
    const statuses = new Map<number, number>();
    await run(
      fc.asyncProperty(rawBody(withExtra(solveBody)), authed, async (body, h) => {
        const { status, json } = await check(await post('/v1/solve', body, h), `POST /v1/solve ${body.slice(0, 200)}`);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status === 200) expectWithinBudget(json);
      }),
      150,
    );
    // Both sides were reached: solves that ran, and refusals.
    expect(statuses.get(200)).toBeGreaterThanOrEqual(5);
    expect(statuses.get(400)).toBeGreaterThan(5);
    expectMetricsWithinBudget(metrics);
  });

  it("the issue's maximal request and its neighbours are refused or run within the budget", async () => {
    let ran = 0;
    await run(
      fc.asyncProperty(
        fc.record({
          puzzle: fc.constantFrom(SUDOKU_17, SUDOKU, MAZE),
          solver: fc.constantFrom('trm', 'auto'),
          halt: fc.constantFrom('fixed', 'adaptive', 'verified'),
          maxSteps: fc.oneof(fc.integer({ min: 1, max: COMPUTE.maxSteps + 2 }), fc.integer({ min: 1, max: 256 })),
          explore: fc.oneof(fc.integer({ min: 1, max: COMPUTE.maxExplore + 1 }), fc.integer({ min: 1, max: 16 })),
          model: fc.constantFrom('sudoku-mlp-tiny', 'sudoku-att-tiny', 'official-sudoku-mlp-d32'),
        }),
        async (body) => {
          const res = await post('/v1/solve', JSON.stringify(body), { 'content-type': 'application/json', 'x-api-key': KEY });
          const { status, json } = await check(res, JSON.stringify(body));
          const over = body.maxSteps > COMPUTE.maxSteps || body.explore > COMPUTE.maxExplore;
          if (over) expect(status).toBe(400);
          if (status === 200) {
            ran += 1;
            expectWithinBudget(json);
          }
        },
      ),
      40,
    );
    expect(ran).toBeGreaterThan(0);
    expectMetricsWithinBudget(metrics);
  });

  it('POST /v1/route, /v1/chat/completions, /v1/messages (answered by the router), /mcp: never a 5xx', async () => {
    const routes = fc.oneof(
      fc.tuple(fc.constant('/v1/route'), rawBody(withExtra(routeBody))),
      fc.tuple(fc.constant('/v1/chat/completions'), rawBody(withExtra(openaiBody))),
      fc.tuple(fc.constant('/v1/messages'), rawBody(withExtra(anthropicBody))),
      fc.tuple(fc.constant('/mcp'), rawBody(mcpBody)),
    );
    await run(
      fc.asyncProperty(routes, authed, async ([path, body], h) => {
        await check(await post(path, body, h), `POST ${path} ${body.slice(0, 200)}`);
      }),
      200,
    );
    expectMetricsWithinBudget(metrics);
  });

  it('GET and other methods on every route (docs, openapi, health, metrics, models, playground, unknown paths): never a 5xx', async () => {
    const paths = fc.oneof(
      fc.constantFrom(
        '/',
        '/docs',
        '/openapi.json',
        '/healthz',
        '/readyz',
        '/metrics',
        '/v1/models',
        '/playground/examples.json',
        '/assets/playground.js',
        '/assets/docs.js',
        '/assets/playground.css',
        '/favicon.ico',
        '/mcp',
        '/v1/solve',
        '/v1/route',
        '/v1/chat/completions',
        '/v1/messages',
      ),
      fc.webPath(),
    );
    const method = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS');
    await run(
      fc.asyncProperty(paths, fc.webQueryParameters(), method, authed, fc.string({ maxLength: 50 }), async (path, query, m, h, body) => {
        const url = `${path.startsWith('/') ? path : `/${path}`}${query === '' ? '' : `?${query}`}`;
        const res = await app.request(url, { method: m, headers: h, ...(m === 'GET' || m === 'HEAD' ? {} : { body }) });
        await check(res, `${m} ${url}`);
      }),
      200,
    );
  });
});

describe('fuzzed chat requests with scripted OpenAI and Anthropic upstreams', () => {
  let server: ScriptedLlmServer;
  let app: ReturnType<typeof createGateway>;
  const metrics = createGatewayMetrics();

  beforeAll(async () => {
    server = await startScriptedLlmServer();
    app = createGateway(
      testGatewayOptions({
        metrics,
        compute: COMPUTE,
        upstream: {
          openai: { client: new OpenAI({ apiKey: 'test', baseURL: server.openaiBaseURL, maxRetries: 0 }), model: 'gpt-upstream' },
          anthropic: { client: new Anthropic({ apiKey: 'test', baseURL: server.anthropicBaseURL, maxRetries: 0 }), model: 'claude-upstream' },
        },
      }),
    );
  });
  afterAll(() => server.close());

  /** What the upstream says next: text, or a call to a solver tool with fuzzed arguments (then text). */
  const upstreamTurn = fc.oneof(
    fc.string({ maxLength: 60 }).map((t) => [step.text(t === '' ? 'ok' : t)]),
    fc
      .tuple(fc.constantFrom('solve_sudoku', 'solve_maze', 'solve_grid', 'solve_arc', 'not_a_tool'), solveToolArgs)
      .map(([name, args]) => [step.toolCalls([{ name, arguments: args }]), step.text('done')]),
  );

  it('POST /v1/chat/completions and /v1/messages, JSON and SSE: never a 5xx; tool solves stay within the budget', async () => {
    const routes = fc.oneof(
      fc.tuple(fc.constant('/v1/chat/completions' as const), rawBody(withExtra(openaiBody))),
      fc.tuple(fc.constant('/v1/messages' as const), rawBody(withExtra(anthropicBody))),
    );
    await run(
      fc.asyncProperty(routes, upstreamTurn, headers, async ([path, body], turn, h) => {
        const endpoint = path === '/v1/messages' ? 'anthropic' : 'openai';
        // A request refused before it reaches the upstream leaves its turn for the next one.
        if (server.remaining(endpoint) === 0) server.push(endpoint, ...turn);
        await check(
          await app.request(path, { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body }),
          `POST ${path} ${body.slice(0, 200)}`,
        );
      }),
      120,
    );
    expectMetricsWithinBudget(metrics);
  });
});
