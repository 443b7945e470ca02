/**
 * `parseSudoku`: any supported notation (text, possibly inside prose or a code fence; JSON;
 * arrays; `{size, cells}`) to a checked `SudokuGrid`. Never guesses: no grid, several
 * different grids, a malformed grid or conflicting givens all throw `InvalidInputError`.
 */
import { InvalidInputError } from '../../core/errors.js';
import { assertNoConflicts } from './conflicts.js';
import type { SudokuGrid } from './grid.js';
import type { SudokuLocation } from './locate.js';
import { locateSudoku } from './locate.js';
import { gridFromValue } from './structured.js';

function sameGrid(a: SudokuGrid, b: SudokuGrid): boolean {
  return a.size === b.size && a.cells.every((v, i) => v === b.cells[i]);
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function pick(text: string, found: SudokuLocation[]): SudokuGrid {
  const grids: { grid: SudokuGrid; at: SudokuLocation }[] = [];
  for (const at of found) {
    if (at.grid !== undefined && !grids.some((g) => sameGrid(g.grid, at.grid as SudokuGrid))) {
      grids.push({ grid: at.grid, at });
    }
  }
  const only = grids[0];
  if (only !== undefined && grids.length === 1) return only.grid;
  if (grids.length > 1) {
    const where = grids.map((g) => `line ${lineOf(text, g.at.start)}`).join(', ');
    throw new InvalidInputError(`Found ${grids.length} different sudoku grids in the input (at ${where}); pass one puzzle at a time`, {
      field: 'input',
      details: { spans: grids.map((g) => ({ start: g.at.start, end: g.at.end })) },
    });
  }
  const failed = found.filter((at) => at.error !== undefined).sort((a, b) => b.cellCount - a.cellCount)[0];
  if (failed?.error !== undefined) throw failed.error;
  throw new InvalidInputError(
    'No sudoku grid found in the input: expected 16, 36 or 81 cells in one line, or 4, 6 or 9 lines of cells ' +
      '(digits 1-9, blanks as 0 . _ * ?), a JSON array, or {size, cells}',
    { field: 'input' },
  );
}

/**
 * Parses a Sudoku from text or a structured value and checks it (shape, digit range,
 * conflicting givens). Positions in errors are zero-based; messages are one-based.
 *
 * Text forms: one line of 16/36/81 cells; 4/6/9 lines of cells with optional `| - + = ,`
 * separators and spaces; a JSON array or object; any of these inside prose or a markdown code
 * fence. Blanks: `0 . _ * ?`. Structured forms: n x n array, flat array, `{ size?, cells }`.
 *
 * @example
 * parseSudoku('53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79');
 * parseSudoku('Please solve:\n```\n1 . | . 4\n. . | 1 .\n----+----\n. 1 | . .\n4 . | . 1\n```');
 * parseSudoku([[1, 0, 0, 4], [0, 0, 1, 0], [0, 1, 0, 0], [4, 0, 0, 1]]);
 * parseSudoku({ size: 4, cells: [1, 0, 0, 4, 0, 0, 1, 0, 0, 1, 0, 0, 4, 0, 0, 1] });
 */
export function parseSudoku(input: unknown): SudokuGrid {
  const grid = typeof input === 'string' ? pick(input, locateSudoku(input)) : gridFromValue(input);
  assertNoConflicts(grid, typeof input === 'object' && input !== null && !Array.isArray(input) ? 'cells' : 'grid');
  return { size: grid.size, cells: [...grid.cells] };
}
