import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, NotSupportedError } from '../core/index.js';
import { maze, sudoku } from '../tasks/index.js';
import type { MazePuzzle } from '../tasks/maze/index.js';
import type { SudokuGrid } from '../tasks/sudoku/index.js';
import { REPO_ROOT } from '../../test/support/paths.js';
import { TrmEngine } from './engine.js';
import { parseEvalData } from './evaluate/index.js';
import { loadModel } from './model.js';
import { createAutoSolver, createTrmSolver } from './solver.js';
import type { TrmSolver } from './solver.js';
import { maxSteps } from './stop.js';

const TINY = join(REPO_ROOT, 'test', 'fixtures', 'trm', 'sudoku-mlp-tiny');
const HARD = sudoku.parse('4...3.......6..8..........1....5..9..8....6...7.2........1.27..5.3....4.9........');

describe('createTrmSolver', () => {
  it('refuses a model of another task or encoding', async () => {
    const model = await loadModel(TINY);
    expect(() => createTrmSolver(maze, model)).toThrow(InvalidInputError);
    expect(() => createTrmSolver(maze, model)).toThrow(/solves sudoku, not maze/);
  });

  it('reports a TRM answer that fails verification as unverified, with provenance', async () => {
    const solver = createTrmSolver(sudoku, await loadModel(TINY), { halt: 'fixed', maxSteps: 3 });
    const result = await solver.solve(HARD);
    expect(result.verified).toBe(false);
    expect(result.solution.cells).toHaveLength(81);
    expect(result.provenance).toMatchObject({
      solver: 'trm:sudoku-mlp-tiny',
      kind: 'trm',
      model: 'sudoku-mlp-tiny',
      steps: 3,
      haltedBy: 'max_steps',
      verified: false,
    });
    expect(result.samples).toBe(1);
  });

  it('explores K noisy recursions where the task has no symmetries, and keeps the one the Q head trusts most', async () => {
    const model = await loadModel(TINY);
    const engine = new TrmEngine(model);
    const solver = createTrmSolver({ ...sudoku, symmetries: undefined }, model, { halt: 'fixed', maxSteps: 3, explore: { k: 2, noise: 0.3 }, engine });
    const result = await solver.solve(HARD);
    expect(result.samples).toBe(3);
    const inputs = sudoku.encode(HARD);
    const runs = await Promise.all([
      engine.run({ inputs, stop: [maxSteps(3)] }),
      engine.run({ inputs, stop: [maxSteps(3)], noise: { seed: 1, scale: 0.3 } }),
      engine.run({ inputs, stop: [maxSteps(3)], noise: { seed: 2, scale: 0.3 } }),
    ]);
    const best = Math.max(...runs.map((r) => r.haltProbability));
    expect(result.provenance.confidence).toBeCloseTo(best, 6);
  });

  // a held-out braided maze (7x7, models/maze-mix-conv-30x30/heldout/braid-4-10.jsonl line 42)
  // whose first answer on the 12x12 mix model is not a shortest path, and its rot180 one is
  const BRAID = join(REPO_ROOT, 'models', 'maze-mix-conv-30x30', 'heldout', 'braid-4-10.jsonl');
  const MIX12 = join(REPO_ROOT, 'models', 'maze-mix-conv-12x12');
  const braid = async () => {
    const line = (await readFile(BRAID, 'utf8')).split('\n')[7] as string;
    return parseEvalData(line, 'maze')[0]?.puzzle as MazePuzzle;
  };
  // a held-out braided maze whose first answer does not verify, answered first by a sample with start and goal swapped
  const swapped = async () => {
    const line = (await readFile(BRAID, 'utf8')).split('\n')[79] as string;
    return parseEvalData(line, 'maze')[0]?.puzzle as MazePuzzle;
  };

  it("explores the task's symmetries first: the maze rotated, its verified path mapped back", async () => {
    const [puzzle, model] = await Promise.all([braid(), loadModel(MIX12)]);
    const alone = await createTrmSolver(maze, model, { halt: 'verified', maxSteps: 16, explore: { k: 0 } }).solve(puzzle);
    expect(alone).toMatchObject({ verified: false, samples: 1 });
    expect(alone.provenance.sample).toBeUndefined();
    const explored = await createTrmSolver(maze, model, { halt: 'verified', maxSteps: 16, explore: { k: 7 } }).solve(puzzle);
    expect(explored).toMatchObject({ verified: true, samples: 8, provenance: { verified: true, sample: 'rot180' } });
    // the path is in the maze's own frame: S to G of the original puzzle
    expect(explored.solution.path[0]).toEqual(puzzle.start);
    expect(explored.solution.path.at(-1)).toEqual(puzzle.goal);
    expect(maze.verify(puzzle, explored.solution)).toMatchObject({ ok: true, strength: 'full' });
  });

  it('races the exploration samples: the first that verifies ends the others', async () => {
    const [puzzle, model] = await Promise.all([braid(), loadModel(MIX12)]);
    const engine = new TrmEngine(model);
    const result = await createTrmSolver(maze, model, { halt: 'verified', maxSteps: 16, explore: { k: 7 }, engine }).solve(puzzle);
    expect(result).toMatchObject({ verified: true, samples: 8, provenance: { sample: 'rot180', haltedBy: 'verified' } });
    // the first sample ran its 16 steps; the 6 that lost the race stopped with rot180 (without
    // the race, every sample ran to its own stop)
    const steps = result.provenance.steps ?? 0;
    expect(steps).toBeLessThan(16);
    expect(engine.stats.sampleSteps).toBe(16 + 7 * steps);
  });

  it('exploreMore runs only the samples not yet run; deepen continues every sample that did not verify', async () => {
    const [puzzle, model] = await Promise.all([braid(), loadModel(MIX12)]);
    const engine = new TrmEngine(model);
    const solver = createTrmSolver(maze, model, { halt: 'verified', maxSteps: 4, explore: { k: 1 }, engine, resumable: true });
    const alone = await solver.solve(puzzle);
    // without `resumable` the latents are not kept, so nothing can continue
    expect((await createTrmSolver(maze, model, { halt: 'verified', maxSteps: 4, explore: { k: 1 } }).solve(puzzle)).deepen).toBeUndefined();
    expect(alone).toMatchObject({ verified: false, samples: 2 }); // the first sample and rot90, 4 steps each
    expect(engine.stats.sampleSteps).toBe(8);
    // samples 1..6 of the plan (rot180 first): rot90 is not run again
    const more = await solver.exploreMore?.(puzzle, { from: 1, k: 7 });
    expect(more?.samples).toBe(6);
    expect(await solver.exploreMore?.(puzzle, { from: 7, k: 7 })).toBeUndefined();
    // both unverified samples of the first solve go on from step 4 to 16, paying 12 steps at most each
    const before = engine.stats.sampleSteps;
    const deeper = await alone.deepen?.(16);
    expect(deeper?.samples).toBe(2);
    expect(engine.stats.sampleSteps - before).toBeLessThanOrEqual(2 * 12);
    // the same answer as a solve capped at 16 steps from the start
    const at16 = await createTrmSolver(maze, model, { halt: 'verified', maxSteps: 16, explore: { k: 1 } }).solve(puzzle);
    expect(deeper).toMatchObject({ verified: at16.verified, solution: at16.solution });
    expect(await deeper?.deepen?.(16)).toBeUndefined(); // nothing ran fewer steps
    const verified = await createTrmSolver(maze, model, { halt: 'verified', maxSteps: 16, explore: { k: 7 }, resumable: true }).solve(puzzle);
    expect(verified.deepen).toBeUndefined();
  });

  it('explores with start and goal swapped after the orientations, the path turned back round', async () => {
    const [puzzle, model] = await Promise.all([swapped(), loadModel(MIX12)]);
    const alone = await createTrmSolver(maze, model, { halt: 'verified', maxSteps: 16, explore: { k: 0 } }).solve(puzzle);
    expect(alone.verified).toBe(false);
    const explored = await createTrmSolver(maze, model, { halt: 'verified', maxSteps: 16, explore: { k: 15 } }).solve(puzzle);
    expect(explored).toMatchObject({ verified: true, samples: 16, provenance: { sample: 'swap start and goal, anti-transpose' } });
    expect(explored.solution.path[0]).toEqual(puzzle.start);
    expect(explored.solution.path.at(-1)).toEqual(puzzle.goal);
    expect(maze.verify(puzzle, explored.solution)).toMatchObject({ ok: true, strength: 'full' });
  });

  it('explores with noise where the task has no symmetries, or once they are spent', async () => {
    const [puzzle, model] = await Promise.all([braid(), loadModel(MIX12)]);
    const only = (symmetries: typeof maze.symmetries): typeof maze => ({
      ...maze,
      symmetries,
      onCanvas: (canvas) => ({ ...(maze.onCanvas?.(canvas) ?? maze), symmetries }),
    });
    const plain = only(undefined);
    const noisy = await createTrmSolver(plain, model, { halt: 'verified', maxSteps: 4, explore: { k: 2 } }).solve(puzzle);
    expect(noisy.samples).toBe(3);
    expect(noisy.provenance.sample ?? 'noise').toMatch(/^noise/);
    const beyond = await createTrmSolver(only(maze.symmetries?.slice(0, 1)), model, { halt: 'fixed', maxSteps: 2, explore: { k: 3 } }).solve(puzzle);
    expect(beyond.samples).toBe(4);
    expect(beyond.provenance.sample ?? 'first').toMatch(/^(first|rot90|noise [12])$/);
  });
});

describe('createAutoSolver', () => {
  it('falls back to the exact solver when the TRM answer does not verify', async () => {
    const trm = createTrmSolver(sudoku, await loadModel(TINY), { halt: 'fixed', maxSteps: 2 });
    const result = await createAutoSolver(sudoku, trm).solve(HARD);
    expect(result.verified).toBe(true);
    expect(result.provenance.kind).toBe('exact');
    expect(result.provenance.fallbackFrom).toEqual(['trm:sudoku-mlp-tiny (not verified)']);
  });

  it('keeps a verified TRM answer without calling the exact solver', async () => {
    const model = await loadModel(TINY);
    const real = createTrmSolver(sudoku, model);
    // A TRM solver whose answer verifies (the tiny fixture cannot solve Sudoku itself).
    const solved: TrmSolver<SudokuGrid, SudokuGrid> = {
      ...real,
      solve: () => {
        const { solution } = sudoku.exact!.solve(HARD);
        return Promise.resolve({
          solution,
          verified: true,
          samples: 1,
          provenance: { solver: real.name, kind: 'trm', verified: true, latencyMs: 1, steps: 2 },
        });
      },
    };
    const result = await createAutoSolver(sudoku, solved).solve(HARD);
    expect(result.provenance).toMatchObject({ kind: 'trm', steps: 2 });
    expect(result.provenance.fallbackFrom).toBeUndefined();
  });

  it('answers exactly when the TRM cannot take the puzzle, and says why', async () => {
    const real = createTrmSolver(sudoku, await loadModel(TINY));
    // what a maze model trained on a small canvas throws for a larger maze
    const refusing: TrmSolver<SudokuGrid, SudokuGrid> = {
      ...real,
      solve: () => Promise.reject(new NotSupportedError('A 30x30 maze does not fit the 12x12 TRM canvas')),
    };
    const result = await createAutoSolver(sudoku, refusing).solve(HARD);
    expect(result.verified).toBe(true);
    expect(result.provenance.fallbackFrom).toEqual(['trm:sudoku-mlp-tiny (not supported: A 30x30 maze does not fit the 12x12 TRM canvas)']);
  });
});
