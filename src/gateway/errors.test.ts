import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAZE, SUDOKU, postJson, testGatewayOptions } from '../../test/support/gateway.js';
import { createGateway } from './index.js';

const app = createGateway(testGatewayOptions({ bodyLimitBytes: 64 * 1024 }));

interface ErrorJson {
  error: { code: string; type: string; message: string; details: { field?: string; limitBytes?: number } };
}

async function errorOf(res: Response): Promise<ErrorJson['error']> {
  return ((await res.json()) as ErrorJson).error;
}

describe('bad requests get the right 4xx with a message naming the problem', () => {
  it('malformed JSON: 400 invalid_json quoting the parser', async () => {
    const res = await postJson(app, '/v1/solve', '{"puzzle": "53..7', {});
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('invalid_json');
    expect(error.type).toBe('invalid_request_error');
    expect(error.message).toMatch(/^Request body is not valid JSON: /);
  });

  it('an empty body, or JSON that is not an object', async () => {
    expect((await errorOf(await postJson(app, '/v1/solve', ''))).message).toContain('empty');
    const array = await errorOf(await postJson(app, '/v1/solve', []));
    expect(array.code).toBe('invalid_input');
    expect(array.message).toContain('expected object');
  });

  it.each([
    [{ puzzle: 5 }, 'puzzle', 'puzzle must be text, a grid'],
    [{}, 'puzzle', 'puzzle'],
    [{ puzzle: SUDOKU, maxSteps: 'many' }, 'maxSteps', 'maxSteps'],
    [{ puzzle: SUDOKU, maxSteps: 0 }, 'maxSteps', 'maxSteps'],
    [{ puzzle: SUDOKU, trace: 'yes' }, 'trace', 'trace'],
    [{ puzzle: SUDOKU, solver: 'magic' }, 'solver', 'expected one of'],
    [{ puzzle: SUDOKU, task: 'chess' }, 'task', 'task: Invalid option: expected one of "auto"|"sudoku"|"maze"|"arc"'],
    [{ puzzle: SUDOKU, puzzel: SUDOKU }, '(root)', 'puzzel'],
  ])('wrong types and unknown fields: %j -> 400 naming %s', async (body, field, text) => {
    const res = await postJson(app, '/v1/solve', body);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('invalid_input');
    expect(error.details.field).toBe(field);
    expect(error.message).toContain(text);
  });

  it('a puzzle that does not parse: 400 naming the row and column', async () => {
    const res = await postJson(app, '/v1/solve', { puzzle: SUDOKU.replace('53', '55'), task: 'sudoku' });
    expect(res.status).toBe(400);
    const error = (await res.json()) as { error: { message: string; details: { positions?: unknown[] } } };
    expect(error.error.message).toMatch(/5/);
    expect(error.error.details.positions?.length).toBeGreaterThan(0);
  });

  it('a huge body: 413 payload_too_large naming the limit, declared or streamed', async () => {
    const huge = JSON.stringify({ puzzle: 'x'.repeat(100 * 1024) });
    const declared = await postJson(app, '/v1/solve', huge);
    expect(declared.status).toBe(413);
    const error = await errorOf(declared);
    expect(error.code).toBe('payload_too_large');
    expect(error.message).toContain(`${64 * 1024} bytes`);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(16 * 1024)));
        controller.close();
      },
    });
    const streamed = await app.request('/v1/solve', { method: 'POST', body: stream, headers: { 'content-type': 'application/json' }, duplex: 'half' });
    expect(streamed.status).toBe(413);
  });

  it('a multipart body: 415', async () => {
    const form = new FormData();
    form.set('puzzle', SUDOKU);
    const res = await app.request('/v1/solve', { method: 'POST', body: form });
    expect(res.status).toBe(415);
    expect((await errorOf(res)).details.field).toBe('content-type');
  });

  it('curl -d without a content type still works (form encoding is read as JSON)', async () => {
    const res = await app.request('/v1/solve', {
      method: 'POST',
      body: JSON.stringify({ puzzle: SUDOKU }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(200);
  });
});

describe('fuzzed request bodies never produce a 5xx', () => {
  const sudokuLike = fc.stringMatching(/^[0-9.]{81}$/);
  const mazeLike = fc.array(fc.stringMatching(/^[# SG.]{1,12}$/), { minLength: 1, maxLength: 12 }).map((rows) => rows.join('\n'));
  const grid = fc.array(fc.array(fc.integer({ min: -2, max: 12 }), { minLength: 0, maxLength: 5 }), { minLength: 0, maxLength: 5 });
  const arcLike = fc.record({
    train: fc.array(fc.record({ input: grid, output: grid }), { maxLength: 2 }),
    test: fc.array(fc.record({ input: grid }), { maxLength: 2 }),
  });
  const anyValue = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 2 }));
  const solveBody = fc.record(
    {
      task: fc.oneof(fc.constantFrom('auto', 'sudoku', 'maze', 'arc'), anyValue),
      puzzle: fc.oneof(sudokuLike, mazeLike, arcLike, fc.string(), grid, anyValue, fc.constant(SUDOKU)),
      solver: fc.oneof(fc.constantFrom('auto', 'trm', 'exact'), anyValue),
      model: fc.oneof(fc.constantFrom('sudoku-mlp-tiny', 'arc-identity-tiny', '../x'), anyValue),
      halt: fc.oneof(fc.constantFrom('fixed', 'adaptive', 'verified'), anyValue),
      maxSteps: fc.oneof(fc.integer({ min: -2, max: 300 }), anyValue),
      explore: fc.oneof(fc.integer({ min: -1, max: 20 }), anyValue),
      trace: fc.oneof(fc.boolean(), anyValue),
      view: fc.oneof(fc.boolean(), anyValue),
      format: fc.oneof(fc.constantFrom('pretty', 'line'), anyValue),
      extra: anyValue,
    },
    { requiredKeys: [] },
  );
  const rawBody = fc.oneof(
    fc.string(),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    solveBody.map((b) => JSON.stringify(b)).map((s) => s.slice(0, Math.max(0, s.length - 3))),
  );

  async function checkNo5xx(path: string, body: string): Promise<void> {
    const res = await app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    if (res.status >= 500) throw new Error(`${path} answered ${res.status} to ${body.slice(0, 300)}: ${await res.text()}`);
    if (res.status >= 400) {
      const error = await errorOf(res);
      expect(error.code).toMatch(/^[a-z_]+$/);
      expect(error.message.length).toBeGreaterThan(5);
    }
  }

  it('POST /v1/solve: structured bodies', async () => {
    await fc.assert(
      fc.asyncProperty(solveBody, (body) => checkNo5xx('/v1/solve', JSON.stringify(body))),
      { numRuns: 150 },
    );
  });

  it('POST /v1/solve: puzzles near valid ones (blanked Sudokus, mazes with walls moved), all settings', async () => {
    const statuses = new Map<number, number>();
    const blanked = fc.array(fc.nat(80), { maxLength: 60 }).map((holes) => [...SUDOKU].map((ch, i) => (holes.includes(i) ? '.' : ch)).join(''));
    const rows = MAZE.split('\n');
    const moved = fc
      .array(fc.tuple(fc.nat(rows.length - 1), fc.nat(rows[0]!.length - 1)), { maxLength: 6 })
      .map((flips) =>
        rows
          .map((row, r) =>
            [...row].map((ch, c) => (flips.some(([fr, fc_]) => fr === r && fc_ === c) && ch !== 'S' && ch !== 'G' ? (ch === '#' ? ' ' : '#') : ch)).join(''),
          )
          .join('\n'),
      );
    const body = fc.record(
      {
        puzzle: fc.oneof(blanked, moved),
        task: fc.constantFrom('auto', 'sudoku', 'maze', 'arc'),
        solver: fc.constantFrom('auto', 'trm', 'exact'),
        halt: fc.constantFrom('fixed', 'adaptive', 'verified'),
        maxSteps: fc.integer({ min: 1, max: 3 }),
        explore: fc.integer({ min: 1, max: 2 }),
        view: fc.boolean(),
        format: fc.constantFrom('pretty', 'line'),
      },
      { requiredKeys: ['puzzle'] },
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const res = await postJson(app, '/v1/solve', b);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status, JSON.stringify(b)).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
    expect(statuses.get(200)).toBeGreaterThan(0);
  });

  it('POST /v1/solve, /v1/route, /v1/chat/completions, /v1/messages: raw bodies', async () => {
    const chat = fc.record(
      {
        model: anyValue,
        max_tokens: fc.oneof(fc.integer({ min: 0, max: 100 }), anyValue),
        stream: fc.oneof(fc.boolean(), anyValue),
        messages: fc.oneof(
          fc.array(
            fc.record({
              role: fc.oneof(fc.constantFrom('user', 'assistant', 'system'), anyValue),
              content: fc.oneof(fc.string(), sudokuLike, mazeLike, anyValue),
            }),
            { maxLength: 3 },
          ),
          anyValue,
        ),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/v1/solve', '/v1/route', '/v1/chat/completions', '/v1/messages'),
        fc.oneof(
          rawBody,
          chat.map((b) => JSON.stringify(b)),
          fc.record({ input: anyValue, useLlm: anyValue }, { requiredKeys: [] }).map((b) => JSON.stringify(b)),
        ),
        (path, body) => checkNo5xx(path, body),
      ),
      { numRuns: 150 },
    );
  });
});
