/**
 * Printing a Sudoku grid: `pretty` (rows of space-separated cells with `|` between boxes and
 * `------+-------+------` between bands) or `line` (one line of n*n characters). Blanks print
 * as `.`. Both read back with `parseSudoku`.
 */
import type { FormatStyle } from '../../core/spec.js';
import type { SudokuGrid } from './grid.js';
import { boxShape } from './grid.js';

function cellChar(value: number | undefined): string {
  return value === undefined || value === 0 ? '.' : String(value);
}

/**
 * Prints a grid (puzzle or solution) in the given style (default `pretty`).
 *
 * @example
 * formatSudoku({ size: 4, cells: [1, 0, 0, 4, 0, 0, 1, 0, 0, 1, 0, 0, 4, 0, 0, 1] });
 * // "1 . | . 4\n. . | 1 .\n----+----\n. 1 | . .\n4 . | . 1"
 * formatSudoku(grid, 'line'); // "1..4..1..1..4..1"
 */
export function formatSudoku(grid: SudokuGrid, style: FormatStyle = 'pretty'): string {
  const n = grid.size;
  if (style === 'line') {
    let line = '';
    for (let i = 0; i < n * n; i++) line += cellChar(grid.cells[i]);
    return line;
  }
  const box = boxShape(n);
  const bands = n / box.cols;
  const rule = Array.from({ length: bands }, (_, b) => '-'.repeat(2 * box.cols + (b > 0 && b < bands - 1 ? 1 : 0))).join('+');
  const lines: string[] = [];
  for (let r = 0; r < n; r++) {
    if (r > 0 && r % box.rows === 0) lines.push(rule);
    const groups: string[] = [];
    for (let b = 0; b < bands; b++) {
      const digits: string[] = [];
      for (let c = b * box.cols; c < (b + 1) * box.cols; c++) digits.push(cellChar(grid.cells[r * n + c]));
      groups.push(digits.join(' '));
    }
    lines.push(groups.join(' | '));
  }
  return lines.join('\n');
}
