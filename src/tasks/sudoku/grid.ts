/**
 * The Sudoku grid type and its geometry: sizes 4, 6 and 9 with boxes of 2x2, 2 rows x 3
 * columns and 3x3. Everything else in this folder is written against these definitions.
 */
import type { CellPosition } from '../../core/errors.js';

/** The supported side lengths. */
export const SUDOKU_SIZES = [4, 6, 9] as const;
export type SudokuSize = (typeof SUDOKU_SIZES)[number];

/**
 * A Sudoku puzzle or solution: `cells` is row-major with length `size * size`,
 * `0` = blank, `1..size` = a digit.
 *
 * @example
 * const grid: SudokuGrid = { size: 4, cells: [1, 0, 0, 4, 0, 0, 1, 0, 0, 1, 0, 0, 4, 0, 0, 1] };
 */
export interface SudokuGrid {
  size: SudokuSize;
  cells: number[];
}

/** Shape of one box (block): `rows` x `cols` cells. */
export interface BoxShape {
  rows: number;
  cols: number;
}

/**
 * The box shape for a grid size: 2x2 for 4, 2 rows x 3 columns for 6, 3x3 for 9.
 *
 * @example
 * boxShape(6); // { rows: 2, cols: 3 }
 */
export function boxShape(size: SudokuSize): BoxShape {
  switch (size) {
    case 4:
      return { rows: 2, cols: 2 };
    case 6:
      return { rows: 2, cols: 3 };
    case 9:
      return { rows: 3, cols: 3 };
  }
}

/**
 * Whether `value` is one of the supported sizes.
 *
 * @example
 * isSudokuSize(9); // true
 * isSudokuSize(16); // false
 */
export function isSudokuSize(value: unknown): value is SudokuSize {
  return value === 4 || value === 6 || value === 9;
}

/**
 * The size whose grid has `cellCount` cells (16, 36, 81), or `undefined`.
 *
 * @example
 * sizeForCellCount(81); // 9
 */
export function sizeForCellCount(cellCount: number): SudokuSize | undefined {
  return SUDOKU_SIZES.find((n) => n * n === cellCount);
}

/**
 * Index of the box that holds (row, col), boxes numbered row-major.
 *
 * @example
 * boxIndex(9, 4, 7); // 5
 */
export function boxIndex(size: SudokuSize, row: number, col: number): number {
  const box = boxShape(size);
  return Math.floor(row / box.rows) * (size / box.cols) + Math.floor(col / box.cols);
}

/**
 * Zero-based position of a row-major cell index.
 *
 * @example
 * cellPosition(9, 10); // { row: 1, col: 1 }
 */
export function cellPosition(size: number, index: number): CellPosition {
  return { row: Math.floor(index / size), col: index % size };
}

/** Which houses (rows, columns, boxes) exist, each as the list of its cell indices. */
export interface Houses {
  rows: number[][];
  cols: number[][];
  boxes: number[][];
}

const housesCache = new Map<SudokuSize, Houses>();

/**
 * The cell indices of every row, column and box of a grid size (cached).
 *
 * @example
 * houses(4).boxes[0]; // [0, 1, 4, 5]
 */
export function houses(size: SudokuSize): Houses {
  const cached = housesCache.get(size);
  if (cached !== undefined) return cached;
  const result: Houses = { rows: [], cols: [], boxes: [] };
  for (let i = 0; i < size; i++) {
    result.rows.push([]);
    result.cols.push([]);
    result.boxes.push([]);
  }
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const index = r * size + c;
      result.rows[r]?.push(index);
      result.cols[c]?.push(index);
      result.boxes[boxIndex(size, r, c)]?.push(index);
    }
  }
  housesCache.set(size, result);
  return result;
}

/**
 * Human description of a cell, one-based, for messages: `"row 2, column 5"`.
 *
 * @example
 * describeCell({ row: 1, col: 4 }); // "row 2, column 5"
 */
export function describeCell(position: CellPosition): string {
  return `row ${position.row + 1}, column ${position.col + 1}`;
}
