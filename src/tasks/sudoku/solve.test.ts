import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataFile } from '../../../test/support/paths.js';
import { AbortedError, InvalidInputError, UnsolvableError } from '../../core/errors.js';
import { sudokuDifficulty } from './generate.js';
import type { SudokuGrid } from './grid.js';
import { parseSudoku } from './parse.js';
import { countSolutions, solveSudoku } from './solve.js';
import { verifySudoku } from './verify.js';

const MAGICTOUR = readFileSync(dataFile('sudoku', 'magictour_top1465.txt'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));

const grid = (line: string): SudokuGrid => ({
  size: line.length === 81 ? 9 : line.length === 36 ? 6 : 4,
  cells: [...line].map((ch) => (ch === '.' ? 0 : Number(ch))),
});

/** Valid givens (no repeated digit anywhere) but cell (0,8) has no candidate: row needs 9, box has it. */
const NO_CANDIDATE = grid(`12345678.........9${'.'.repeat(63)}`);

describe('solveSudoku', () => {
  it('solves and verifies every puzzle of magictour_top1465', () => {
    expect(MAGICTOUR).toHaveLength(1465);
    const puzzles = MAGICTOUR.map((line) => parseSudoku(line));
    for (const puzzle of puzzles.slice(0, 50)) solveSudoku(puzzle); // warm-up
    let nodes = 0;
    const started = performance.now();
    const solutions = puzzles.map((puzzle) => {
      const { solution, stats } = solveSudoku(puzzle);
      nodes += stats.nodes;
      return solution;
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `magictour_top1465: ${puzzles.length} solved in ${seconds.toFixed(2)} s ` +
        `(${(puzzles.length / seconds).toFixed(0)} puzzles/s, mean ${(nodes / puzzles.length).toFixed(0)} nodes)`,
    );
    const failures = puzzles.filter((puzzle, i) => !verifySudoku(puzzle, solutions[i] as SudokuGrid).ok).length;
    expect(failures).toBe(0);
  });

  it('proves uniqueness (countSolutions = 1) for a sample of magictour, and rates them', () => {
    const ratings: Record<string, number> = {};
    for (const line of MAGICTOUR.filter((_, i) => i % 15 === 0)) {
      const puzzle = grid(line);
      expect(countSolutions(puzzle, 2).count).toBe(1);
      const { rating } = sudokuDifficulty(puzzle);
      ratings[rating] = (ratings[rating] ?? 0) + 1;
    }
    console.log(`magictour sample difficulty: ${JSON.stringify(ratings)}`);
    expect((ratings.hard ?? 0) + (ratings.extreme ?? 0)).toBeGreaterThan(ratings.easy ?? 0);
  });

  it('solves 4x4 and 6x6', () => {
    const four = grid('1..4..1..1..4..1');
    expect(solveSudoku(four).solution.cells).toEqual([1, 2, 3, 4, 3, 4, 1, 2, 2, 1, 4, 3, 4, 3, 2, 1]);
    const six = grid('..1.4........4..63.2..5.6...12.1.4..');
    const { solution } = solveSudoku(six);
    expect(verifySudoku(six, solution).ok).toBe(true);
    expect(countSolutions(six).count).toBe(1);
    expect(solution.cells.join('')).toBe('261345453621145263326154634512512436');
  });

  it('counts solutions up to the limit', () => {
    expect(countSolutions({ size: 4, cells: new Array<number>(16).fill(0) }, 1000).count).toBe(288);
    expect(countSolutions({ size: 9, cells: new Array<number>(81).fill(0) }, 5).count).toBe(5);
    expect(countSolutions(NO_CANDIDATE).count).toBe(0);
    expect(countSolutions(grid(`55${'.'.repeat(79)}`))).toEqual({ count: 0, nodes: 0 });
  });

  it('a puzzle that needs no guessing takes one node per blank', () => {
    const solved = solveSudoku(grid(MAGICTOUR[0] ?? '')).solution;
    const cells = [...solved.cells];
    for (const i of [0, 10, 20, 30, 40, 50, 60, 70, 80]) cells[i] = 0;
    expect(solveSudoku({ size: 9, cells }).stats.nodes).toBe(9);
    expect(solveSudoku(solved).stats.nodes).toBe(0);
  });

  it('throws UnsolvableError for valid givens without a solution', () => {
    try {
      solveSudoku(NO_CANDIDATE);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UnsolvableError);
      expect((error as UnsolvableError).code).toBe('unsolvable');
      expect((error as UnsolvableError).status).toBe(422);
    }
    // 4x4: no direct conflict, but the search has to discover the dead end.
    expect(() => solveSudoku(grid('12....3..........4.'.slice(0, 16)))).toThrow(UnsolvableError);
  });

  it('throws InvalidInputError with positions for conflicting givens', () => {
    try {
      solveSudoku(grid(`5${'.'.repeat(9)}5${'.'.repeat(70)}`));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      const e = error as InvalidInputError;
      expect(e.code).toBe('invalid_input');
      expect(e.field).toBe('cells');
      expect(e.message).toMatch(/box 1/);
      expect(e.positions).toEqual([
        { row: 0, col: 0 },
        { row: 1, col: 1 },
      ]);
    }
  });

  it('throws InvalidInputError for malformed grids', () => {
    expect(() => solveSudoku({ size: 9, cells: [] })).toThrow(/expected 81/);
    expect(() => solveSudoku({ size: 5 as 4, cells: [] })).toThrow(InvalidInputError);
    try {
      solveSudoku({ size: 4, cells: [0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] });
      expect.unreachable();
    } catch (error) {
      expect((error as InvalidInputError).position).toEqual({ row: 1, col: 1 });
    }
  });

  it('respects an AbortSignal, before and during the search', () => {
    const controller = new AbortController();
    controller.abort();
    expect(() => solveSudoku(grid(MAGICTOUR[0] ?? ''), { signal: controller.signal })).toThrow(AbortedError);
    let reads = 0;
    const flipping = {
      get aborted() {
        reads++;
        return reads > 1;
      },
      reason: 'stop',
    } as unknown as AbortSignal;
    try {
      countSolutions({ size: 9, cells: new Array<number>(81).fill(0) }, 1e9, { signal: flipping });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AbortedError);
      expect((error as AbortedError).code).toBe('aborted');
    }
    expect(reads).toBe(2);
  });
});
