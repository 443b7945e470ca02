import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, NotSupportedError } from '../core/index.js';
import { maze, sudoku } from '../tasks/index.js';
import type { SudokuGrid } from '../tasks/sudoku/index.js';
import { REPO_ROOT } from '../../test/support/paths.js';
import { TrmEngine } from './engine.js';
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

  it('explores K noisy recursions and keeps the one the Q head trusts most', async () => {
    const model = await loadModel(TINY);
    const engine = new TrmEngine(model);
    const solver = createTrmSolver(sudoku, model, { halt: 'fixed', maxSteps: 3, explore: { k: 2, noise: 0.3 }, engine });
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
