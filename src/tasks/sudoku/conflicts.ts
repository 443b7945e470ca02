/**
 * Repeated digits within a row, column or box. Used to reject conflicting givens (parse,
 * solver) and to locate conflicts in candidate solutions (verify).
 */
import { InvalidInputError } from '../../core/errors.js';
import type { CellPosition } from '../../core/errors.js';
import type { SudokuGrid } from './grid.js';
import { cellPosition, houses } from './grid.js';

export type SudokuHouseKind = 'row' | 'column' | 'box';

/** One digit that appears more than once in one house. */
export interface SudokuConflict {
  house: SudokuHouseKind;
  /** Zero-based index of the row, column or box (boxes numbered row-major). */
  index: number;
  digit: number;
  /** Every cell of the house that holds `digit` (at least two). */
  cells: CellPosition[];
}

/**
 * Every digit repeated within a row, column or box (blanks ignored), rows first.
 *
 * @example
 * findSudokuConflicts({ size: 4, cells: [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] });
 * // [{ house: 'row', index: 0, digit: 1, cells: [{row: 0, col: 0}, {row: 0, col: 1}] }, { house: 'box', ... }]
 */
export function findSudokuConflicts(grid: SudokuGrid): SudokuConflict[] {
  const all = houses(grid.size);
  const conflicts: SudokuConflict[] = [];
  const scan = (house: SudokuHouseKind, lists: number[][]): void => {
    lists.forEach((indices, index) => {
      const byDigit = new Map<number, number[]>();
      for (const cell of indices) {
        const digit = grid.cells[cell] ?? 0;
        if (digit === 0) continue;
        const list = byDigit.get(digit);
        if (list === undefined) byDigit.set(digit, [cell]);
        else list.push(cell);
      }
      for (const [digit, cells] of [...byDigit].sort((a, b) => a[0] - b[0])) {
        if (cells.length > 1) {
          conflicts.push({ house, index, digit, cells: cells.map((c) => cellPosition(grid.size, c)) });
        }
      }
    });
  };
  scan('row', all.rows);
  scan('column', all.cols);
  scan('box', all.boxes);
  return conflicts;
}

/**
 * A sentence naming a conflict, one-based.
 *
 * @example
 * describeSudokuConflict({ house: 'box', index: 0, digit: 3, cells: [{row: 0, col: 0}, {row: 1, col: 1}] });
 * // "digit 3 appears twice in box 1 (at row 1, column 1 and row 2, column 2)"
 */
export function describeSudokuConflict(conflict: SudokuConflict): string {
  const where = conflict.cells.map((p) => `row ${p.row + 1}, column ${p.col + 1}`).join(' and ');
  const times = conflict.cells.length === 2 ? 'twice' : `${conflict.cells.length} times`;
  return `digit ${conflict.digit} appears ${times} in ${conflict.house} ${conflict.index + 1} (at ${where})`;
}

/**
 * Throws `InvalidInputError` (with `positions` of the conflicting cells) when the givens
 * repeat a digit in a row, column or box.
 *
 * @example
 * assertNoConflicts(grid, 'cells'); // throws: "Conflicting givens: digit 5 appears twice in row 1 ..."
 */
export function assertNoConflicts(grid: SudokuGrid, field = 'cells'): void {
  const conflicts = findSudokuConflicts(grid);
  const first = conflicts[0];
  if (first === undefined) return;
  const seen = new Set<string>();
  const positions: CellPosition[] = [];
  for (const conflict of conflicts) {
    for (const p of conflict.cells) {
      const key = `${p.row},${p.col}`;
      if (!seen.has(key)) {
        seen.add(key);
        positions.push(p);
      }
    }
  }
  const more = conflicts.length > 1 ? ` (and ${conflicts.length - 1} more conflict${conflicts.length > 2 ? 's' : ''})` : '';
  throw new InvalidInputError(`Conflicting givens: ${describeSudokuConflict(first)}${more}`, {
    field,
    position: first.cells[0],
    positions,
    details: {
      conflicts: conflicts.map((c) => ({ house: c.house, index: c.index, digit: c.digit, cells: c.cells })),
    },
  });
}
