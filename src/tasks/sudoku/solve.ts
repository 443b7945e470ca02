/**
 * The exact Sudoku solver, for 4x4, 6x6 and 9x9: bit-board constraint propagation with
 * depth-first search, in the manner of the fast C solvers (JCZSolve, tdoku's band masks).
 *
 * State: for each digit, the cells it may still occupy, as one mask per band (see
 * `solve-tables.ts`), plus the unsolved cells of each band. Propagation runs to a fixed point:
 * - per digit and band, one table lookup keeps only the cells some placement of the digit in
 *   the band's rows and boxes still reaches (locked candidates: pointing and claiming); a row
 *   left with one cell solves it (hidden single in a row, and through the lookup in a box),
 *   which removes the other digits from the cell and the column from the other bands;
 * - a cell left with one digit (naked single), or a digit left with one cell in a column
 *   (hidden single in a column), is placed;
 * - a cell with no digit, or a row, box or column with no place for a digit, is a dead end.
 * Then it guesses on a cell with two candidates (else the cell with fewest): one branch places
 * the digit in a copy of the state (a few dozen words), the other removes it and goes on.
 *
 * `nodes` counts cells placed, forced or guessed, in every branch visited: a puzzle that needs
 * no guessing takes exactly one node per blank; `guesses` counts the branches tried.
 */
import { InvalidInputError, UnsolvableError, throwIfAborted } from '../../core/errors.js';
import type { ExactStats } from '../../core/spec.js';
import { assertNoConflicts } from './conflicts.js';
import type { SudokuGrid } from './grid.js';
import { isSudokuSize } from './grid.js';
import { searchSudoku } from './solve-search.js';
import { assertDigitsInRange } from './text-grid.js';

/** Options shared by the solver entry points. */
export interface SudokuSearchOptions {
  signal?: AbortSignal;
}

/** Result of `countSolutions`. */
export interface SudokuSolutionCount {
  /** Number of solutions found, at most `limit`. */
  count: number;
  /** Search nodes visited (see the module comment for the scale). */
  nodes: number;
}

function checkShape(grid: SudokuGrid): void {
  if (typeof grid !== 'object' || grid === null || !isSudokuSize(grid.size)) {
    throw new InvalidInputError('The puzzle must be {size: 4|6|9, cells}', { field: 'size' });
  }
  if (!Array.isArray(grid.cells) || grid.cells.length !== grid.size * grid.size) {
    const found = Array.isArray(grid.cells) ? grid.cells.length : 0;
    throw new InvalidInputError(`cells has ${found} entries, expected ${grid.size * grid.size} for a ${grid.size}x${grid.size} sudoku`, {
      field: 'cells',
      details: { found, expected: grid.size * grid.size },
    });
  }
  assertDigitsInRange(grid, 'cells');
}

/**
 * Counts the solutions of `grid`, stopping at `limit` (default 2: enough to prove uniqueness).
 * A grid whose givens conflict has 0 solutions. With `limit` >= 2 a unique puzzle is searched
 * exhaustively, so `nodes` does not depend on lucky value order (the generator's difficulty).
 *
 * @example
 * countSolutions(puzzle).count === 1; // unique
 * countSolutions({ size: 4, cells: new Array(16).fill(0) }, 1000).count; // 288
 */
export function countSolutions(grid: SudokuGrid, limit = 2, options: SudokuSearchOptions = {}): SudokuSolutionCount {
  checkShape(grid);
  throwIfAborted(options.signal);
  const { count, nodes } = searchSudoku(grid, Math.max(1, limit), options.signal);
  return { count, nodes };
}

/**
 * Solves a Sudoku exactly. Throws `InvalidInputError` for a malformed grid or conflicting
 * givens (with `positions`), `UnsolvableError` when no solution exists, `AbortedError` when
 * `signal` aborts (checked about every 4096 nodes). `stats.nodes` counts cells placed, forced
 * or guessed, until the first solution.
 *
 * @example
 * const { solution, stats } = solveSudoku(parseSudoku('4...3.......6..8..........1....5..9..8....6...7.2........1.27..5.3....4.9........'));
 */
export function solveSudoku(grid: SudokuGrid, options: SudokuSearchOptions = {}): { solution: SudokuGrid; stats: ExactStats } {
  checkShape(grid);
  throwIfAborted(options.signal);
  const result = searchSudoku(grid, 1, options.signal);
  if (result.clash) {
    assertNoConflicts(grid, 'cells');
    throw new InvalidInputError('Conflicting givens', { field: 'cells' });
  }
  if (result.first === undefined) {
    throw new UnsolvableError(
      `This ${grid.size}x${grid.size} sudoku has no solution (its givens do not conflict directly, ` +
        `but the search proved that no completion exists after ${result.nodes} nodes)`,
      { details: { nodes: result.nodes } },
    );
  }
  return { solution: { size: grid.size, cells: result.first }, stats: { nodes: result.nodes } };
}
