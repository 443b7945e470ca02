/**
 * Tests that catch a wrong propagation in the exact solver: solution counts against a
 * brute-force counter (4x4, 6x6) and against the previous solver (9x9, test/support), every
 * solution verified, and multi-solution and unsolvable grids reported as such.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dataFile } from '../../../test/support/paths.js';
import { referenceSearch } from '../../../test/support/sudoku-reference-solver.js';
import { createRng } from '../../core/random.js';
import type { SudokuGrid, SudokuSize } from './grid.js';
import { boxIndex } from './grid.js';
import { parseSudoku } from './parse.js';
import { countSolutions, solveSudoku } from './solve.js';
import { searchSudoku } from './solve-search.js';
import { verifySudoku } from './verify.js';

const MAGICTOUR = readFileSync(dataFile('sudoku', 'magictour_top1465.txt'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'))
  .map((line) => parseSudoku(line));

/** Plain backtracking in cell order with no inference at all, stopping at `limit`. */
function bruteForceCount(grid: SudokuGrid, limit: number): number {
  const { size, cells } = grid;
  const used = new Array<number>(3 * size).fill(0);
  const houses = (i: number): [number, number, number] => {
    const r = Math.floor(i / size);
    const c = i % size;
    return [r, size + c, 2 * size + boxIndex(size, r, c)];
  };
  const work = [...cells];
  for (let i = 0; i < work.length; i++) {
    const v = work[i] as number;
    if (v === 0) continue;
    const bit = 1 << v;
    for (const h of houses(i)) {
      if (((used[h] as number) & bit) !== 0) return 0;
      used[h] = (used[h] as number) | bit;
    }
  }
  let count = 0;
  const walk = (i: number): void => {
    if (count >= limit) return;
    if (i === work.length) {
      count++;
      return;
    }
    if (work[i] !== 0) return walk(i + 1);
    const hs = houses(i);
    for (let v = 1; v <= size; v++) {
      const bit = 1 << v;
      if (hs.some((h) => ((used[h] as number) & bit) !== 0)) continue;
      for (const h of hs) used[h] = (used[h] as number) | bit;
      work[i] = v;
      walk(i + 1);
      work[i] = 0;
      for (const h of hs) used[h] = (used[h] as number) ^ bit;
    }
  };
  walk(0);
  return count;
}

/** Random givens (possibly clashing, possibly unsolvable) with the given share of blanks. */
const randomGrid = (size: SudokuSize, blankShare: number) =>
  fc
    .array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: size })), {
      minLength: size * size,
      maxLength: size * size,
    })
    .map((pairs): SudokuGrid => ({ size, cells: pairs.map(([p, d]) => (p < blankShare ? 0 : d)) }));

/** Expects `countSolutions` and the first solution to agree with an independent count. */
function expectAgrees(grid: SudokuGrid, limit: number, expected: number): void {
  const { count } = countSolutions(grid, limit);
  expect(count).toBe(expected);
  const search = searchSudoku(grid, 1, undefined);
  if (expected === 0) {
    expect(search.first).toBeUndefined();
    if (!search.clash) expect(() => solveSudoku(grid)).toThrow(/no solution/);
  } else {
    expect(verifySudoku(grid, { size: grid.size, cells: search.first ?? [] }).ok).toBe(true);
  }
}

describe('exact solver propagation', () => {
  it.each([
    [4, 0.55, 50],
    [4, 0.75, 50],
    [4, 1, 300],
    [6, 0.6, 50],
    [6, 0.7, 50],
  ] as [SudokuSize, number, number][])('size %i, blank share %f: counts match brute force up to %i', (size, blankShare, limit) => {
    let solvable = 0;
    fc.assert(
      fc.property(randomGrid(size, blankShare), (grid) => {
        const expected = bruteForceCount(grid, limit);
        if (expected > 0) solvable++;
        expectAgrees(grid, limit, expected);
      }),
      { seed: 19 * size + Math.round(blankShare * 100), numRuns: 300 },
    );
    // The random grids must not all be trivially unsolvable, or the test says little.
    expect(solvable).toBeGreaterThan(5);
  });

  it('counts every solution of small grids with many (4x4 empty: 288; 6x6 with one row)', () => {
    expect(countSolutions({ size: 4, cells: new Array<number>(16).fill(0) }, 1e6).count).toBe(288);
    const six: SudokuGrid = { size: 6, cells: [1, 2, 3, 4, 5, 6, ...new Array<number>(30).fill(0)] };
    expect(countSolutions(six, 1e6).count).toBe(bruteForceCount(six, 1e6));
  });

  it('9x9: counts match the previous solver on magictour grids with givens taken away or added', () => {
    const rng = createRng(19);
    for (let n = 0; n < 150; n++) {
      const puzzle = MAGICTOUR[rng.int(MAGICTOUR.length)] as SudokuGrid;
      const cells = [...puzzle.cells];
      const givens = cells.flatMap((v, i) => (v === 0 ? [] : [i]));
      // Take away 1-4 givens (usually several solutions), or put one wrong digit on a blank (usually none).
      if (n % 3 === 2) {
        const blanks = cells.flatMap((v, i) => (v === 0 ? [i] : []));
        cells[blanks[rng.int(blanks.length)] as number] = 1 + rng.int(9);
      } else {
        for (let k = 0; k <= n % 4; k++) cells[givens[rng.int(givens.length)] as number] = 0;
      }
      const grid: SudokuGrid = { size: 9, cells };
      const expected = referenceSearch(grid, 40).count;
      expectAgrees(grid, 40, expected);
    }
  });

  it('9x9: every magictour puzzle has exactly one solution, and it verifies', () => {
    let failures = 0;
    for (const puzzle of MAGICTOUR) {
      const result = searchSudoku(puzzle, 2, undefined);
      if (result.count !== 1 || !verifySudoku(puzzle, { size: 9, cells: result.first ?? [] }).ok) failures++;
    }
    expect(failures).toBe(0);
  });

  it('9x9: puzzles with several solutions are reported as such', () => {
    const solution = solveSudoku(MAGICTOUR[0] as SudokuGrid).solution.cells;
    // A solved grid with its top band blanked (168 ways to refill it), or six rows by six columns (2454).
    for (const blank of [(i: number) => i < 27, (i: number) => i < 54 && i % 9 < 6]) {
      const grid: SudokuGrid = { size: 9, cells: solution.map((v, i) => (blank(i) ? 0 : v)) };
      const expected = referenceSearch(grid, 1e5).count;
      expect(expected).toBeGreaterThan(100);
      expect(countSolutions(grid, 1e5).count).toBe(expected);
      expect(countSolutions(grid, 2).count).toBe(2);
    }
    const empty: SudokuGrid = { size: 9, cells: new Array<number>(81).fill(0) };
    expect(countSolutions(empty, 500).count).toBe(500);
    expect(countSolutions(MAGICTOUR[0] as SudokuGrid, 10).count).toBe(1);
  });

  it('needs few guesses on magictour (locked candidates in rows and in stacks at work)', () => {
    let guesses = 0;
    for (const puzzle of MAGICTOUR) guesses += searchSudoku(puzzle, 1, undefined).guesses;
    // Singles alone need about 40 guesses a puzzle here, singles and locked candidates about 12.
    expect(guesses / MAGICTOUR.length).toBeLessThan(15);
  });
});
