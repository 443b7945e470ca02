import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, NotSupportedError } from '../core/index.js';
import type { ArcTask } from '../tasks/arc/index.js';
import { REPO_ROOT } from '../../test/support/paths.js';
import { createArcTrmSolver } from './arc-solver.js';
import { loadModel } from './model.js';

// A hand-built model that predicts its input unchanged (tools/make_arc_fixture.py): every
// augmentation's answer, mapped back, must be the original test input.
const IDENTITY = join(REPO_ROOT, 'test', 'fixtures', 'trm', 'arc-identity-tiny');
const TINY_SUDOKU = join(REPO_ROOT, 'test', 'fixtures', 'trm', 'sudoku-mlp-tiny');

const input = [
  [0, 7, 7, 3],
  [7, 7, 7, 1],
  [0, 7, 0, 9],
];
const task = (id: string): ArcTask => ({ id, train: [{ input: [[1]], output: [[1]] }], test: [{ input }, { input: [[5, 0]] }] });

describe('createArcTrmSolver', () => {
  it('knows exactly the tasks in the manifest identifiers', async () => {
    const solver = createArcTrmSolver(await loadModel(IDENTITY));
    expect(solver.knows('007bbfb7')).toBe(true);
    expect(solver.knows('00d62c1b')).toBe(true);
    expect(solver.knows('ffffffff')).toBe(false);
    expect(solver.knows(undefined)).toBe(false);
  });

  it('runs every known augmentation under its own identifier and votes after inverting it', async () => {
    const solver = createArcTrmSolver(await loadModel(IDENTITY));
    const result = await solver.solve(task('007bbfb7'));
    expect(result.samples).toBe(4);
    expect(result.solution).toEqual([input, [[5, 0]]]);
    // All four augmented answers map back to the same grid: a wrong inverse would split the vote.
    expect(result.alternatives[0]).toHaveLength(1);
    expect(result.alternatives[0]![0]).toMatchObject({ grid: input, count: 4 });
    expect(result.alternatives[1]![0]).toMatchObject({ grid: [[5, 0]], count: 4 });
    expect(result.verified).toBe(false);
    expect(result.provenance).toMatchObject({ kind: 'trm', model: 'arc-identity-tiny', verified: false });
  });

  it('caps the augmentations, identity first', async () => {
    const solver = createArcTrmSolver(await loadModel(IDENTITY), { maxAugmentations: 2 });
    const result = await solver.solve(task('007bbfb7'));
    expect(result.samples).toBe(2);
    expect(result.alternatives[0]![0]).toMatchObject({ grid: input, count: 2 });
  });

  it('handles a task known only through a colour-permuted, flipped copy', async () => {
    const solver = createArcTrmSolver(await loadModel(IDENTITY));
    const result = await solver.solve(task('00d62c1b'));
    expect(result.samples).toBe(1);
    expect(result.solution[0]).toEqual(input);
  });

  it('refuses a task the model was not trained on, and a non-ARC model', async () => {
    const solver = createArcTrmSolver(await loadModel(IDENTITY));
    await expect(solver.solve(task('ffffffff'))).rejects.toBeInstanceOf(NotSupportedError);
    await expect(solver.solve({ ...task('x'), id: undefined })).rejects.toThrow(/not trained on ARC task \(no id\)/);
    const sudokuModel = await loadModel(TINY_SUDOKU);
    expect(() => createArcTrmSolver(sudokuModel)).toThrow(InvalidInputError);
  });
});
