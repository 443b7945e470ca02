import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../core/index.js';
import { PairsFileError, pairsJsonl, planLearning, progressOf, readPairs } from './learn.js';

const pair = (input: unknown, output: unknown): string => JSON.stringify({ input, output });

describe('readPairs', () => {
  it('reads integer grids and character grids (symbols in order of first appearance)', () => {
    const ints = readPairs(`${pair([[0, 1]], [[1, 0]])}\n\n${pair([[2]], [[2]])}\n`, 'p.jsonl');
    expect(ints.pairs.map((p) => [p.input, p.output, p.line])).toEqual([
      [[[0, 1]], [[1, 0]], 1],
      [[[2]], [[2]], 3],
    ]);
    expect(ints.symbols).toBeUndefined();
    const chars = readPairs(pair(['.#', '#.'], ['o#', '#o']), 'p.jsonl');
    expect(chars.symbols).toEqual(['.', '#', 'o']);
    expect(chars.pairs[0]?.output).toEqual([
      [2, 1],
      [1, 2],
    ]);
  });

  it('reports every bad line with its number and why, before anything is used', () => {
    const text = [
      pair([[0]], [[1]]),
      'not json',
      JSON.stringify({ input: [[0]] }),
      pair([[0, 1], [0]], [[0]]),
      pair([[10]], [[0]]),
      pair(['ab'], ['ba']),
      pair(Array(31).fill([0]), [[0]]),
    ].join('\n');
    let error: unknown;
    try {
      readPairs(text, 'bad.jsonl');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PairsFileError);
    const problems = (error as PairsFileError).problems;
    expect(problems.map((p) => p.line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(problems[1]?.message).toMatch(/output: missing/);
    expect(problems[2]?.message).toMatch(/row 2 has 1 cells, row 1 has 2/);
    expect(problems[3]?.message).toMatch(/colours are integers 0\.\.9/);
    expect(problems[4]?.message).toMatch(/strings, but line 1 as integers/);
    expect(problems[5]?.message).toMatch(/31 rows; at most 30/);
    expect((error as PairsFileError).field).toBe('data');
    expect(() => readPairs('\n\n', 'empty.jsonl')).toThrow(/holds no pairs/);
  });
});

describe('planLearning', () => {
  const pairs = readPairs(
    Array.from({ length: 40 }, (_, i) =>
      pair(
        [
          [i % 3, 0],
          [0, 1],
        ],
        [
          [0, i % 3],
          [1, 0],
        ],
      ),
    ).join('\n'),
    'p.jsonl',
  );

  it('declares the task the data describes and splits it reproducibly', () => {
    const plan = planLearning(pairs, { name: 'swap-columns', augment: 'dihedral', seed: 3 });
    expect(plan.spec).toMatchObject({
      name: 'swap-columns',
      maxGrid: { rows: 2, cols: 2 },
      alphabet: { colours: 3 },
      sameSize: true,
      augmentations: ['dihedral'],
    });
    expect(plan.heldOut).toHaveLength(4);
    expect(plan.train).toHaveLength(36);
    expect(planLearning(pairs, { name: 'swap-columns', augment: 'dihedral', seed: 3 }).heldOut.map((p) => p.line)).toEqual(plan.heldOut.map((p) => p.line));
    expect(planLearning(pairs, { name: 'swap-columns', augment: 'dihedral', seed: 4 }).heldOut.map((p) => p.line)).not.toEqual(plan.heldOut.map((p) => p.line));
    expect(planLearning(pairs, { name: 'x-y', augment: 'both', seed: 0 }).spec.augmentations).toEqual(['dihedral', 'colours']);
    expect(pairsJsonl(plan.heldOut).trim().split('\n')).toHaveLength(4);
  });

  it('notices outputs of another size, and refuses built-in or malformed names and too little data', () => {
    const resized = readPairs(pair([[1, 2]], [[1]]) + '\n' + pair([[3]], [[3]]), 'p.jsonl');
    expect(planLearning(resized, { name: 'shrink', augment: 'none', seed: 0 }).spec.sameSize).toBe(false);
    expect(() => planLearning(pairs, { name: 'sudoku', augment: 'none', seed: 0 })).toThrow(/built-in task/);
    expect(() => planLearning(pairs, { name: 'Bad Name', augment: 'none', seed: 0 })).toThrow(InvalidInputError);
    expect(() => planLearning(readPairs(pair([[0]], [[0]]), 'p.jsonl'), { name: 'one', augment: 'none', seed: 0 })).toThrow(/at least 2/);
  });
});

describe('progressOf', () => {
  it('reads the training log lines the user is shown', () => {
    expect(progressOf('{"start": true, "step": 0, "parameters": 1200, "trainPuzzles": 90, "budgetMin": 2}')).toEqual({
      kind: 'start',
      parameters: 1200,
      trainPairs: 90,
      budgetMin: 2,
    });
    expect(progressOf('{"step": 10, "loss": 0.5, "exact": 0.25, "elapsedMin": 0.5, "budgetMin": 2}')).toMatchObject({
      kind: 'step',
      step: 10,
      loss: 0.5,
      trainExact: 0.25,
    });
    expect(progressOf('{"step": 10, "eval": {"heldout.jsonl": {"exact": 0.75, "cell": 0.9}}}')).toEqual({
      kind: 'eval',
      step: 10,
      heldOutExact: 0.75,
      heldOutCell: 0.9,
    });
    expect(progressOf('{"done": true, "step": 20, "elapsedMin": 2}')).toEqual({ kind: 'done', step: 20, elapsedMin: 2 });
    expect(progressOf('{"step": 3, "loss": 1, "lr": 0.001}')).toBeUndefined();
    expect(progressOf('garbage')).toBeUndefined();
  });
});
