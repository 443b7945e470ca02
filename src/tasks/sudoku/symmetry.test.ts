import { describe, expect, it } from 'vitest';
import { NotSupportedError } from '../../core/errors.js';
import { sudoku } from './codec.js';
import { solveSudoku } from './solve.js';
import { SUDOKU_SYMMETRIES, sudokuShuffle, sudokuSymmetry } from './symmetry.js';

const HARD = sudoku.parse('4...3.......6..8..........1....5..9..8....6...7.2........1.27..5.3....4.9........');
const SIX = sudoku.parse('1.....\n..3...\n....5.\n.2....\n...4..\n.....6');

describe('sudoku symmetries', () => {
  it('are the 7 rotations and mirrors, then seeded shuffles, on the codec for exploration', () => {
    expect(SUDOKU_SYMMETRIES.slice(0, 7).map((s) => s.name)).toEqual([
      'rot90',
      'rot180',
      'rot270',
      'flip left-right',
      'flip up-down',
      'transpose',
      'anti-transpose',
    ]);
    expect(SUDOKU_SYMMETRIES[7]?.name).toBe('shuffle 1');
    expect(sudoku.symmetries).toBe(SUDOKU_SYMMETRIES);
  });

  it('map the solution of the transformed puzzle back to the solution of the puzzle', () => {
    const solution = solveSudoku(HARD).solution;
    for (const symmetry of SUDOKU_SYMMETRIES) {
      const turned = symmetry.apply(HARD);
      expect(turned.cells.filter((v) => v !== 0)).toHaveLength(HARD.cells.filter((v) => v !== 0).length);
      expect(turned.cells).not.toEqual(HARD.cells);
      const back = symmetry.restore(solveSudoku(turned).solution, HARD);
      expect(back.cells).toEqual(solution.cells);
    }
  });

  it('turn a 6x6 grid only where its 2x3 boxes survive; shuffles work for every size', () => {
    expect(() => sudokuSymmetry(1).apply(SIX)).toThrow(NotSupportedError);
    // this sparse grid has many solutions: each one found in a transformed frame solves it
    for (const symmetry of [sudokuSymmetry(2), sudokuSymmetry(4), sudokuSymmetry(5), sudokuShuffle(1), sudokuShuffle(2)]) {
      const back = symmetry.restore(solveSudoku(symmetry.apply(SIX)).solution, SIX);
      expect(sudoku.verify(SIX, back)).toMatchObject({ ok: true, strength: 'full' });
    }
  });
});
