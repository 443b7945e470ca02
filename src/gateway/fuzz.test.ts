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
import { startScriptedLlmServer, step } from '../testing/index.js';
import type { ScriptedLlmServer } from '../testing/index.js';
import { createGateway, createGatewayMetrics } from './index.js';
import type { GatewayMetrics } from './index.js';

/** The seed of every property (change it to explore; a failure prints the one that found it). */
const SEED = 1804;
const KEY = 'fuzz-key';
/** Caps the fuzzed gateways run under (5000 is a bucket bound of trm_router_solve_cell_steps). */
const COMPUTE = { maxSteps: 12, maxExplore: 2, maxCellSteps: 5_000 };
const SUDOKU_17 = '000000010400000000020000000000050407008000300001090000300400200050100000000806000';

// ---- arbitraries ---------------------------------------------------------------------------

const anyValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(-1, 0, 1e9, Number.MAX_SAFE_INTEGER, 2.5, '', ' ', '\u0000', '__proto__', 'constructor'),
);
/** Mostly a valid value (4 in 5), else anything. */
const mostly = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: anyValue });
/** A key a careless client might send, or a hostile one. */
const anyKey = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', ''));
const grid = fc.array(fc.array(fc.oneof(fc.integer({ min: -2, max: 12 }), anyValue), { maxLength: 6 }), { maxLength: 6 });
const cleanGrid = fc.array(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 });
const arcTask = fc.record(
  {
    id: fc.oneof(fc.constant('007bbfb7'), fc.string({ maxLength: 10 })),
    train: fc.array(fc.record({ input: fc.oneof(cleanGrid, grid), output: fc.oneof(cleanGrid, grid) }), { maxLength: 3 }),
    test: fc.array(fc.record({ input: fc.oneof(cleanGrid, grid) }), { maxLength: 3 }),
  },
  { requiredKeys: [] },
);
/** A valid Sudoku with some characters replaced (blanks, other digits, junk). */
const mutatedSudoku = fc
  .tuple(fc.constantFrom(SUDOKU, SUDOKU_17), fc.array(fc.tuple(fc.nat(80), fc.constantFrom('.', '0', '5', '9', 'x', ' ', '\n', '|')), { maxLength: 30 }))
  .map(([base, edits]) => {
    const cells = [...base];
    for (const [i, ch] of edits) cells[i] = ch;
    return cells.join('');
  });
const mutatedMaze = fc.array(fc.tuple(fc.nat(MAZE.length - 1), fc.constantFrom('#', ' ', 'S', 'G', '.', 'o', '\n', 'x')), { maxLength: 12 }).map((edits) => {
  const chars = [...MAZE];
  for (const [i, ch] of edits) chars[i] = ch;
  return chars.join('');
});
const puzzle = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(SUDOKU, SUDOKU_17, MAZE) },
  { weight: 3, arbitrary: mutatedSudoku },
  mutatedMaze,
  arcTask,
  arcTask.map((t) => JSON.stringify(t)),
  fc.string({ maxLength: 200 }),
  fc.stringMatching(/^[0-9.]{81}$/),
  grid,
  anyValue,
);
/** /v1/solve bodies: the schema's fields with values near and far from valid, budgets from modest to maximal. */
/** /v1/solve bodies the schema accepts, near the caps and over them, puzzles valid or nearly so. */
const fairSolveBody = fc.record(
  {
    task: fc.constantFrom('auto', 'auto', 'auto', 'sudoku', 'maze', 'arc'),
    puzzle: fc.oneof(fc.constantFrom(SUDOKU, SUDOKU_17, MAZE), mutatedSudoku, mutatedMaze, arcTask),
    solver: fc.constantFrom('auto', 'trm', 'exact'),
    model: fc.constantFrom('sudoku-mlp-tiny', 'sudoku-att-tiny', 'official-sudoku-mlp-d32', 'arc-identity-tiny', 'no-such-model'),
    halt: fc.constantFrom('fixed', 'adaptive', 'verified'),
    maxSteps: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: COMPUTE.maxSteps }) }, fc.integer({ min: 1, max: 256 })),
    explore: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: COMPUTE.maxExplore }) }, fc.integer({ min: 1, max: 16 })),
    trace: fc.boolean(),
    view: fc.boolean(),
    format: fc.constantFrom('pretty', 'line'),
  },
  { requiredKeys: ['puzzle'] },
);
/** /v1/solve bodies with any value in any field. */
const wildSolveBody = fc.record(
  {
    task: mostly(fc.constantFrom('auto', 'sudoku', 'maze', 'arc')),
    puzzle,
    solver: mostly(fc.constantFrom('auto', 'trm', 'exact')),
    model: mostly(fc.constantFrom('sudoku-mlp-tiny', 'arc-identity-tiny', '../etc', '')),
    halt: mostly(fc.constantFrom('fixed', 'adaptive', 'verified')),
    maxSteps: mostly(fc.integer({ min: -2, max: 300 })),
    explore: mostly(fc.integer({ min: -1, max: 20 })),
    trace: mostly(fc.boolean()),
    view: mostly(fc.boolean()),
    format: mostly(fc.constantFrom('pretty', 'line')),
  },
  { requiredKeys: [] },
);
const solveBody = fc.oneof({ weight: 3, arbitrary: fairSolveBody }, { weight: 1, arbitrary: wildSolveBody });
const withExtra = <T extends Record<string, unknown>>(body: fc.Arbitrary<T>): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .tuple(body, fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.tuple(anyKey, anyValue) }))
    .map(([b, extra]) => (extra === undefined ? b : { ...b, [extra[0]]: extra[1] }));

const text = fc.oneof(
  fc.string({ maxLength: 200 }),
  mutatedSudoku.map((s) => `Solve this please:\n${s}\nand tell me a fact about it.`),
  mutatedMaze.map((m) => `Find the way:\n\`\`\`\n${m}\n\`\`\``),
  arcTask.map((t) => `What is the rule? ${JSON.stringify(t)}`),
);
const routeBody = fc.record({ input: fc.oneof(text, anyValue), useLlm: fc.oneof(fc.boolean(), anyValue) }, { requiredKeys: [] });
const openaiBody = fc.record(
  {
    model: fc.oneof(fc.constantFrom('trm-router', 'gpt-x'), anyValue),
    messages: fc.oneof(
      fc.array(
        fc.record(
          {
            role: fc.oneof(fc.constantFrom('system', 'developer', 'user', 'assistant', 'tool', 'function'), anyValue),
            content: fc.oneof(
              text,
              fc.array(fc.record({ type: fc.constantFrom('text', 'image_url', 'x'), text }, { requiredKeys: ['type'] }), { maxLength: 3 }),
              anyValue,
            ),
            tool_call_id: fc.string({ maxLength: 8 }),
          },
          { requiredKeys: ['role'] },
        ),
        { maxLength: 4 },
      ),
      anyValue,
    ),
    stream: fc.oneof(fc.boolean(), anyValue),
    stream_options: fc.constant({ include_usage: true }),
    tools: fc.oneof(fc.constant([{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } }]), anyValue),
    temperature: anyValue,
    max_tokens: anyValue,
  },
  { requiredKeys: [] },
);
const anthropicBody = fc.record(
  {
    model: fc.oneof(fc.constantFrom('trm-router', 'claude-x'), anyValue),
    max_tokens: fc.oneof(fc.integer({ min: 1, max: 4096 }), anyValue),
    messages: fc.oneof(
      fc.array(
        fc.record({
          role: fc.oneof(fc.constantFrom('user', 'assistant'), anyValue),
          content: fc.oneof(
            text,
            fc.array(fc.record({ type: fc.constantFrom('text', 'image', 'tool_result', 'x'), text }, { requiredKeys: ['type'] }), { maxLength: 3 }),
            anyValue,
          ),
        }),
        { maxLength: 4 },
      ),
      anyValue,
    ),
    system: fc.oneof(fc.string({ maxLength: 50 }), anyValue),
    stream: fc.oneof(fc.boolean(), anyValue),
    tools: fc.oneof(fc.constant([{ name: 'get_weather', input_schema: { type: 'object', properties: {} } }]), anyValue),
  },
  { requiredKeys: [] },
);
const solveToolArgs = fc.record(
  {
    puzzle,
    task: fc.oneof(fc.constantFrom('auto', 'sudoku', 'maze'), anyValue),
    train: anyValue,
    test: anyValue,
    grid,
  },
  { requiredKeys: [] },
);
const mcpBody = fc.oneof(
  fc.record(
    {
      jsonrpc: fc.oneof(fc.constant('2.0'), anyValue),
      id: fc.oneof(fc.integer(), fc.string({ maxLength: 8 }), anyValue),
      method: fc.oneof(fc.constantFrom('initialize', 'tools/list', 'tools/call', 'ping', 'notifications/initialized', 'resources/list'), anyValue),
      params: fc.oneof(
        fc.record(
          {
            name: fc.oneof(fc.constantFrom('solve_sudoku', 'solve_maze', 'solve_arc', 'solve_grid', 'nope'), anyValue),
            arguments: fc.oneof(solveToolArgs, anyValue),
          },
          { requiredKeys: [] },
        ),
        fc.constant({ protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'fuzz', version: '1' } }),
        anyValue,
      ),
    },
    { requiredKeys: [] },
  ),
  fc.array(fc.record({ jsonrpc: fc.constant('2.0'), id: fc.nat(), method: fc.constantFrom('tools/list', 'ping') }), { maxLength: 3 }),
);

/** A body as the client sends it: the JSON of a structured body, or raw text (cut JSON, junk, deep nesting). */
const rawBody = (structured: fc.Arbitrary<unknown>): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 12, arbitrary: structured.map((b) => JSON.stringify(b) ?? 'null') },
    { weight: 1, arbitrary: structured.map((b) => (JSON.stringify(b) ?? '').slice(0, -2)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 100 }) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 5_000 }).map((d) => `{"a":${'['.repeat(d)}${']'.repeat(d)}}`) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
  );

const headerValue = fc.oneof(fc.stringMatching(/^[\x20-\x7e]{0,40}$/), fc.constantFrom('', ' ', 'application/json', 'text/plain', '*/*', 'a'.repeat(2_000)));
/** Headers a client may send: content type, auth (right, wrong, malformed), request id, accept, API versions, anything. */
const headers = fc
  .record(
    {
      'content-type': fc.oneof(
        { weight: 4, arbitrary: fc.constant('application/json') },
        fc.constantFrom(
          'application/json',
          'application/json; charset=utf-8',
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data',
          'application/JSON',
        ),
        headerValue,
      ),
      authorization: fc.oneof(fc.constantFrom(`Bearer ${KEY}`, 'Bearer wrong', 'Basic Zm9vOmJhcg==', 'Bearer', `bearer ${KEY}`), headerValue),
      'x-api-key': fc.oneof(fc.constant(KEY), headerValue),
      'x-request-id': headerValue,
      accept: fc.oneof(fc.constantFrom('application/json, text/event-stream', 'text/event-stream', 'application/json', '*/*'), headerValue),
      'anthropic-version': fc.oneof(fc.constant('2023-06-01'), headerValue),
      'mcp-protocol-version': fc.oneof(fc.constant('2025-06-18'), headerValue),
      'mcp-session-id': headerValue,
      origin: headerValue,
      'x-forwarded-for': headerValue,
    },
    { requiredKeys: [] },
  )
  .chain((h) => fc.dictionary(fc.stringMatching(/^x-[a-z0-9-]{1,20}$/), headerValue, { maxKeys: 3 }).map((more) => ({ ...more, ...h })));

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
  const app = createGateway(testGatewayOptions({ metrics, apiKeys: [KEY], compute: COMPUTE, rateLimit: { limit: 1_000_000, windowMs: 60_000 } }));
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
