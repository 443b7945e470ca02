import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AbortedError, NotSupportedError } from '../core/index.js';
import { parseTask } from '../tasks/index.js';
import type { AnyPuzzle } from '../tasks/index.js';
import { REPO_ROOT } from '../../test/support/paths.js';
import { registerInstalledTasks } from './catalog.js';
import { solveParsed } from './solve-parsed.js';
import type { SolveSettings } from './solve-parsed.js';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'trm');
const NONE = join(REPO_ROOT, 'test', 'fixtures', 'no-models-here');
const settings = (over: Partial<SolveSettings> = {}): SolveSettings => ({
  solver: 'auto',
  modelDirs: [NONE],
  threads: 1,
  trace: false,
  format: 'line',
  ...over,
});
/**
 * A copy of the shipped model `from` as its own family `name` under `root`: a measured accuracy
 * of `exact` (the ranking key) and `halting` over the shipped defaults.
 */
function familyCopy(root: string, from: string, name: string, exact: number, halting: { maxSteps: number; explore?: number }): string {
  const shipped = join(REPO_ROOT, 'models', from);
  const dir = join(root, name);
  mkdirSync(dir);
  copyFileSync(join(shipped, 'model.onnx'), join(dir, 'model.onnx'));
  const m = JSON.parse(readFileSync(join(shipped, 'manifest.json'), 'utf8')) as Record<string, unknown> & {
    accuracy: { exact: number }[];
    halting: Record<string, unknown>;
  };
  delete m.variantOf;
  m.name = name;
  m.accuracy = m.accuracy.map((a) => ({ ...a, exact }));
  m.halting = { ...m.halting, ...halting };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
  return dir;
}
const arcTask = (id: string) => ({
  id,
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

describe('solveParsed', () => {
  it('auto without a model: exact search, and the provenance says why', async () => {
    const outcome = await solveParsed(parseTask(['#####', '#S  #', '### #', '#G  #', '#####'].join('\n')), settings());
    expect(outcome).toMatchObject({
      task: 'maze',
      verified: true,
      provenance: { kind: 'exact', fallbackFrom: [expect.stringMatching(/no maze model/) as string] },
    });
    expect(outcome.rendered).toBe('#####/#Soo#/###o#/#Goo#/#####');
  });

  it('ARC: the model trained on the task answers; otherwise not supported', async () => {
    const outcome = await solveParsed({ task: 'arc', puzzle: arcTask('007bbfb7') }, settings({ modelDirs: [FIXTURES] }));
    expect(outcome).toMatchObject({
      task: 'arc',
      solution: [
        [
          [0, 7],
          [7, 0],
        ],
      ],
      verified: false,
      provenance: { model: 'arc-identity-tiny' },
    });
    await expect(solveParsed({ task: 'arc', puzzle: arcTask('ffffffff') }, settings({ modelDirs: [FIXTURES] }))).rejects.toThrow(
      /not trained on ARC task ffffffff/,
    );
    await expect(solveParsed({ task: 'arc', puzzle: arcTask('007bbfb7') }, settings())).rejects.toThrow(
      /No TRM model can answer this ARC task: no arc model installed/,
    );
    await expect(solveParsed({ task: 'arc', puzzle: arcTask('007bbfb7') }, settings({ solver: 'exact' }))).rejects.toBeInstanceOf(NotSupportedError);
  });

  it("a learned task (no verifier) gets its model's own run, nothing more: an unverifiable answer is not a failure", async () => {
    const dir = join(REPO_ROOT, 'models', 'fill-enclosed-conv-20x20');
    registerInstalledTasks([join(REPO_ROOT, 'models')]);
    const first = readFileSync(join(dir, 'heldout', 'fill-enclosed-5-10.jsonl'), 'utf8').split('\n')[0] as string;
    const outcome = await solveParsed(
      { task: 'fill-enclosed', puzzle: { input: (JSON.parse(first) as { input: number[][] }).input } },
      settings({ solver: 'trm', modelDirs: [join(REPO_ROOT, 'models')] }),
    );
    expect(outcome).toMatchObject({ task: 'fill-enclosed', verified: false, provenance: { kind: 'trm', model: 'fill-enclosed-conv-20x20' } });
    expect(outcome.attempts).toHaveLength(1);
    expect(outcome.trmSteps).toBe(outcome.provenance.steps);
  });

  it('passes the abort signal to the solver', async () => {
    const controller = new AbortController();
    controller.abort();
    const sudoku = parseTask('53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79');
    await expect(solveParsed(sudoku, settings({ solver: 'exact' }), { signal: controller.signal })).rejects.toBeInstanceOf(AbortedError);
  });
});

describe('solveParsed with two model families', () => {
  // Two families made from the shipped 12x12 maze model: "hasty" ranks first (a higher measured
  // accuracy) but stops after one step, so on a hard maze its answer is wrong; "steady" is the
  // shipped model as it is. A verifiable answer that fails goes to the next family before search.
  const SHIPPED = join(REPO_ROOT, 'models', 'maze-conv-12x12');
  const root = mkdtempSync(join(tmpdir(), 'two-families-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const family = (name: string, exact: number, maxSteps: number): string => familyCopy(root, 'maze-conv-12x12', name, exact, { maxSteps });
  const hastyDir = family('maze-hasty', 1, 1);
  family('maze-steady', 0.9, 8);
  const mazes = readFileSync(join(SHIPPED, 'heldout', 'maze-12x12.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => parseTask((JSON.parse(l) as { puzzle: string[] }).puzzle.join('\n')));

  /** The first held-out maze the hasty model alone gets wrong. */
  async function hardMaze(): Promise<AnyPuzzle> {
    for (const maze of mazes.slice(0, 40)) {
      const alone = await solveParsed(maze, settings({ solver: 'trm', model: hastyDir }));
      if (!alone.verified) return maze;
    }
    throw new Error('the one-step model solved every maze: no test case');
  }

  it("auto: the second family answers when the first one's answer does not verify, before exact search", async () => {
    const maze = await hardMaze();
    const outcome = await solveParsed(maze, settings({ modelDirs: [root] }));
    expect(outcome.verified).toBe(true);
    expect(outcome.provenance).toMatchObject({ kind: 'trm', model: 'maze-steady' });
    expect(outcome.attempts).toEqual([
      expect.stringMatching(/^trm:maze-hasty, 1 TRM step.*: NOT/) as string,
      expect.stringMatching(/^trm:maze-steady, .*: verified$/) as string,
    ]);
    // the steps count both families' (12x12 canvas: 144 cells a step)
    expect(outcome.trmSteps).toBe(1 + (outcome.provenance.steps ?? 0));
    expect(outcome.cellSteps).toBe(144 * (outcome.trmSteps ?? 0));
  });

  it("a second opinion the first model's steps left no budget for is skipped, not an error", async () => {
    const maze = await hardMaze();
    // one 12x12 step (144 cell-steps): the hasty model's one step spends it all
    const limits = { maxSteps: 8, maxExplore: 0, maxCellSteps: 144 };
    const auto = await solveParsed(maze, settings({ modelDirs: [root], limits }));
    expect(auto).toMatchObject({ verified: true, provenance: { kind: 'exact' }, trmSteps: 1, cellSteps: 144 });
    expect(auto.provenance.fallbackFrom).toEqual(['trm:maze-hasty (not verified)', 'trm:maze-steady (not tried: the compute budget is spent)']);
    const trm = await solveParsed(maze, settings({ solver: 'trm', modelDirs: [root], limits }));
    expect(trm).toMatchObject({ verified: false, provenance: { model: 'maze-hasty' } });
    expect(trm.attempts).toEqual([expect.stringMatching(/^trm:maze-hasty, 1 TRM step/) as string, 'trm:maze-steady (not tried: the compute budget is spent)']);
  });

  it('trm: the same second opinion; a named model gets none', async () => {
    const maze = await hardMaze();
    const trm = await solveParsed(maze, settings({ solver: 'trm', modelDirs: [root] }));
    expect(trm).toMatchObject({ verified: true, provenance: { model: 'maze-steady' } });
    const named = await solveParsed(maze, settings({ solver: 'trm', modelDirs: [root], model: 'maze-hasty' }));
    expect(named).toMatchObject({ verified: false, provenance: { model: 'maze-hasty' } });
    expect(named.attempts).toHaveLength(1);
  });
});

describe('solveParsed trm: families that explored less explore as deep', () => {
  // "shallow" (the 12x12 tied-maze model, no exploration of its own) ranks first; "deep" (the
  // same weights stopped after one step, exploring 7 samples) second. On a maze whose first
  // answer at 16 steps does not verify and whose rot180 one does, neither family's own default
  // verifies; then shallow runs the 7 samples deep ran, and its rot180 answer is kept.
  const root = mkdtempSync(join(tmpdir(), 'explore-as-deep-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const shallow = familyCopy(root, 'maze-mix-conv-12x12', 'maze-shallow', 1, { maxSteps: 16, explore: 0 });
  const deep = familyCopy(root, 'maze-mix-conv-12x12', 'maze-deep', 0.9, { maxSteps: 1, explore: 7 });
  const line = readFileSync(join(REPO_ROOT, 'models', 'maze-mix-conv-30x30', 'heldout', 'braid-4-10.jsonl'), 'utf8').split('\n')[7] as string;
  const maze = parseTask((JSON.parse(line) as { puzzle: string[] }).puzzle.join('\n'));

  it('the first family runs the samples it had not, and its verified one answers; auto goes to exact search instead', async () => {
    // the premise: neither family's own default verifies this maze
    expect((await solveParsed(maze, settings({ solver: 'trm', model: shallow }))).verified).toBe(false);
    expect((await solveParsed(maze, settings({ solver: 'trm', model: deep }))).verified).toBe(false);
    const outcome = await solveParsed(maze, settings({ solver: 'trm', modelDirs: [root] }));
    expect(outcome).toMatchObject({ verified: true, provenance: { kind: 'trm', model: 'maze-shallow', sample: 'rot180' } });
    expect(outcome.attempts).toEqual([
      expect.stringMatching(/^trm:maze-shallow, 16 TRM steps.*: NOT/) as string,
      expect.stringMatching(/^trm:maze-deep, 1 TRM step.*: NOT/) as string,
      expect.stringMatching(/^trm:maze-shallow, \d+ TRM steps.*explored: rot180.*: verified \(7 more samples\)$/) as string,
    ]);
    // every sample counted: shallow's first (16), deep's 8 of one step, shallow's 7 racing samples ended with rot180's
    expect(outcome.trmSteps).toBe(16 + 8 + 7 * (outcome.provenance.steps ?? 0));
    // auto: exact search answers a puzzle no family verified, at a fraction of the cost
    const auto = await solveParsed(maze, settings({ modelDirs: [root] }));
    expect(auto).toMatchObject({ verified: true, provenance: { kind: 'exact' }, trmSteps: 24 });
    expect(auto.attempts).toHaveLength(3); // two families, then search
  });

  it('a request that names the exploration gives every family the same, so nothing more runs; a spent budget runs nothing more', async () => {
    const same = await solveParsed(maze, settings({ solver: 'trm', modelDirs: [root], explore: 0 }));
    expect(same).toMatchObject({ verified: false, trmSteps: 16 + 1 }); // each family's first sample, none explores
    expect(same.attempts).toHaveLength(2); // the two families' own runs
    // 16 + 8 steps of 144 cells: the budget pays for both families' own runs and nothing more
    const limits = { maxSteps: 16, maxExplore: 7, maxCellSteps: 144 * 24 };
    const spent = await solveParsed(maze, settings({ solver: 'trm', modelDirs: [root], limits }));
    expect(spent).toMatchObject({ verified: false, trmSteps: 24 });
  });
});

describe('solveParsed trm: samples continue from where they stopped', () => {
  // Two families with the 12x12 tied-maze model's weights, each stopping at 4 steps without
  // exploring: on a maze the model answers at 5-8 steps, neither verifies, so each family's
  // sample goes on from its 4th step to 8 (DEEPEN x 4), best-ranked first, and answers.
  const MIX12 = join(REPO_ROOT, 'models', 'maze-mix-conv-12x12');
  const root = mkdtempSync(join(tmpdir(), 'deepen-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  familyCopy(root, 'maze-mix-conv-12x12', 'maze-four-a', 1, { maxSteps: 4, explore: 0 });
  familyCopy(root, 'maze-mix-conv-12x12', 'maze-four-b', 0.9, { maxSteps: 4, explore: 0 });
  const mazes = readFileSync(join(REPO_ROOT, 'models', 'maze-mix-conv-30x30', 'heldout', 'braid-4-10.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => parseTask((JSON.parse(l) as { puzzle: string[] }).puzzle.join('\n')));

  it('the best-ranked family continues its sample to twice the steps, paying only for the new ones', async () => {
    let maze: AnyPuzzle | undefined;
    let direct: Awaited<ReturnType<typeof solveParsed>> | undefined;
    for (const candidate of mazes.slice(0, 60)) {
      const at8 = await solveParsed(candidate, settings({ solver: 'trm', model: MIX12, halt: 'verified', maxSteps: 8, explore: 0 }));
      if (at8.verified && (at8.provenance.steps ?? 0) > 4) {
        maze = candidate;
        direct = at8;
        break;
      }
    }
    if (maze === undefined || direct === undefined) throw new Error('no held-out maze needs 5-8 steps: no test case');
    const outcome = await solveParsed(maze, settings({ solver: 'trm', modelDirs: [root] }));
    expect(outcome).toMatchObject({ verified: true, provenance: { kind: 'trm', model: 'maze-four-a', steps: direct.provenance.steps } });
    expect(outcome.solution).toEqual(direct.solution);
    expect(outcome.attempts).toEqual([
      expect.stringMatching(/^trm:maze-four-a, 4 TRM steps.*: NOT/) as string,
      expect.stringMatching(/^trm:maze-four-b, 4 TRM steps.*: NOT/) as string,
      expect.stringMatching(/^trm:maze-four-a, \d+ TRM steps.*: verified \(1 sample continued to 8 steps\)$/) as string,
    ]);
    expect(outcome.trmSteps).toBe(4 + 4 + ((direct.provenance.steps ?? 0) - 4));
    // a request that sets the steps gets them and nothing more
    const asked = await solveParsed(maze, settings({ solver: 'trm', modelDirs: [root], maxSteps: 4 }));
    expect(asked).toMatchObject({ verified: false, trmSteps: 8 });
  });
});

describe('solveParsed steps', () => {
  // a held-out braided maze whose first answer on the 12x12 tied-maze model does not verify and
  // whose rot180 one does (as in solver.test.ts)
  const MIX12 = join(REPO_ROOT, 'models', 'maze-mix-conv-12x12');
  const line = readFileSync(join(REPO_ROOT, 'models', 'maze-mix-conv-30x30', 'heldout', 'braid-4-10.jsonl'), 'utf8').split('\n')[7] as string;
  const maze = parseTask((JSON.parse(line) as { puzzle: string[] }).puzzle.join('\n'));
  const run = { model: MIX12, halt: 'verified', maxSteps: 16 } as const;

  it('counts every exploration sample in trmSteps, and the TRM steps before an exact fallback', async () => {
    const explored = await solveParsed(maze, settings({ ...run, solver: 'trm', explore: 7 }));
    expect(explored).toMatchObject({ verified: true, provenance: { kind: 'trm', sample: 'rot180' } });
    const kept = explored.provenance.steps ?? 0;
    expect(explored.trmSteps).toBe(16 + 7 * kept); // the first sample's 16, then 7 racing samples ended with rot180
    expect(explored.cellSteps).toBe(144 * (explored.trmSteps ?? 0));
    const fallback = await solveParsed(maze, settings({ ...run, explore: 0 }));
    expect(fallback).toMatchObject({ verified: true, provenance: { kind: 'exact' } });
    expect(fallback.trmSteps).toBe(16);
  });
});
