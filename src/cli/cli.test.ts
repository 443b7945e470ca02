import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { REPO_ROOT } from '../../test/support/paths.js';
import { LEARNED_SPEC, writeLearnedModel } from '../../test/support/learned-model.js';
import { runCli as run } from './run.js';
import { fakeIo } from '../../test/support/cli-io.js';
import type { CliIo } from './io.js';

const NO_MODELS = loadConfig({ TRM_ROUTER_PACKAGE_MODELS: '0', TRM_ROUTER_MODELS_DIR: join(REPO_ROOT, 'test', 'fixtures', 'no-models-here') });
const FIXTURES = loadConfig({ TRM_ROUTER_PACKAGE_MODELS: '0', TRM_ROUTER_MODELS_DIR: join(REPO_ROOT, 'test', 'fixtures', 'trm') });
const TINY = join(REPO_ROOT, 'test', 'fixtures', 'trm', 'sudoku-mlp-tiny');
const runCli = (argv: string[], io: CliIo) => run(argv, io, NO_MODELS);

const HARD = '4...3.......6..8..........1....5..9..8....6...7.2........1.27..5.3....4.9........';
const MAZE = ['#######', '#S    #', '# ### #', '#   #G#', '#######'].join('\n');

describe('trm-router solve', () => {
  it('solves a Sudoku from stdin and prints a verified pretty grid', async () => {
    const t = fakeIo({ stdin: HARD });
    expect(await runCli(['solve'], t.io)).toBe(0);
    expect(t.out()).toMatch(/^4 \d \d \| /);
    expect(t.err()).toContain('sudoku: verified');
  });

  it('prints {task, solution, verified, provenance} with --json', async () => {
    const t = fakeIo({ files: { 'p.txt': HARD } });
    expect(await runCli(['solve', 'p.txt', '--json'], t.io)).toBe(0);
    const body = JSON.parse(t.out()) as {
      task: string;
      verified: boolean;
      solution: { size: number; cells: number[] };
      provenance: { kind: string; searchNodes: number };
    };
    expect(body.task).toBe('sudoku');
    expect(body.verified).toBe(true);
    expect(body.solution.cells).toHaveLength(81);
    expect(body.solution.cells[0]).toBe(4);
    expect(body.provenance.kind).toBe('exact');
    expect(body.provenance.searchNodes).toBeGreaterThan(0);
  });

  it('detects and solves a maze, drawing the path', async () => {
    const t = fakeIo({ stdin: MAZE });
    expect(await runCli(['solve', '--task', 'auto'], t.io)).toBe(0);
    expect(t.out()).toContain('o');
    expect(t.err()).toContain('maze: verified');
  });

  it.each([
    ['wrong length', ['solve'], '1234', 2, /invalid_input/],
    ['conflicting givens', ['solve', '--task', 'sudoku'], '55' + '.'.repeat(79), 2, /invalid_input/],
    ['maze without goal', ['solve', '--task', 'maze'], '#####\n#S  #\n#####', 2, /G/],
    ['unknown task', ['solve', '--task', 'chess'], HARD, 2, /--task/],
    ['unknown option', ['solve', '--frobnicate'], HARD, 2, /frobnicate/],
    ['no TRM model installed', ['solve', '--solver', 'trm'], HARD, 4, /not_supported: No TRM model can answer this Sudoku: no sudoku model installed/],
    ['unknown halting policy', ['solve', '--halt', 'sometimes'], HARD, 2, /--halt must be fixed, adaptive, verified/],
    ['bad step cap', ['solve', '--max-steps', '0'], HARD, 2, /--max-steps must be a positive integer/],
    ['missing model folder', ['solve', '--solver', 'trm', '--model', '/nonexistent/model'], HARD, 5, /model_load: No model manifest/],
    ['model of another task', ['solve', '--solver', 'trm', '--model', TINY], MAZE, 2, /Model sudoku-mlp-tiny solves sudoku, but the puzzle is a Maze/],
    ['empty input', ['solve'], '   ', 2, /empty/],
  ])('%s: exits %#', async (_name, argv, stdin, code, message) => {
    const t = fakeIo({ stdin: stdin });
    expect(await runCli(argv, t.io)).toBe(code);
    expect(t.err()).toMatch(message);
    expect(t.out()).toBe('');
  });

  it('reports an unsolvable sudoku with exit 3', async () => {
    // Row 1 leaves only 9 for its last cell, but column 9 already holds a 9.
    const puzzle = '12345678.' + '........9' + '.'.repeat(63);
    const t = fakeIo({ stdin: puzzle });
    expect(await runCli(['solve', '--json'], t.io)).toBe(3);
    expect(JSON.parse(t.out())).toMatchObject({ error: { code: 'unsolvable' } });
  });

  it('says plainly that ARC has no exact solver', async () => {
    const task = JSON.stringify({ train: [{ input: [[1]], output: [[2]] }], test: [{ input: [[1]] }] });
    const t = fakeIo({ stdin: task });
    expect(await runCli(['solve', '--solver', 'exact'], t.io)).toBe(4);
    expect(t.err()).toMatch(/ARC has no exact solver/);
    const auto = fakeIo({ stdin: task });
    expect(await runCli(['solve'], auto.io)).toBe(4);
    expect(auto.err()).toMatch(/not_supported: .*ARC/);
  });

  it('runs a TRM model with a trace (--solver trm), reporting honestly that it did not verify', async () => {
    // The fixture has random weights: it cannot solve Sudoku, and the CLI must say so.
    const t = fakeIo({ stdin: HARD });
    expect(await run(['solve', '--solver', 'trm', '--model', TINY, '--halt', 'fixed', '--trace', '--json'], t.io, NO_MODELS)).toBe(1);
    const body = JSON.parse(t.out()) as {
      verified: boolean;
      provenance: { kind: string; model: string; steps: number; haltedBy: string };
      trace: { step: number; tokens: number[]; qHalt: number }[];
    };
    expect(body.verified).toBe(false);
    expect(body.provenance).toMatchObject({ kind: 'trm', model: 'sudoku-mlp-tiny', steps: 6, haltedBy: 'max_steps' });
    expect(body.trace.map((s) => s.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(body.trace[0]!.tokens).toHaveLength(81);
    expect(typeof body.trace[0]!.qHalt).toBe('number');
  });

  it('auto: TRM first, exact search answers when the TRM answer does not verify', async () => {
    const t = fakeIo({ stdin: HARD });
    expect(await run(['solve', '--max-steps', '2', '--json'], t.io, FIXTURES)).toBe(0);
    const body = JSON.parse(t.out()) as { verified: boolean; provenance: { kind: string; fallbackFrom: string[] } };
    expect(body.verified).toBe(true);
    expect(body.provenance.kind).toBe('exact');
    expect(body.provenance.fallbackFrom[0]).toMatch(/^trm:\S+ \(not verified\)$/);
  });

  it('an ARC task file without an id is named after the file, as adapt names it', async () => {
    const bare = JSON.stringify({
      train: [{ input: [[1]], output: [[1]] }],
      test: [
        {
          input: [
            [0, 7],
            [7, 0],
          ],
        },
      ],
    });
    // the fixture model was trained on 007bbfb7 (its identifiers), not on "mystery"
    const known = fakeIo({ files: { 'tasks/007bbfb7.json': bare } });
    expect(await run(['solve', 'tasks/007bbfb7.json', '--task', 'arc', '--json'], known.io, FIXTURES)).toBe(0);
    expect(JSON.parse(known.out())).toMatchObject({
      task: 'arc',
      solution: [
        [
          [0, 7],
          [7, 0],
        ],
      ],
      provenance: { model: 'arc-identity-tiny' },
    });
    const unknown = fakeIo({ files: { 'mystery.json': bare } });
    expect(await run(['solve', 'mystery.json', '--task', 'arc'], unknown.io, FIXTURES)).toBe(4);
    expect(unknown.err()).toMatch(/not trained on ARC task mystery/);
    // an id in the file wins over the file name
    const named = fakeIo({ files: { 'mystery.json': JSON.stringify({ '007bbfb7': JSON.parse(bare) as unknown }) } });
    expect(await run(['solve', 'mystery.json', '--task', 'arc', '--json'], named.io, FIXTURES)).toBe(0);
  });

  it('runs as a real process through the bin entry', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cli/main.ts'), 'solve', '-', '--format', 'line'], {
      input: HARD,
      encoding: 'utf8',
      cwd: REPO_ROOT,
    });
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toMatch(/^4\d{80}$/);
  });
});

describe('trm-router solve with a learned-task model', () => {
  const root = mkdtempSync(join(tmpdir(), 'trm-cli-learned-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const dir = writeLearnedModel(root);
  const NAME = LEARNED_SPEC.name;
  // the identity model answers with the input grid
  const GRID = ['1110', '1010', '1110', '0000'].join('\n');

  it('knows only the built-in tasks while no such model is installed', async () => {
    const t = fakeIo({ files: { 'g.txt': GRID } });
    expect(await runCli(['solve', 'g.txt', '--task', NAME], t.io)).toBe(2);
    expect(t.err()).toMatch(/--task must be auto, sudoku, maze, arc \(got "fill-test"\)/);
  });

  it('--models-dir DIR installs its models first: --task NAME parses, the TRM answers, not verifiable', async () => {
    const t = fakeIo({ files: { 'g.txt': GRID } });
    expect(await runCli(['solve', 'g.txt', '--task', NAME, '--models-dir', root], t.io)).toBe(0); // answered: a learned task has no verifier
    expect(t.out()).toBe(`${GRID}\n`);
    expect(t.err()).toMatch(/^fill-test: not verifiable \(trm:fill-enclosed-identity, 2 TRM steps/);
  });

  it('--model PATH registers the task its manifest declares', async () => {
    const t = fakeIo({ files: { 'g.txt': GRID } });
    expect(await runCli(['solve', 'g.txt', '--task', NAME, '--model', dir, '--json'], t.io)).toBe(0);
    expect(JSON.parse(t.out())).toMatchObject({
      task: NAME,
      verified: false,
      solution: [
        [1, 1, 1, 0],
        [1, 0, 1, 0],
        [1, 1, 1, 0],
        [0, 0, 0, 0],
      ],
    });
  });

  it('lists the learned task among the --task choices in the help once installed', async () => {
    const t = fakeIo();
    expect(await runCli(['solve', '--help', '--models-dir', root], t.io)).toBe(0);
    expect(t.out()).toMatch(/--task auto\|sudoku\|maze\|arc\|fill-test/);
  });
});
