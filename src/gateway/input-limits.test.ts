/**
 * What a careless or hostile body costs: JSON nested too deep and inputs over the size limits
 * are refused with a 400 or 413 naming the limit, on every route, before any puzzle parser,
 * router or upstream sees them.
 */
import { describe, expect, it } from 'vitest';
import { postJson, testGatewayOptions } from '../../test/support/gateway.js';
import { parseTask } from '../tasks/index.js';
import { InvalidInputError } from '../core/errors.js';
import { createGateway } from './index.js';

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

const JSON_ROUTES: [string, (deep: string) => string][] = [
  ['/v1/solve', (deep) => `{"puzzle": ${deep}}`],
  ['/v1/route', (deep) => `{"input": "hi", "extra": ${deep}}`],
  ['/v1/chat/completions', (deep) => `{"model": "trm-router", "messages": [{"role": "user", "content": "hi", "x": ${deep}}]}`],
  ['/v1/messages', (deep) => `{"model": "trm-router", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}], "metadata": ${deep}}`],
  ['/mcp', (deep) => `{"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": ${deep}}`],
];

describe('JSON nesting', () => {
  const app = createGateway(testGatewayOptions());

  it.each(JSON_ROUTES)('%s refuses a body nested 8,000 deep (16 KB) with 400 invalid_json naming the limit', async (path, body) => {
    const res = await postJson(app, path, body(nested(8_000)), { accept: 'application/json, text/event-stream' });
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { code: string; details: Record<string, unknown> } };
    expect(json.error.code).toBe('invalid_json');
    expect(json.error.details).toMatchObject({ field: 'body', maxDepth: 64 });
  });

  it('accepts nesting up to the limit', async () => {
    const res = await postJson(app, '/v1/route', `{"input": "hi", "useLlm": false, "x": 1}`);
    expect(res.status).toBe(400); // a strict schema: the extra field is refused by name, not by depth
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
    const deepButFine = await postJson(app, '/v1/solve', `{"puzzle": ${nested(60)}}`);
    expect(deepButFine.status).toBe(400);
    expect(((await deepButFine.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
  });

  it('parseTask refuses a deeply nested structure with InvalidInputError (no RangeError)', () => {
    let deep: unknown = [];
    for (let i = 0; i < 20_000; i++) deep = [deep];
    expect(() => parseTask(deep, 'auto')).toThrow(InvalidInputError);
    for (const task of ['auto', 'sudoku', 'arc']) expect(() => parseTask({ a: deep }, task)).toThrow(InvalidInputError);
  });
});

describe('input size', () => {
  const app = createGateway(testGatewayOptions());

  it('/v1/solve refuses a 1 MB puzzle with 413 from its Content-Length, before reading or parsing it', async () => {
    const res = await postJson(app, '/v1/solve', JSON.stringify({ puzzle: '1'.repeat(1_000_000) }));
    expect(res.status).toBe(413);
    const json = (await res.json()) as { error: { code: string; details: Record<string, unknown> } };
    expect(json.error).toMatchObject({ code: 'payload_too_large', details: { field: 'body', setting: 'TRM_ROUTER_MAX_INPUT_CHARS' } });
    expect(json.error.details.limitBytes).toBeLessThan(1_000_000);
  });

  it('/v1/route refuses an input body over its cap with 413 as well', async () => {
    const res = await postJson(app, '/v1/route', JSON.stringify({ input: 'x '.repeat(500_000) }));
    expect(res.status).toBe(413);
  });

  it('/v1/solve refuses a puzzle longer than TRM_ROUTER_MAX_INPUT_CHARS before the puzzle parser runs (a valid Sudoku over a 50-character limit)', async () => {
    const small = createGateway(testGatewayOptions({ limits: { maxInputChars: 50 } }));
    const text = await postJson(small, '/v1/solve', { puzzle: '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79' });
    expect(text.status).toBe(400);
    expect(((await text.json()) as { error: { details: Record<string, unknown> } }).error.details).toMatchObject({
      field: 'puzzle',
      limit: 50,
      setting: 'TRM_ROUTER_MAX_INPUT_CHARS',
    });
    const grid = await postJson(small, '/v1/solve', { puzzle: Array.from({ length: 9 }, () => [0, 0, 0, 0, 0, 0, 0, 0, 0]) });
    expect(grid.status).toBe(400);
    expect(((await grid.json()) as { error: { details: Record<string, unknown> } }).error.details).toMatchObject({ field: 'puzzle', limit: 50 });
  });

  it('the solver tools (MCP, chats) refuse arguments longer than the limit as an invalid_input outcome', async () => {
    const small = createGateway(testGatewayOptions({ limits: { maxInputChars: 50 } }));
    const res = await postJson(
      small,
      '/mcp',
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'solve_grid', arguments: { input: '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79' } },
      },
      { accept: 'application/json, text/event-stream' },
    );
    const text = await res.text();
    expect(text).toContain('invalid_input');
    expect(text).toContain('TRM_ROUTER_MAX_INPUT_CHARS');
  });
});
