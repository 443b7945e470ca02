/**
 * `verifySudoku`: checks a candidate solution against its puzzle. Full strength: `ok` means
 * every row, column and box holds each digit once and every given is kept. Never throws on a
 * wrong or malformed solution; each problem names the cells involved.
 */
import type { CellPosition } from '../../core/errors.js';
import type { Verification, VerifyProblem } from '../../core/spec.js';
import { describeSudokuConflict, findSudokuConflicts } from './conflicts.js';
import type { SudokuGrid } from './grid.js';
import { cellPosition, describeCell, isSudokuSize } from './grid.js';

const CONFLICT_KIND = { row: 'row_conflict', column: 'col_conflict', box: 'box_conflict' } as const;

function shapeProblem(puzzle: unknown, solution: unknown): VerifyProblem | undefined {
  const shape = (g: unknown): { size: unknown; length: number } | undefined => {
    if (typeof g !== 'object' || g === null) return undefined;
    const { size, cells } = g as { size?: unknown; cells?: unknown };
    return Array.isArray(cells) ? { size, length: cells.length } : undefined;
  };
  const p = shape(puzzle);
  const s = shape(solution);
  if (p === undefined || !isSudokuSize(p.size) || p.length !== p.size * p.size) {
    return { kind: 'size_mismatch', message: 'The puzzle is not a well-formed sudoku grid ({size, cells} with size*size cells)' };
  }
  if (s === undefined) {
    return { kind: 'size_mismatch', message: 'The solution is not a sudoku grid ({size, cells})' };
  }
  if (s.size !== p.size || s.length !== p.length) {
    return {
      kind: 'size_mismatch',
      message: `The solution is size ${String(s.size)} with ${s.length} cells; the puzzle is ${p.size}x${p.size} with ${p.length} cells`,
    };
  }
  return undefined;
}

/**
 * Verifies `solution` against `puzzle`. Problem kinds: `size_mismatch`, `invalid_digit`,
 * `blank_cell`, `given_changed`, `row_conflict`, `col_conflict`, `box_conflict` (each with the
 * `cells` involved, zero-based).
 *
 * @example
 * const v = verifySudoku(puzzle, candidate);
 * if (!v.ok) console.log(v.problems.map((p) => p.message));
 */
export function verifySudoku(puzzle: SudokuGrid, solution: SudokuGrid): Verification {
  const shape = shapeProblem(puzzle, solution);
  if (shape !== undefined) return { ok: false, strength: 'full', problems: [shape] };
  const n = puzzle.size;
  const problems: VerifyProblem[] = [];
  const invalid: CellPosition[] = [];
  const blank: CellPosition[] = [];
  const changed: CellPosition[] = [];
  const cells: number[] = [];
  for (let i = 0; i < n * n; i++) {
    const value: unknown = solution.cells[i];
    const given = puzzle.cells[i] ?? 0;
    const at = cellPosition(n, i);
    const ok = typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= n;
    if (!ok) invalid.push(at);
    else if (value === 0) blank.push(at);
    if (given !== 0 && value !== given) changed.push(at);
    cells.push(ok ? value : 0);
  }
  if (invalid.length > 0) {
    problems.push({
      kind: 'invalid_digit',
      message: `${invalid.length} cell(s) hold something other than a digit 1-${n}, first at ${describeCell(invalid[0] as CellPosition)}`,
      cells: invalid,
    });
  }
  if (blank.length > 0) {
    problems.push({
      kind: 'blank_cell',
      message: `${blank.length} cell(s) are still blank, first at ${describeCell(blank[0] as CellPosition)}`,
      cells: blank,
    });
  }
  for (const at of changed) {
    const index = at.row * n + at.col;
    problems.push({
      kind: 'given_changed',
      message: `The given ${puzzle.cells[index] ?? 0} at ${describeCell(at)} was changed to ${String(solution.cells[index])}`,
      cells: [at],
    });
  }
  for (const conflict of findSudokuConflicts({ size: n, cells })) {
    problems.push({ kind: CONFLICT_KIND[conflict.house], message: describeSudokuConflict(conflict), cells: conflict.cells });
  }
  return { ok: problems.length === 0, strength: 'full', problems };
}
