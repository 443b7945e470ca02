/**
 * Reading structured values as a Sudoku grid: an n x n array, a flat array of n*n cells, an
 * array of n row strings (`["53..7....", ...]`), or `{ size?, cells }` (cells in any of those
 * forms). Cells are integers 0..n, `null`, or one-character strings (`"5"`, `"."`). Does not
 * check conflicting givens.
 */
import { InvalidInputError } from '../../core/errors.js';
import type { SudokuGrid, SudokuSize } from './grid.js';
import { SUDOKU_SIZES, cellPosition, describeCell, isSudokuSize, sizeForCellCount } from './grid.js';
import { assertDigitsInRange, cellValue, gridFromLines } from './text-grid.js';

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `the string ${JSON.stringify(value.slice(0, 20))}` : `a ${typeof value}`;
}

function cellOf(value: unknown, field: string, size: number, index: number): number {
  if (value === null) return 0;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string') {
    const v = cellValue(value.trim());
    if (v >= 0) return v;
  }
  const position = cellPosition(size, index);
  throw new InvalidInputError(`${field} at ${describeCell(position)} must be a digit 0-${size} (0 or null = blank), got ${describeType(value)}`, {
    field,
    position,
    details: { value },
  });
}

function fromRows(rows: unknown[][], field: string, sizeHint?: SudokuSize): SudokuGrid {
  const size = sizeHint ?? sizeForCellCount(rows.length * rows.length);
  if (size === undefined || rows.length !== size) {
    const expected = size ?? SUDOKU_SIZES.reduce((b, n) => (Math.abs(n - rows.length) < Math.abs(b - rows.length) ? n : b));
    throw new InvalidInputError(`${field} has ${rows.length} rows, expected ${expected} (a sudoku is 4x4, 6x6 or 9x9)`, {
      field,
      details: { found: rows.length, expected },
    });
  }
  const cells: number[] = [];
  rows.forEach((row, r) => {
    if (row.length !== size) {
      throw new InvalidInputError(`${field} row ${r + 1} has ${row.length} cells, expected ${size}`, {
        field,
        position: { row: r, col: Math.min(row.length, size) },
        details: { found: row.length, expected: size },
      });
    }
    row.forEach((value, c) => cells.push(cellOf(value, field, size, r * size + c)));
  });
  return { size, cells };
}

function fromFlat(values: unknown[], field: string, sizeHint?: SudokuSize): SudokuGrid {
  const size = sizeHint ?? sizeForCellCount(values.length);
  if (size === undefined || values.length !== size * size) {
    const expected = size ?? SUDOKU_SIZES.reduce((b, n) => (Math.abs(n * n - values.length) < Math.abs(b * b - values.length) ? n : b));
    throw new InvalidInputError(
      `${field} has ${values.length} cells, expected ${expected * expected} for a ${expected}x${expected} sudoku ` + `(16, 36 or 81 cells)`,
      { field, details: { found: values.length, expected: expected * expected } },
    );
  }
  return { size, cells: values.map((value, i) => cellOf(value, field, size, i)) };
}

function fromArray(values: unknown[], field: string, sizeHint?: SudokuSize): SudokuGrid {
  if (values.length === 0) {
    throw new InvalidInputError(`${field} is an empty array; expected an n x n array or n*n cells`, { field });
  }
  // Rows as strings (["53..7....", "6..195...", ...]) read as lines of text.
  if (values.every((v) => typeof v === 'string') && values.some((v) => v.trim().length > 1)) {
    const grid = gridFromLines(values.map((text, lineNo) => ({ text, offset: 0, lineNo })));
    if (sizeHint !== undefined && grid.size !== sizeHint) {
      throw new InvalidInputError(`${field} is a ${grid.size}x${grid.size} grid but size is ${sizeHint}`, { field });
    }
    return grid;
  }
  if (values.every((v) => Array.isArray(v))) return fromRows(values as unknown[][], field, sizeHint);
  if (values.some((v) => Array.isArray(v))) {
    throw new InvalidInputError(`${field} mixes rows (arrays) and single cells; expected an n x n array or a flat array`, {
      field,
    });
  }
  return fromFlat(values, field, sizeHint);
}

/**
 * Reads a structured value (not text) as a grid, checking shape and digit range.
 *
 * @example
 * gridFromValue([[1, 0, 0, 4], [0, 0, 1, 0], [0, 1, 0, 0], [4, 0, 0, 1]]); // { size: 4, cells: [...] }
 * gridFromValue({ size: 9, cells: new Array(81).fill(0) });
 */
export function gridFromValue(value: unknown): SudokuGrid {
  let grid: SudokuGrid;
  let field = 'grid';
  if (Array.isArray(value)) {
    grid = fromArray(value, field);
  } else if (typeof value === 'object' && value !== null && 'cells' in value) {
    const record = value as { size?: unknown; cells: unknown };
    let size: SudokuSize | undefined;
    if (record.size !== undefined) {
      if (!isSudokuSize(record.size)) {
        throw new InvalidInputError(`size must be 4, 6 or 9, got ${JSON.stringify(record.size) ?? typeof record.size}`, {
          field: 'size',
          details: { value: record.size },
        });
      }
      size = record.size;
    }
    field = 'cells';
    if (!Array.isArray(record.cells)) {
      throw new InvalidInputError(`cells must be an array, got ${describeType(record.cells)}`, { field });
    }
    grid = fromArray(record.cells, field, size);
  } else {
    throw new InvalidInputError(`Expected a sudoku as text, an n x n array, a flat array or {size, cells}; got ${describeType(value)}`, { field: 'input' });
  }
  assertDigitsInRange(grid, field);
  return grid;
}
