/**
 * Checks and small helpers for ARC grids: the one place that decides what a valid grid is
 * (1..30 rows, 1..30 columns, rectangular, integer colours 0..9), used by the schemas, the
 * parser, the loader and the verifier.
 */
import type { CellPosition } from '../../core/errors.js';
import { InvalidInputError } from '../../core/errors.js';
import type { ArcGrid } from './types.js';
import { ARC_COLOURS, ARC_MAX_SIZE } from './types.js';

/** Stable kinds of grid problems (also used as `VerifyProblem.kind`). */
export type ArcGridProblemKind = 'not_a_grid' | 'empty_grid' | 'too_large' | 'not_rectangular' | 'colour_out_of_range';

/** The first thing wrong with a value that should be an ARC grid. */
export interface ArcGridProblem {
  kind: ArcGridProblemKind;
  /** Message with the field name in it. */
  message: string;
  /** The offending cell, where there is one. */
  position?: CellPosition;
  /** The offending row (non-rectangular rows, rows that are not arrays). */
  row?: number;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}...` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${typeof value} ${value}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

/**
 * True for an integer colour 0..9.
 *
 * @example
 * isArcColour(9); // true
 * isArcColour(10); // false
 */
export function isArcColour(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < ARC_COLOURS;
}

/**
 * Finds the first problem of `value` as an ARC grid, scanning rows top to bottom; `null` when
 * it is a valid grid. Never throws.
 *
 * @example
 * findArcGridProblem([[1, 2], [3]], 'grid')?.kind; // 'not_rectangular'
 * findArcGridProblem([[0, 10]], 'grid')?.position; // { row: 0, col: 1 }
 */
export function findArcGridProblem(value: unknown, field = 'grid'): ArcGridProblem | null {
  if (!Array.isArray(value)) {
    return { kind: 'not_a_grid', message: `${field} must be a 2D array of colours 0..9, got ${describe(value)}` };
  }
  const rows: unknown[] = value;
  if (rows.length === 0) {
    return { kind: 'empty_grid', message: `${field} is empty: an ARC grid needs 1..${ARC_MAX_SIZE} rows and columns` };
  }
  if (rows.length > ARC_MAX_SIZE) {
    return {
      kind: 'too_large',
      message: `${field} has ${rows.length} rows; the limit is ${ARC_MAX_SIZE}`,
    };
  }
  const first = rows[0];
  const width = Array.isArray(first) ? first.length : 0;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (!Array.isArray(row)) {
      return { kind: 'not_a_grid', row: r, message: `${field} row ${r} must be an array of colours 0..9, got ${describe(row)}` };
    }
    const cells: unknown[] = row;
    if (r === 0) {
      if (width === 0) {
        return {
          kind: 'empty_grid',
          row: 0,
          message: `${field} row 0 is empty: an ARC grid needs 1..${ARC_MAX_SIZE} rows and columns`,
        };
      }
      if (width > ARC_MAX_SIZE) {
        return { kind: 'too_large', message: `${field} has ${width} columns; the limit is ${ARC_MAX_SIZE}` };
      }
    } else if (cells.length !== width) {
      return {
        kind: 'not_rectangular',
        row: r,
        position: { row: r, col: Math.min(cells.length, width) },
        message: `${field} is not rectangular: row ${r} has ${cells.length} cells but row 0 has ${width}`,
      };
    }
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c];
      if (!isArcColour(cell)) {
        return {
          kind: 'colour_out_of_range',
          position: { row: r, col: c },
          message: `${field} has ${describe(cell)} at row ${r}, col ${c}; ARC colours are integers 0..9`,
        };
      }
    }
  }
  return null;
}

/**
 * Checks that `value` is a valid ARC grid and returns it typed; throws `InvalidInputError`
 * with `field` (e.g. `train.0.input`) and, where located, `position` of the offending cell.
 *
 * @example
 * validateArcGrid([[0, 1], [2, 3]], 'test.0.input'); // the grid
 * validateArcGrid([[0, 12]], 'train.0.output');      // throws: field 'train.0.output', position {row: 0, col: 1}
 */
export function validateArcGrid(value: unknown, field = 'grid'): ArcGrid {
  const problem = findArcGridProblem(value, field);
  if (problem !== null) {
    throw new InvalidInputError(problem.message, {
      field,
      ...(problem.position === undefined ? {} : { position: problem.position }),
      details: { kind: problem.kind, ...(problem.row === undefined ? {} : { row: problem.row }) },
    });
  }
  return value as ArcGrid;
}

/**
 * Exact equality of two grids: same shape and same colours.
 *
 * @example
 * arcGridsEqual([[1, 2]], [[1, 2]]); // true
 * arcGridsEqual([[1, 2]], [[1], [2]]); // false
 */
export function arcGridsEqual(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): boolean {
  if (a.length !== b.length) return false;
  for (let r = 0; r < a.length; r++) {
    const ra = a[r] as readonly number[];
    const rb = b[r] as readonly number[];
    if (ra.length !== rb.length) return false;
    for (let c = 0; c < ra.length; c++) if (ra[c] !== rb[c]) return false;
  }
  return true;
}

/**
 * A copy of a grid (fresh rows), so callers can mutate the result.
 *
 * @example
 * const copy = cloneArcGrid(grid);
 */
export function cloneArcGrid(grid: readonly (readonly number[])[]): ArcGrid {
  return grid.map((row) => [...row]);
}

/**
 * A string key identifying a grid by shape and content (the official evaluator hashes shape
 * and bytes the same way), for grouping identical grids.
 *
 * @example
 * arcGridKey([[1, 2], [3, 4]]); // '2x2:1,2/3,4'
 */
export function arcGridKey(grid: readonly (readonly number[])[]): string {
  const cols = grid[0]?.length ?? 0;
  return `${grid.length}x${cols}:${grid.map((row) => row.join(',')).join('/')}`;
}
