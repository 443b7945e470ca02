import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrmTools } from '../adapters/tools.js';
import { loadConfig } from '../config.js';
import { createGateway, createSolveService } from '../gateway/index.js';
import { createLocalSolvers } from '../router/local-solvers.js';
import { parseTask } from '../tasks/index.js';
import { adaptTaskFromText, solveParsed } from '../trm/index.js';
import { fakeIo } from '../../test/support/cli-io.js';
import { postJson, testGatewayOptions } from '../../test/support/gateway.js';
import { REPO_ROOT } from '../../test/support/paths.js';
import { runCli } from './run.js';

// arc-adapt-tiny answers every grid with itself (tools/make_arc_fixture.py), and onnx_init can read
// its weights back. It knows 007bbfb7 and 00d62c1b; adapt teaches it c0ffee01, an identity task, so
// after adapting, every interface answers c0ffee01's test input with the input itself, voted over
// the task's augmentations. A few optimizer steps keep the Python run to seconds.
const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'arc-adapt', 'arc-adapt-tiny');
const SUDOKU_MODEL = join(REPO_ROOT, 'test', 'fixtures', 'trm', 'sudoku-att-tiny');
const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch, onnx'], { stdio: 'ignore' }).status === 0;

const TEST_INPUT = [
  [3, 0, 4],
  [0, 5, 0],
];
const TASK = {
  train: [
    {
      input: [
        [1, 2],
        [2, 0],
      ],
      output: [
        [1, 2],
        [2, 0],
      ],
    },
    { input: [[6, 0, 7]], output: [[6, 0, 7]] },
  ],
  test: [{ input: TEST_INPUT }],
};

const config = loadConfig({ TRM_ROUTER_PACKAGE_MODELS: '0' });
const work = mkdtempSync(join(tmpdir(), 'trm-adapt-'));
const models = join(work, 'models');
const dir = join(models, 'arc-adapt-tiny');
const taskFile = join(work, 'c0ffee01.json');
const taskText = JSON.stringify({ c0ffee01: TASK });
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function cli(args: string[], files: Record<string, string> = { [taskFile]: taskText }): Promise<{ code: number; out: string; err: string }> {
  const t = fakeIo({ files });
  const code = await runCli(args, t.io, config);
  return { code, out: t.out(), err: t.err() };
}

const adaptArgs = [
  'adapt',
  '--model',
  dir,
  '--task',
  taskFile,
  '--augmentations',
  '4',
  '--max-steps',
  '3',
  '--lr',
  '0.05',
  '--minutes',
  '1',
  '--python',
  PYTHON,
];

describe.skipIf(!hasTorch)('trm-router adapt, then every interface answers the task', () => {
  // a gateway started before the adapt, with the model list re-read at every request
  const gateway = createGateway(
    testGatewayOptions({ modelDirs: [models], service: createSolveService({ modelDirs: [models], threads: 1, timeoutMs: 60_000, modelListTtlMs: 0 }) }),
  );
  let adapted: { code: number; out: string; err: string };
  let before: Response;
  let known: Response;

  beforeAll(async () => {
    cpSync(FIXTURE, dir, { recursive: true });
    writeFileSync(taskFile, taskText);
    before = await postJson(gateway, '/v1/solve', { puzzle: { c0ffee01: TASK } });
    // a task it knows: the model is loaded (and cached) before the adapt rewrites its folder
    known = await postJson(gateway, '/v1/solve', { puzzle: { '007bbfb7': TASK } });
    adapted = await cli([...adaptArgs, '--json']);
  }, 120_000);

  it('refuses the task before, then appends one row per augmentation with the identity first', async () => {
    expect(known.status).toBe(200);
    expect(before.status).toBe(400);
    expect(JSON.stringify(await before.json())).toMatch(/not trained on ARC task c0ffee01/);
    expect(adapted.code, adapted.err).toBe(0);
    const result = JSON.parse(adapted.out) as { taskId: string; rows: number; firstRow: number; after: { exact: number; voteExact: number }; steps: number };
    expect(result).toMatchObject({ taskId: 'c0ffee01', rows: 4, firstRow: 6, steps: 3, after: { exact: 1, voteExact: 1 } });
    // progress on stderr: the figures before training, the evaluation at the end
    expect(adapted.err).toMatch(/before: loss [\d.]+ \| demonstrations exact 100\.0% \(8\/8\)/);
    expect(adapted.err).toMatch(/rows 6\.\.9 appended/);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      numPuzzleIdentifiers: number;
      puzzleTable: { file: string; identifiers: string; rows: number };
      adapted: { taskId: string; rows: number; demoExact: number; loss: number; date: string; command: string }[];
    };
    expect(manifest.numPuzzleIdentifiers).toBe(10);
    expect(manifest.adapted[0]?.command).toMatch(/--augmentations 4 --device cpu --max-steps 3 --lr 0\.05$/);
    expect(manifest.adapted).toEqual([expect.objectContaining({ taskId: 'c0ffee01', rows: 4, demoExact: 1 })]);
    const ids = JSON.parse(readFileSync(join(dir, manifest.puzzleTable.identifiers), 'utf8')) as string[];
    expect(ids.slice(6, 7)).toEqual(['c0ffee01']);
    expect(ids.slice(7).every((id) => /^c0ffee01\|\|\|t[0-7]\|\|\|0\d{9}$/.test(id))).toBe(true);
    expect(readdirSync(dir).sort()).toEqual([manifest.puzzleTable.identifiers, 'manifest.json', 'model.onnx', manifest.puzzleTable.file].sort());
  });

  it('trm-router solve answers it by augmentation voting', async () => {
    const { code, out, err } = await cli(['solve', taskFile, '--model', dir, '--json']);
    expect(code, err).toBe(0);
    const body = JSON.parse(out) as { task: string; solution: number[][][]; provenance: { model: string } };
    expect(body.task).toBe('arc');
    expect(body.solution).toEqual([TEST_INPUT]);
    expect(body.provenance.model).toBe('arc-adapt-tiny');
  });

  it('the solve_arc tool answers it', async () => {
    const outcome = await createTrmTools({ modelDirs: [models] }).execute('solve_arc', { ...TASK, task_id: 'c0ffee01' });
    if (outcome.isError) throw new Error(outcome.text);
    expect(outcome.result).toMatchObject({ task: 'arc', solution: [TEST_INPUT], provenance: { kind: 'trm', model: 'arc-adapt-tiny' } });
  });

  it('the solver API and the router answer it from the models folder', async () => {
    const puzzle = parseTask({ c0ffee01: TASK }, 'arc');
    const outcome = await solveParsed(puzzle, { solver: 'auto', modelDirs: [models], threads: 1, trace: false, format: 'line' });
    expect(outcome.solution).toEqual([TEST_INPUT]);
    const routed = await createLocalSolvers({ modelDirs: [models] }).solve(puzzle);
    expect(routed?.solution).toEqual([TEST_INPUT]);
    expect(routed?.provenance).toMatchObject({ kind: 'trm', model: 'arc-adapt-tiny' });
  });

  it('the gateway that was already running answers it', async () => {
    const res = await postJson(gateway, '/v1/solve', { puzzle: { c0ffee01: TASK } });
    const body = (await res.json()) as { solution: number[][][]; provenance: { model: string } };
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.solution).toEqual([TEST_INPUT]);
    expect(body.provenance.model).toBe('arc-adapt-tiny');
  });

  it('refuses the same task again unless --replace, before any Python runs', async () => {
    const again = await cli(adaptArgs);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/task c0ffee01 is already in .*'s table: pass --replace/);
  });
});

describe('adaptTaskFromText', () => {
  it('reads a task, its id from the wrapper or the file name, or one task of a challenges file', () => {
    expect(adaptTaskFromText(JSON.stringify(TASK), 'dir/abcd0001.json').id).toBe('abcd0001');
    expect(adaptTaskFromText(JSON.stringify({ c0ffee01: TASK }), 'x.json').id).toBe('c0ffee01');
    const other = { ...TASK, train: [TASK.train[1]] };
    const picked = adaptTaskFromText(JSON.stringify({ aaaa0001: TASK, bbbb0002: other }), 'challenges.json', 'bbbb0002');
    expect(picked.id).toBe('bbbb0002');
    expect(picked.train).toEqual(other.train);
  });
});

describe('trm-router adapt refuses bad input with the field named', () => {
  it('a missing model folder, a model of another task, bad task JSON', async () => {
    const missing = await cli(['adapt', '--model', join(work, 'nope'), '--task', taskFile]);
    expect(missing.code).toBe(5);
    expect(missing.err).toMatch(/no such model folder/);
    const sudoku = await cli(['adapt', '--model', SUDOKU_MODEL, '--task', taskFile]);
    expect(sudoku.code).toBe(2);
    expect(sudoku.err).toMatch(/is a sudoku model, not an ARC model/);
    const ragged = { train: [TASK.train[0], { input: [[1, 2], [3]], output: [[1]] }], test: TASK.test };
    const bad = await cli(['adapt', '--model', FIXTURE, '--task', 'bad.json'], { 'bad.json': JSON.stringify(ragged) });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/train\.1\.input/);
    const notJson = await cli(['adapt', '--model', FIXTURE, '--task', 'x.json'], { 'x.json': '{oops' });
    expect(notJson.code).toBe(2);
    expect(notJson.err).toMatch(/--task x\.json is not JSON/);
    const challenges = JSON.stringify({ aaaa0001: TASK, bbbb0002: TASK });
    const absent = await cli(['adapt', '--model', FIXTURE, '--task', 'c.json', '--task-id', 'cccc0003'], { 'c.json': challenges });
    expect(absent.code).toBe(2);
    expect(absent.err).toMatch(/--task c\.json has no task "cccc0003" \(2 tasks in it\)/);
    const known = await cli(['adapt', '--model', FIXTURE, '--task', '007bbfb7.json'], { '007bbfb7.json': JSON.stringify(TASK) });
    expect(known.code).toBe(2);
    expect(known.err).toMatch(/task 007bbfb7 is already in/);
  });
});
