/**
 * A learned task end to end, with one models folder holding one learned-task model alone:
 * `recolour-tiny` (test/fixtures/learned-models/, made by tools/make_learned_fixture.py: colour 1
 * becomes 2, other cells stay; grids up to 6x6 of colours 0..3). Its manifest declares the task;
 * the CLI, the tools, an MCP client, the gateway and the router all answer it through the TRM,
 * never call the answer verified, and give the held-out pair's output grid (checked cell for
 * cell, on pairs whose output differs from their input, so a model that copies fails).
 *
 * The CLI test runs first: the task registry is per process, and a fresh `trm-router solve`
 * process knows only what the CLI itself registers. Everything else scans the folder in
 * `beforeAll`, never while the file is collected.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import Ajv2020 from 'ajv/dist/2020.js';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrmTools } from '../src/adapters/index.js';
import type { TrmToolkit } from '../src/adapters/index.js';
import { createMcpHttpHandler } from '../src/adapters/mcp.js';
import { runCli } from '../src/cli/run.js';
import { loadConfig } from '../src/config.js';
import { createGateway } from '../src/gateway/index.js';
import type { GatewayEnv } from '../src/gateway/index.js';
import { createRouter } from '../src/router/index.js';
import { getTask, taskNames } from '../src/tasks/index.js';
import { scanModels } from '../src/trm/index.js';
import { serveFetch } from './support/fetch-server.js';
import type { FetchServer } from './support/fetch-server.js';
import { LEARNED_MODELS, LEARNED_TASK, postJson, testGatewayOptions } from './support/gateway.js';
import { fakeIo } from './support/cli-io.js';

type Grid = number[][];
interface Pair {
  input: Grid;
  output: Grid;
}

const DIR = LEARNED_MODELS;
const NAME = LEARNED_TASK;
const TOOL = 'solve_recolour_tiny';
const MANIFEST = JSON.parse(readFileSync(join(DIR, NAME, 'manifest.json'), 'utf8')) as { learnedTask: { description: string } };
const HELDOUT: Pair[] = readFileSync(join(DIR, NAME, 'heldout', `${NAME}.jsonl`), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Pair);
/** Held-out pairs the rule changes (a copying model gets every one wrong). */
const CHANGED = HELDOUT.filter((p) => JSON.stringify(p.input) !== JSON.stringify(p.output));
const SAMPLE = CHANGED.slice(0, 6);
const PAIR = CHANGED[0]!;

/** A grid as a person types it: rows of space-separated colours. */
const typed = (grid: Grid): string => grid.map((row) => row.join(' ')).join('\n');
/** The codec's pretty rendering: one line of digits per row. */
const pretty = (grid: Grid): string => grid.map((row) => row.join('')).join('\n');

describe('the fixture', () => {
  it('holds held-out pairs the rule changes, and the label is the rule applied', () => {
    expect(HELDOUT.length).toBe(100);
    expect(CHANGED.length).toBeGreaterThan(50);
    for (const p of HELDOUT) expect(p.output).toEqual(p.input.map((row) => row.map((v) => (v === 1 ? 2 : v))));
  });
});

describe('trm-router solve FILE --task recolour-tiny (a fresh registry, as in a new process)', () => {
  const config = loadConfig({ TRM_ROUTER_PACKAGE_MODELS: '0', TRM_ROUTER_MODELS_DIR: DIR });

  it('starts from the built-in tasks only (nothing in this file registered the task yet)', () => {
    expect(taskNames()).not.toContain(NAME);
  });

  it('answers through the TRM, prints the output grid and says it is not verifiable', async () => {
    const t = fakeIo({ files: { 'grid.txt': typed(PAIR.input) } });
    const code = await runCli(['solve', 'grid.txt', '--task', NAME], t.io, config);
    expect(t.err()).toContain('not verifiable'); // the task's own label, not "NOT verified"
    expect(t.err()).toContain(`trm:${NAME}`);
    expect(t.out().trim()).toBe(pretty(PAIR.output));
    expect(code).toBe(0); // answered: a learned task has no verifier to fail
  });

  it('with --json: the solution grid, verified false, TRM provenance', async () => {
    const t = fakeIo({ files: { 'grid.txt': typed(PAIR.input) } });
    const code = await runCli(['solve', 'grid.txt', '--task', NAME, '--json'], t.io, config);
    expect(t.err()).toBe('');
    const body = JSON.parse(t.out()) as { task: string; solution: Grid; verified: boolean; provenance: { kind: string; model?: string } };
    expect(body).toMatchObject({ task: NAME, verified: false, provenance: { kind: 'trm' } });
    expect(body.solution).toEqual(PAIR.output);
    expect(code).toBe(0);
  });
});

describe('the model manifest declares the task', () => {
  it('scanning the folder registers it: a learned, unverifiable task with its own tool', () => {
    const { models, problems } = scanModels([DIR]);
    expect(problems).toEqual([]);
    expect(models.map((m) => m.manifest.name)).toEqual([NAME]);
    expect(models[0]!.manifest.learnedTask).toMatchObject({ name: NAME, maxGrid: { rows: 6, cols: 6 }, alphabet: { colours: 4 }, sameSize: true });
    expect(taskNames()).toContain(NAME);
    const task = getTask(NAME);
    expect(task).toMatchObject({ origin: 'learned', verifiable: false, unverifiedLabel: 'not verifiable' });
    expect(task.tool.name).toBe(TOOL);
  });
});

describe('createTrmTools({ modelDirs: [dir] })', () => {
  let toolkit: TrmToolkit;
  beforeAll(() => {
    toolkit = createTrmTools({ modelDirs: [DIR] });
  });

  it(`offers ${TOOL} after the built-in tools`, () => {
    expect(toolkit.tools.map((t) => t.name)).toEqual(['solve_sudoku', 'solve_maze', 'solve_arc', TOOL, 'solve_grid']);
    expect(toolkit.get(TOOL)?.description).toContain(MANIFEST.learnedTask.description);
  });

  it('answers every held-out pair with its output grid, unverified, with the model and its confidence', async () => {
    for (const [i, pair] of HELDOUT.entries()) {
      const outcome = await toolkit.execute(TOOL, { grid: pair.input });
      if (outcome.isError) throw new Error(`pair ${i}: ${outcome.text}`);
      expect(outcome.result.solution, `pair ${i}`).toEqual(pair.output);
      expect(outcome.result.verified).toBe(false);
      expect(outcome.result.provenance).toMatchObject({ kind: 'trm', model: NAME, verified: false });
      const confidence = outcome.result.provenance.confidence;
      expect(confidence).toBeGreaterThan(0.5);
      expect(confidence).toBeLessThanOrEqual(1);
    }
  });

  it('takes the grid as row strings too, and says what it is in text', async () => {
    const outcome = await toolkit.execute(TOOL, { grid: PAIR.input.map((row) => row.join('')) });
    if (outcome.isError) throw new Error(outcome.text);
    expect(outcome.result.solution).toEqual(PAIR.output);
    expect(outcome.text).toContain('not verifiable');
    expect(outcome.text).toContain(pretty(PAIR.output));
  });

  it('refuses a grid larger than 6x6 and a colour outside 0..3', async () => {
    const big = await toolkit.execute(TOOL, { grid: Array.from({ length: 7 }, () => [0, 1, 2]) });
    expect(big.isError).toBe(true);
    if (big.isError) expect(big.error.issues?.[0]).toMatchObject({ path: 'grid', message: expect.stringContaining('at most 6 rows') as unknown });
    const colour = await toolkit.execute(TOOL, {
      grid: [
        [0, 1],
        [4, 2],
      ],
    });
    expect(colour.isError).toBe(true);
    if (colour.isError) expect(colour.error.message).toContain('0..3');
  });
});

describe('an MCP client (streamable HTTP, createMcpHttpHandler)', () => {
  let served: FetchServer;
  let client: Client;
  beforeAll(async () => {
    const handle = createMcpHttpHandler({ modelDirs: [DIR] });
    served = await serveFetch((request) => handle(request));
    client = new Client({ name: 'trm-router-learned-test', version: '0.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${served.url}/mcp`)));
  });
  afterAll(async () => {
    await client?.close();
    await served?.close();
  });

  it(`lists ${TOOL} with its grid schema`, async () => {
    const { tools } = await client.listTools();
    const tool = tools.find((t) => t.name === TOOL);
    expect(tool).toBeDefined();
    expect(tool!.description).toContain(MANIFEST.learnedTask.description);
    expect(tool!.inputSchema).toMatchObject({ type: 'object', required: ['grid'] });
  });

  it('calls it: the output grid, not verified', async () => {
    for (const pair of SAMPLE) {
      const result = (await client.callTool({ name: TOOL, arguments: { grid: pair.input } })) as CallToolResult;
      expect(result.isError).not.toBe(true);
      expect(result.structuredContent).toMatchObject({ ok: true, task: NAME, verified: false, provenance: { kind: 'trm' } });
      expect((result.structuredContent as { solution: Grid }).solution).toEqual(pair.output);
    }
  });
});

describe('the gateway (createGateway({ modelDirs: [dir] }))', () => {
  let app: Hono<GatewayEnv>;
  beforeAll(() => {
    app = createGateway(testGatewayOptions({ modelDirs: [DIR] }));
  });

  interface ErrorJson {
    error: { code: string; message: string; details: { field?: string } };
  }

  it('GET /v1/models lists the model with its learned task (description, tool, grid, alphabet), as documented', async () => {
    const body = (await (await app.request('/v1/models')).json()) as { data: Record<string, unknown>[] };
    expect(body.data.filter((m) => m.kind === 'trm').map((m) => m.id)).toEqual([NAME]);
    expect(body.data.find((m) => m.id === NAME)).toMatchObject({
      kind: 'trm',
      task: NAME,
      taskOrigin: 'learned',
      learnedTask: { description: MANIFEST.learnedTask.description, tool: TOOL, maxGrid: { rows: 6, cols: 6 }, alphabet: { colours: 4 }, sameSize: true },
      accuracy: [expect.objectContaining({ exact: 1 }), expect.objectContaining({ exact: 1 })],
    });
    const doc = (await (await app.request('/openapi.json')).json()) as Record<string, unknown>;
    const ajv = new Ajv2020.default({ strict: false, allErrors: true });
    ajv.addSchema({ ...doc, $id: 'doc' });
    const check = ajv.getSchema('doc#/components/schemas/ModelList')!;
    expect(check(body), JSON.stringify(check.errors)).toBe(true);
    expect(check({ object: 'list', data: [{ id: NAME, object: 'model', owned_by: 'x', kind: 'trm', taskOrigin: 'invented' }] })).toBe(false);
  });

  it('GET /readyz lists the task among the solvers once its model loaded', async () => {
    const body = (await (await app.request('/readyz')).json()) as { status: string; solvers: string[]; models: { name: string; loaded: boolean }[] };
    expect(body.status).toBe('ready');
    expect(body.models).toEqual([{ name: NAME, task: NAME, loaded: true }]);
    expect(body.solvers).toEqual(['sudoku', 'maze', NAME]); // no ARC model here, and ARC has no exact solver
  });

  it('POST /v1/solve {task, puzzle: grid} answers with the output grid, not verified', async () => {
    for (const pair of SAMPLE) {
      const res = await postJson(app, '/v1/solve', { task: NAME, puzzle: pair.input });
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        task: string;
        solution: Grid;
        verified: boolean;
        rendered: string;
        provenance: { kind: string; confidence?: number };
      };
      expect(body).toMatchObject({ task: NAME, verified: false, provenance: { kind: 'trm' } });
      expect(body.solution).toEqual(pair.output);
      expect(body.rendered).toBe(pretty(pair.output));
      expect(body.provenance.confidence).toBeGreaterThan(0.5);
    }
  });

  it("with view: colour boards, the task's own label, one frame per TRM step", async () => {
    const res = await postJson(app, '/v1/solve', { task: NAME, puzzle: typed(PAIR.input), view: true });
    const body = (await res.json()) as {
      view: {
        puzzle: { style: string; cells: string[][] }[];
        answer: { style: string; cells: string[][] }[];
        frames: unknown[];
        verifiable: boolean;
        unverifiedLabel: string;
      };
    };
    expect(body.view).toMatchObject({ verifiable: false, unverifiedLabel: 'not verifiable' });
    expect(body.view.puzzle[0]!.style).toBe('colours');
    expect(body.view.answer[0]!.cells).toEqual(PAIR.output.map((row) => row.map(String)));
    expect(body.view.frames.length).toBeGreaterThan(0);
  });

  it('400s, naming the puzzle field, a grid larger than 6x6 or with a colour outside 0..3', async () => {
    const big = await postJson(app, '/v1/solve', { task: NAME, puzzle: Array.from({ length: 7 }, () => [0, 1, 2]) });
    expect(big.status).toBe(400);
    const bigError = ((await big.json()) as ErrorJson).error;
    expect(bigError.code).toBe('invalid_input');
    expect(bigError.details.field).toBe('puzzle');
    expect(bigError.message).toContain('6x6');

    const colour = await postJson(app, '/v1/solve', {
      task: NAME,
      puzzle: [
        [0, 1],
        [4, 2],
      ],
    });
    expect(colour.status).toBe(400);
    const colourError = ((await colour.json()) as ErrorJson).error;
    expect(colourError.details.field).toBe('puzzle');
    expect(colourError.message).toContain('0..3');
  });

  it('the playground offers the task', async () => {
    const html = await (await app.request('/')).text();
    expect(html).toContain(`<option value="${NAME}">${NAME}</option>`);
  });
});

describe('the router (createRouter({ modelDirs: [dir] }))', () => {
  it('answers a request that names the task and holds a grid with the solved grid part', async () => {
    const router = createRouter({ modelDirs: [DIR] });
    for (const pair of SAMPLE.slice(0, 3)) {
      const answer = await router.answer(`Apply ${NAME} to this grid:\n\n${typed(pair.input)}\n`);
      const grids = answer.parts.filter((p) => p.kind === 'grid');
      expect(grids).toHaveLength(1);
      expect(grids[0]).toMatchObject({ task: NAME, verified: false, provenance: { kind: 'trm' } });
      expect((grids[0] as { solution: unknown }).solution).toEqual(pair.output);
      expect(answer.text).toContain('not verifiable');
      expect(answer.text).toContain(pretty(pair.output));
    }
  });

  it('answers a structured request that carries the task and the grid as JSON fields', async () => {
    const router = createRouter({ modelDirs: [DIR] });
    const pair = SAMPLE[3] ?? SAMPLE[0]!;
    const answer = await router.answer(JSON.stringify({ task: NAME, grid: pair.input }));
    const grids = answer.parts.filter((p) => p.kind === 'grid');
    expect(grids).toHaveLength(1);
    expect((grids[0] as { solution: unknown }).solution).toEqual(pair.output);
  });
});
