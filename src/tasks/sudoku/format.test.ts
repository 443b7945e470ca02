import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSudoku } from './format.js';
import { generateSudoku } from './generate.js';
import type { SudokuGrid, SudokuSize } from './grid.js';
import { parseSudoku } from './parse.js';

/** A valid (conflict-free) partial grid: a random full grid with a random subset of cells blanked. */
const partialGrid = fc
  .record({ size: fc.constantFrom<SudokuSize>(4, 6, 9), seed: fc.integer(), keep: fc.double({ min: 0, max: 1, noNaN: true }), maskSeed: fc.integer() })
  .map(({ size, seed, keep, maskSeed }): SudokuGrid => {
    const full = generateSudoku({ size, givens: size * size, seed }).solution;
    let x = maskSeed >>> 0;
    const cells = full.cells.map((v) => {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      return x / 4294967296 < keep ? v : 0;
    });
    return { size, cells };
  });

describe('formatSudoku', () => {
  it('prints the pretty form with box separators and . blanks', () => {
    const grid = parseSudoku('53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79');
    expect(formatSudoku(grid)).toBe(
      [
        '5 3 . | . 7 . | . . .',
        '6 . . | 1 9 5 | . . .',
        '. 9 8 | . . . | . 6 .',
        '------+-------+------',
        '8 . . | . 6 . | . . 3',
        '4 . . | 8 . 3 | . . 1',
        '7 . . | . 2 . | . . 6',
        '------+-------+------',
        '. 6 . | . . . | 2 8 .',
        '. . . | 4 1 9 | . . 5',
        '. . . | . 8 . | . 7 9',
      ].join('\n'),
    );
  });

  it('prints 4x4 and 6x6 with their box shapes', () => {
    expect(formatSudoku({ size: 4, cells: [1, 0, 0, 4, 0, 0, 1, 0, 0, 1, 0, 0, 4, 0, 0, 1] })).toBe('1 . | . 4\n. . | 1 .\n----+----\n. 1 | . .\n4 . | . 1');
    const six = formatSudoku({ size: 6, cells: Array.from({ length: 36 }, () => 0) }).split('\n');
    expect(six).toEqual([
      '. . . | . . .',
      '. . . | . . .',
      '------+------',
      '. . . | . . .',
      '. . . | . . .',
      '------+------',
      '. . . | . . .',
      '. . . | . . .',
    ]);
  });

  it('prints one line of n*n characters', () => {
    expect(formatSudoku({ size: 4, cells: [1, 0, 0, 4, 0, 0, 1, 0, 0, 1, 0, 0, 4, 0, 0, 1] }, 'line')).toBe('1..4..1..1..4..1');
  });

  it('round-trips through parseSudoku in both styles, all sizes (property)', () => {
    fc.assert(
      fc.property(partialGrid, fc.constantFrom('pretty' as const, 'line' as const), (grid, style) => {
        expect(parseSudoku(formatSudoku(grid, style))).toEqual(grid);
      }),
      { numRuns: 150 },
    );
  });
});
