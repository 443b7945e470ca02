/**
 * fast-check arbitraries for fuzzing the gateway (src/gateway/fuzz.test.ts): request bodies of
 * every route, from valid through nearly valid to junk (cut JSON, deep nesting, hostile keys),
 * and the headers a careless or hostile client sends.
 *
 * @example
 * await fc.assert(fc.asyncProperty(rawBody(withExtra(solveBody)), headers, check), { seed: 1804 });
 */
import fc from 'fast-check';
import { MAZE, SUDOKU } from './gateway.js';

/** The API key the fuzzed gateways accept (`headers` sends it, wrong ones, and malformed ones). */
export const FUZZ_KEY = 'fuzz-key';
/** Caps the fuzzed gateways run under (5000 is a bucket bound of trm_router_solve_cell_steps). */
export const FUZZ_COMPUTE = { maxSteps: 12, maxExplore: 2, maxCellSteps: 5_000 };
/** 17 givens: the fixture models never verify it, so a TRM-only solve runs every step it may. */
export const SUDOKU_17 = '000000010400000000020000000000050407008000300001090000300400200050100000000806000';
const KEY = FUZZ_KEY;
const COMPUTE = FUZZ_COMPUTE;

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
export const solveBody = fc.oneof({ weight: 3, arbitrary: fairSolveBody }, { weight: 1, arbitrary: wildSolveBody });
export const withExtra = <T extends Record<string, unknown>>(body: fc.Arbitrary<T>): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .tuple(body, fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.tuple(anyKey, anyValue) }))
    .map(([b, extra]) => (extra === undefined ? b : { ...b, [extra[0]]: extra[1] }));

const text = fc.oneof(
  fc.string({ maxLength: 200 }),
  mutatedSudoku.map((s) => `Solve this please:\n${s}\nand tell me a fact about it.`),
  mutatedMaze.map((m) => `Find the way:\n\`\`\`\n${m}\n\`\`\``),
  arcTask.map((t) => `What is the rule? ${JSON.stringify(t)}`),
);
export const routeBody = fc.record({ input: fc.oneof(text, anyValue), useLlm: fc.oneof(fc.boolean(), anyValue) }, { requiredKeys: [] });
export const openaiBody = fc.record(
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
export const anthropicBody = fc.record(
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
export const solveToolArgs = fc.record(
  {
    puzzle,
    task: fc.oneof(fc.constantFrom('auto', 'sudoku', 'maze'), anyValue),
    train: anyValue,
    test: anyValue,
    grid,
  },
  { requiredKeys: [] },
);
export const mcpBody = fc.oneof(
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
export const rawBody = (structured: fc.Arbitrary<unknown>): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 12, arbitrary: structured.map((b) => JSON.stringify(b) ?? 'null') },
    { weight: 1, arbitrary: structured.map((b) => (JSON.stringify(b) ?? '').slice(0, -2)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 100 }) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 5_000 }).map((d) => `{"a":${'['.repeat(d)}${']'.repeat(d)}}`) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
  );

const headerValue = fc.oneof(fc.stringMatching(/^[\x20-\x7e]{0,40}$/), fc.constantFrom('', ' ', 'application/json', 'text/plain', '*/*', 'a'.repeat(2_000)));
/** Headers a client may send: content type, auth (right, wrong, malformed), request id, accept, API versions, anything. */
export const headers = fc
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
