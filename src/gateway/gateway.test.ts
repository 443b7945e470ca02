import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { FIXTURE_MODELS, MAZE, SUDOKU, SUDOKU_SOLUTION, postJson, testGatewayOptions } from '../../test/support/gateway.js';
import { createGateway, createGatewayMetrics } from './index.js';

const app = createGateway(testGatewayOptions());

interface SolveJson {
  task: string;
  solution: { cells?: number[]; path?: unknown[] } | unknown[];
  rendered: string;
  verified: boolean;
  provenance: { solver: string; kind: string; verified: boolean; fallbackFrom?: string[]; steps?: number };
  trace?: { step: number; tokens: number[] }[];
  view?: {
    puzzle: { rows: number; cols: number; cells: string[][]; givens?: boolean[][] }[];
    answer: { rows: number; cols: number; cells: string[][] }[];
    frames: { step: number; haltProbability: number; qHalt: number; confidence: number[][]; board: { cells: string[][] }; verified: boolean }[];
    attempts: string[];
  };
}

const ARC_TASK = {
  '007bbfb7': {
    train: [
      {
        input: [
          [0, 7, 7],
          [7, 7, 7],
          [0, 7, 7],
        ],
        output: Array.from({ length: 9 }, () => Array.from({ length: 9 }, () => 7)),
      },
    ],
    test: [
      {
        input: [
          [7, 0, 7],
          [7, 0, 7],
          [7, 7, 0],
        ],
      },
    ],
  },
};

describe('POST /v1/solve', () => {
  it('solves a Sudoku in any notation and says it verified, with provenance', async () => {
    const res = await postJson(app, '/v1/solve', { puzzle: SUDOKU });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await res.json()) as SolveJson;
    expect(body.task).toBe('sudoku');
    expect(body.verified).toBe(true);
    expect((body.solution as { cells: number[] }).cells.join('')).toBe(SUDOKU_SOLUTION);
    expect(body.provenance.verified).toBe(true);
    expect(body.rendered).toContain('5 3 4 | 6 7 8 | 9 1 2');
  });

  it('with view: the puzzle, the answer and one frame per TRM step, and the TRM attempt before the fallback', async () => {
    const res = await postJson(app, '/v1/solve', { puzzle: SUDOKU, view: true });
    const body = (await res.json()) as SolveJson;
    const view = body.view!;
    expect(view.puzzle[0]!.cells[0]!.slice(0, 3)).toEqual(['5', '3', '']);
    expect(view.puzzle[0]!.givens![0]![0]).toBe(true);
    expect(view.answer[0]!.cells.flat().join('')).toBe(SUDOKU_SOLUTION);
    expect(view.frames.length).toBeGreaterThan(0);
    for (const [i, f] of view.frames.entries()) {
      expect(f.step).toBe(i + 1);
      expect(f.haltProbability).toBeGreaterThanOrEqual(0);
      expect(f.haltProbability).toBeLessThanOrEqual(1);
      expect(f.confidence).toHaveLength(9);
      expect(f.confidence.every((row) => row.length === 9 && row.every((p) => p >= 0 && p <= 1))).toBe(true);
      expect(f.board.cells).toHaveLength(9);
    }
    // The fixture models are tiny and untrained: the TRM answer does not verify, exact search answers.
    expect(view.attempts[0]).toMatch(/^trm:/);
    expect(body.provenance.fallbackFrom?.[0]).toMatch(/^trm:.*not verified/);
    expect(body.trace).toBeUndefined();
  });

  it('with trace: the raw per-step trace', async () => {
    const body = (await (await postJson(app, '/v1/solve', { puzzle: SUDOKU, solver: 'trm', trace: true, maxSteps: 2 })).json()) as SolveJson;
    expect(body.provenance.kind).toBe('trm');
    expect(body.trace?.length).toBeGreaterThan(0);
    expect(body.trace?.[0]?.tokens).toHaveLength(81);
  });

  it('solves a maze (exact search when no maze model is installed, and says so)', async () => {
    const body = (await (await postJson(app, '/v1/solve', { puzzle: MAZE, view: true })).json()) as SolveJson;
    expect(body.task).toBe('maze');
    expect(body.verified).toBe(true);
    expect(body.provenance.fallbackFrom).toEqual(['trm (no maze model installed)']);
    expect(body.view!.answer[0]!.cells[5]!.join('')).toBe('#ooooooG#');
    expect(body.view!.frames).toEqual([]);
  });

  it('solves an ARC task with the model trained on it; refuses one no model knows, naming the field', async () => {
    const ok = await postJson(app, '/v1/solve', { puzzle: ARC_TASK, view: true });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as SolveJson;
    expect(body.task).toBe('arc');
    expect(body.verified).toBe(false);
    expect(body.view!.puzzle[0]!.cells).toEqual([
      ['7', '0', '7'],
      ['7', '0', '7'],
      ['7', '7', '0'],
    ]);

    const unknown = await postJson(app, '/v1/solve', { puzzle: { abcdef12: ARC_TASK['007bbfb7'] } });
    expect(unknown.status).toBe(400);
    const error = ((await unknown.json()) as { error: { code: string; message: string; details: { field: string } } }).error;
    expect(error.code).toBe('invalid_input');
    expect(error.details.field).toBe('puzzle');
    expect(error.message).toContain('abcdef12');

    const exact = await postJson(app, '/v1/solve', { puzzle: ARC_TASK, solver: 'exact' });
    expect(exact.status).toBe(400);
    expect(((await exact.json()) as { error: { details: { field: string } } }).error.details.field).toBe('solver');
  });

  it('answers 422 for a puzzle without a solution and 400 for a TRM-only solve with no model', async () => {
    const unsolvable = ['12345678.', '........9', ...Array.from({ length: 7 }, () => '.........')].join('\n');
    const res = await postJson(app, '/v1/solve', { puzzle: unsolvable, task: 'sudoku', solver: 'exact' });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unsolvable');
    const noModel = await postJson(app, '/v1/solve', { puzzle: MAZE, solver: 'trm' });
    expect(noModel.status).toBe(400);
    expect(((await noModel.json()) as { error: { message: string } }).error.message).toContain('no maze model installed');
  });

  it('chooses a named model, and refuses an unknown one', async () => {
    const ok = (await (await postJson(app, '/v1/solve', { puzzle: SUDOKU, solver: 'trm', model: 'sudoku-mlp-tiny', maxSteps: 1 })).json()) as SolveJson;
    expect(ok.provenance.solver).toBe('trm:sudoku-mlp-tiny');
    const res = await postJson(app, '/v1/solve', { puzzle: SUDOKU, model: '../../etc' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { details: { field: string } } }).error.details.field).toBe('model');
  });
});

describe('other endpoints', () => {
  it('POST /v1/route returns the plan without solving', async () => {
    const res = await postJson(app, '/v1/route', { input: `Solve this and tell me who invented sudoku:\n${SUDOKU}` });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { plan: { parts: { kind: string; task?: string; puzzle?: unknown }[] } };
    expect(body.plan.parts.map((p) => p.kind).sort()).toEqual(['grid', 'text']);
    expect(body.plan.parts.find((p) => p.kind === 'grid')).toMatchObject({ task: 'sudoku' });
    expect(body.plan.parts.every((p) => p.puzzle === undefined)).toBe(true);
  });

  it('GET /v1/models lists the installed TRM models with their accuracy, and the configured LLMs', async () => {
    const withLlm = createGateway(testGatewayOptions({ llms: [{ provider: 'openai', model: 'gpt-test' }] }));
    const body = (await (await withLlm.request('/v1/models')).json()) as {
      object: string;
      data: { id: string; kind: string; task?: string; accuracy?: unknown }[];
    };
    expect(body.object).toBe('list');
    expect(body.data.find((m) => m.id === 'sudoku-mlp-tiny')).toMatchObject({ kind: 'trm', task: 'sudoku', taskOrigin: 'builtin', accuracy: null });
    expect(body.data.filter((m) => m.kind === 'trm').every((m) => (m as { taskOrigin?: string }).taskOrigin === 'builtin' && !('learnedTask' in m))).toBe(true);
    expect(body.data.find((m) => m.id === 'gpt-test')).toMatchObject({ kind: 'llm' });
    expect(body.data[0]!.id).toBe('trm-router');
  });

  it('GET /healthz and /readyz (ready once every model loaded; 503 when one does not)', async () => {
    expect(await (await app.request('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { status: string; models: { loaded: boolean }[]; solvers: string[] };
    expect(body.status).toBe('ready');
    expect(body.models.length).toBeGreaterThan(0);
    expect(body.solvers).toEqual(['sudoku', 'maze', 'arc']); // exact solvers, and arc-identity-tiny loaded
    const broken = createGateway(testGatewayOptions({ modelDirs: [`${FIXTURE_MODELS}-missing`] }));
    const none = await broken.request('/readyz');
    expect(none.status).toBe(200); // no models installed: the exact solvers are ready
    expect(((await none.json()) as { solvers: string[] }).solvers).toEqual(['sudoku', 'maze']);
  });

  it('GET /metrics counts requests by route, solves, TRM steps, fallbacks and errors', async () => {
    const metrics = createGatewayMetrics();
    const gw = createGateway(testGatewayOptions({ metrics }));
    await postJson(gw, '/v1/solve', { puzzle: SUDOKU, view: true });
    await postJson(gw, '/v1/solve', '{not json');
    await gw.request('/nowhere');
    const res = await gw.request('/metrics');
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await res.text();
    expect(text).toContain('trm_router_http_requests_total{method="POST",route="/v1/solve",status="200"} 1');
    expect(text).toContain('trm_router_http_requests_total{method="POST",route="/v1/solve",status="400"} 1');
    expect(text).toContain('trm_router_solves_total{task="sudoku",solver="exact",verified="true"} 1');
    expect(text).toMatch(/trm_router_trm_steps_count\{task="sudoku"\} 1/);
    expect(text).toMatch(/trm_router_fallbacks_total\{task="sudoku",from="trm:[^"]+"\} 1/);
    expect(text).toContain('trm_router_errors_total{code="invalid_json"} 1');
    expect(text).toContain('trm_router_errors_total{code="not_found"} 1');
    expect(text).toMatch(/trm_router_http_request_duration_seconds_bucket\{method="POST",route="\/v1\/solve",le="\+Inf"\} 2/);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
  });

  it('echoes a safe x-request-id, replaces an unsafe one, and puts it in error bodies', async () => {
    const res = await app.request('/healthz', { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    const bad = await app.request('/nowhere', { headers: { 'x-request-id': 'a b <script>' } });
    const id = bad.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(((await bad.json()) as { request_id: string }).request_id).toBe(id);
  });

  it('404 and 405 as JSON errors', async () => {
    const missing = await app.request('/v2/solve', { method: 'POST' });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not_found');
    const wrong = await app.request('/v1/solve');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
  });
});

describe('GET /openapi.json and /docs', () => {
  it('documents every route, and its schemas are valid JSON Schema 2020-12 that accept real answers', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const path of ['/v1/solve', '/v1/route', '/v1/models', '/v1/chat/completions', '/v1/messages', '/mcp', '/healthz', '/readyz', '/metrics']) {
      expect(doc.paths[path], path).toBeDefined();
    }
    const ajv = new Ajv2020.default({ strict: false, allErrors: true });
    ajv.addSchema({ ...doc, $id: 'doc' });
    const validate = (name: string, value: unknown) => {
      const check = ajv.getSchema(`doc#/components/schemas/${name}`)!;
      expect(check, name).toBeDefined();
      const ok = check(value);
      expect(ok, `${name}: ${JSON.stringify(check.errors)}`).toBe(true);
    };
    validate('SolveRequest', { puzzle: SUDOKU, task: 'sudoku', view: true });
    expect(ajv.getSchema('doc#/components/schemas/SolveRequest')!({ puzzle: SUDOKU, task: 'chess' })).toBe(false);
    validate('SolveResponse', await (await postJson(app, '/v1/solve', { puzzle: SUDOKU, view: true })).json());
    validate('ModelList', await (await app.request('/v1/models')).json());
    validate('ErrorResponse', { error: { code: 'invalid_input', type: 'invalid_request_error', message: 'x', details: {} } });
  });

  it('serves a docs page that reads it, with its script from the gateway', async () => {
    const html = await (await app.request('/docs')).text();
    expect(html).toContain('<script type="module" src="/assets/docs.js">');
    const js = await app.request('/assets/docs.js');
    expect(js.headers.get('content-type')).toContain('javascript');
    expect(await js.text()).toContain("fetch('/openapi.json')");
  });
});
