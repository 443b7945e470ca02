import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, NotSupportedError } from '../core/index.js';
import { arcTask, identifiersKnow } from '../tasks/arc/index.js';
import type { ArcTask, ArcVote } from '../tasks/arc/index.js';
import { REPO_ROOT } from '../../test/support/paths.js';
import { createTaskTrmSolver } from './solver.js';
import { loadModel } from './model.js';

// A hand-built model that predicts its input unchanged (tools/make_arc_fixture.py): every
// augmentation's answer, mapped back, must be the original test input.
const IDENTITY = join(REPO_ROOT, 'test', 'fixtures', 'trm', 'arc-identity-tiny');
const TINY_SUDOKU = join(REPO_ROOT, 'test', 'fixtures', 'trm', 'sudoku-mlp-tiny');
// The same identity model on a 10x10 canvas (S = 100), as a model trained with arc_side = 10.
const IDENTITY_10 = join(REPO_ROOT, 'test', 'fixtures', 'arc-small', 'arc-identity-10x10');

const input = [
  [0, 7, 7, 3],
  [7, 7, 7, 1],
  [0, 7, 0, 9],
];
const task = (id: string): ArcTask => ({ id, train: [{ input: [[1]], output: [[1]] }], test: [{ input }, { input: [[5, 0]] }] });

const arcSolver = async (options: { maxSamples?: number } = {}) => createTaskTrmSolver(arcTask, await loadModel(IDENTITY), options);
const votes = (alternatives: unknown, i: number): ArcVote[] => (alternatives as ArcVote[][])[i] ?? [];

describe('createTaskTrmSolver on ARC (multi-sample plan)', () => {
  it('knows exactly the tasks in the manifest identifiers', async () => {
    const { manifest } = await loadModel(IDENTITY);
    expect(identifiersKnow(manifest.identifiers, '007bbfb7')).toBe(true);
    expect(identifiersKnow(manifest.identifiers, '00d62c1b')).toBe(true);
    expect(identifiersKnow(manifest.identifiers, 'ffffffff')).toBe(false);
    expect(identifiersKnow(manifest.identifiers, undefined)).toBe(false);
    expect(arcTask.trm.unfit(manifest, task('007bbfb7'))).toBeNull();
    expect(arcTask.trm.unfit(manifest, task('ffffffff'))).toMatch(/not trained on ARC task ffffffff/);
  });

  it('runs every known augmentation under its own identifier and votes after inverting it', async () => {
    const solver = await arcSolver();
    const result = await solver.solve(task('007bbfb7'));
    expect(result.samples).toBe(4);
    expect(result.solution).toEqual([input, [[5, 0]]]);
    // All four augmented answers map back to the same grid: a wrong inverse would split the vote.
    expect(votes(result.alternatives, 0)).toHaveLength(1);
    expect(votes(result.alternatives, 0)[0]).toMatchObject({ grid: input, count: 4 });
    expect(votes(result.alternatives, 1)[0]).toMatchObject({ grid: [[5, 0]], count: 4 });
    expect(result.verified).toBe(false);
    expect(result.provenance).toMatchObject({ kind: 'trm', model: 'arc-identity-tiny', verified: false });
  });

  it('caps the augmentations, identity first', async () => {
    const solver = await arcSolver({ maxSamples: 2 });
    const result = await solver.solve(task('007bbfb7'));
    expect(result.samples).toBe(2);
    expect(votes(result.alternatives, 0)[0]).toMatchObject({ grid: input, count: 2 });
  });

  it('handles a task known only through a colour-permuted, flipped copy', async () => {
    const solver = await arcSolver();
    const result = await solver.solve(task('00d62c1b'));
    expect(result.samples).toBe(1);
    expect(result.solution[0]).toEqual(input);
  });

  it('refuses a task the model was not trained on, and a non-ARC model', async () => {
    const solver = await arcSolver();
    await expect(solver.solve(task('ffffffff'))).rejects.toBeInstanceOf(NotSupportedError);
    await expect(solver.solve({ ...task('x'), id: undefined })).rejects.toThrow(/not trained on ARC task \(no id/);
    const sudokuModel = await loadModel(TINY_SUDOKU);
    expect(() => createTaskTrmSolver(arcTask, sudokuModel)).toThrow(InvalidInputError);
  });

  it('runs a model of a smaller canvas on the tasks whose test inputs fit it, and refuses the others', async () => {
    const model = await loadModel(IDENTITY_10);
    expect(model.manifest.canvas).toEqual({ rows: 10, cols: 10 });
    const result = await createTaskTrmSolver(arcTask, model).solve(task('007bbfb7'));
    expect(result.solution).toEqual([input, [[5, 0]]]);
    expect(votes(result.alternatives, 0)[0]).toMatchObject({ grid: input, count: 4 });
    const wide = { ...task('007bbfb7'), test: [{ input }, { input: [new Array<number>(11).fill(3)] }] };
    expect(arcTask.trm.unfit(model.manifest, wide)).toBe('model arc-identity-10x10 takes ARC grids up to 10x10; test input 1 is 1x11');
    await expect(createTaskTrmSolver(arcTask, model).solve(wide)).rejects.toBeInstanceOf(NotSupportedError);
    // a manifest whose S does not match its canvas is refused before any solve
    const broken = Object.create(model, { manifest: { value: { ...model.manifest, canvas: { rows: 12, cols: 12 } } } }) as typeof model;
    expect(() => createTaskTrmSolver(arcTask, broken)).toThrow(/S=100, V=12; the arc encoding needs S=144/);
  });
});
