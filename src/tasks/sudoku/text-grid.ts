/**
 * Reading a region of text lines into a Sudoku grid: one line of n*n cells, or n lines of n
 * cells, with optional `|`, `-`, `+`, `=`, `,` separators (and the box-drawing characters apps
 * print, `│ ─ ┼ ┌ ...`) and spaces. Blanks are `0`, `.`, `_`, `*` or `?`; in comma-separated
 * rows (a spreadsheet export) an empty field is a blank too. Every problem is an
 * `InvalidInputError` that says what and where.
 */
import { InvalidInputError } from '../../core/errors.js';
import type { CellPosition } from '../../core/errors.js';
import type { SudokuGrid, SudokuSize } from './grid.js';
import { SUDOKU_SIZES, cellPosition, describeCell, sizeForCellCount } from './grid.js';

/** Characters that stand for a blank cell (besides `0`). */
export const BLANK_CHARS = '._*?';
/** Characters that only separate boxes or cells (ASCII, and the box-drawing characters of app exports). */
export const SEPARATOR_CHARS = '|-+=,│┃║─━═┼╋╬╪╫┌┐└┘├┤┬┴╔╗╚╝╠╣╦╩┏┓┗┛┣┫┳┻';

/** One line of the source text, with the offset of its first character. */
export interface TextLine {
  text: string;
  /** Character offset of `text[0]` in the whole input. */
  offset: number;
  /** Zero-based line number in the whole input. */
  lineNo: number;
}

/**
 * Splits text into lines (LF or CRLF) that remember their offsets.
 *
 * @example
 * splitLines('ab\ncd')[1]; // { text: 'cd', offset: 3, lineNo: 1 }
 */
export function splitLines(text: string): TextLine[] {
  const lines: TextLine[] = [];
  let offset = 0;
  for (const raw of text.split('\n')) {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    lines.push({ text, offset, lineNo: lines.length });
    offset += raw.length + 1;
  }
  return lines;
}

/** The digit a cell character stands for (0 for blanks), or -1 when it is not a cell character. */
export function cellValue(ch: string): number {
  const code = ch.charCodeAt(0);
  if (ch.length === 1 && code >= 48 && code <= 57) return code - 48;
  return ch.length === 1 && BLANK_CHARS.includes(ch) ? 0 : -1;
}

export function isSeparator(ch: string): boolean {
  return ch.length === 1 && SEPARATOR_CHARS.includes(ch);
}

export function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\u00a0';
}

/** An illegal character met while reading, with where it stands among the cells. */
interface Illegal {
  char: string;
  line: TextLine;
  /** Zero-based character index within the line. */
  column: number;
  /** Index among all cells read so far (the illegal character takes a cell's place). */
  cellIndex: number;
  row: number;
  col: number;
}

/** The cell rows read from a region: one entry per line that holds cells. */
interface CellRows {
  rows: number[][];
  illegal: Illegal[];
}

function readRows(lines: readonly TextLine[]): CellRows {
  const rows: number[][] = [];
  const illegal: Illegal[] = [];
  let cellIndex = 0;
  for (const line of lines) {
    const row: number[] = [];
    for (let i = 0; i < line.text.length; i++) {
      const ch = line.text.charAt(i);
      const value = cellValue(ch);
      if (value >= 0) {
        row.push(value);
      } else if (!isSeparator(ch) && !isSpace(ch)) {
        illegal.push({ char: ch, line, column: i, cellIndex, row: rows.length, col: row.length });
        row.push(-1);
      } else {
        continue;
      }
      cellIndex++;
    }
    if (row.length > 0) rows.push(row);
  }
  return { rows, illegal };
}

function nearestSize(count: number): SudokuSize {
  let best: SudokuSize = 9;
  for (const n of SUDOKU_SIZES) if (Math.abs(n * n - count) < Math.abs(best * best - count)) best = n;
  return best;
}

function illegalError(first: Illegal, total: number, position: CellPosition): InvalidInputError {
  const shown = JSON.stringify(first.char);
  const more = total > 1 ? ` (${total} illegal characters in all)` : '';
  return new InvalidInputError(
    `Illegal character ${shown} at ${describeCell(position)} (line ${first.line.lineNo + 1}, ` +
      `character ${first.column + 1})${more}; use digits 1-9, and 0 . _ * ? for blanks`,
    { field: 'grid', position, details: { char: first.char, line: first.line.lineNo + 1, column: first.column + 1 } },
  );
}

function shapeError(rows: number[][]): InvalidInputError {
  const total = rows.reduce((sum, row) => sum + row.length, 0);
  if (rows.length === 1) {
    const n = nearestSize(total);
    return new InvalidInputError(
      `Wrong number of cells: found ${total} in one line, expected ${n * n} for a ${n}x${n} sudoku ` + `(one-line sudokus have 16, 36 or 81 cells)`,
      { field: 'grid', details: { found: total, expected: n * n } },
    );
  }
  const r = rows.length;
  const size = sizeForCellCount(r * r);
  if (size !== undefined) {
    const bad = rows.findIndex((row) => row.length !== size);
    const length = rows[bad]?.length ?? 0;
    return new InvalidInputError(
      `Wrong number of cells: row ${bad + 1} has ${length} cells, expected ${size} ` +
        `(a ${size}x${size} sudoku has ${size} rows of ${size} cells; found ${total} cells in all, expected ${size * size})`,
      { field: 'grid', position: { row: bad, col: Math.min(length, size) }, details: { found: length, expected: size } },
    );
  }
  const width = sizeForCellCount((rows[0]?.length ?? 0) ** 2);
  const n = width ?? nearestSize(total);
  return new InvalidInputError(
    `Wrong number of rows: found ${r} rows (${total} cells), expected ${n} rows of ${n} cells ` + `(${n * n} cells) for a ${n}x${n} sudoku`,
    { field: 'grid', details: { found: r, expected: n, foundCells: total, expectedCells: n * n } },
  );
}

/**
 * Comma-separated rows with empty fields (`5,3,,,7,,,,`, as a spreadsheet exports blanks): when
 * every row has the same number of commas, one less than a Sudoku side, each empty field
 * becomes a `.` blank. Other regions are returned as they are.
 */
function withEmptyFields(lines: readonly TextLine[]): readonly TextLine[] {
  const rows = lines.filter((l) => /[0-9._*?]/.test(l.text) || /,\s*,/.test(l.text));
  const commas = new Set(rows.map((l) => (l.text.match(/,/g) ?? []).length));
  const [count] = commas;
  if (commas.size !== 1 || count === undefined || sizeForCellCount((count + 1) ** 2) === undefined) return lines;
  if (!rows.some((l) => /(?:^|,)\s*(?:,|$)/.test(l.text.trim()))) return lines;
  return lines.map((l) =>
    rows.includes(l)
      ? {
          ...l,
          text: l.text
            .split(',')
            .map((field) => (field.trim() === '' ? ' .' : field))
            .join(','),
        }
      : l,
  );
}

/**
 * Reads a region of lines as exactly one grid (no prose allowed: every character must be a
 * cell, a separator or a space). Does not check conflicting givens.
 *
 * @example
 * gridFromLines(splitLines('1 . | . 4\n. . | 1 .\n----+----\n. 1 | . .\n4 . | . 1'));
 * // { size: 4, cells: [1, 0, 0, 4, 0, 0, 1, 0, 0, 1, 0, 0, 4, 0, 0, 1] }
 */
export function gridFromLines(lines: readonly TextLine[]): SudokuGrid {
  const { rows, illegal } = readRows(withEmptyFields(lines));
  if (rows.length === 0) {
    throw new InvalidInputError('No sudoku cells found: expected digits 1-9 and 0 . _ * ? for blanks', {
      field: 'grid',
      details: { found: 0 },
    });
  }
  let size: SudokuSize | undefined;
  let cells: number[];
  if (rows.length === 1) {
    size = sizeForCellCount(rows[0]?.length ?? 0);
    cells = rows[0] ?? [];
  } else {
    const candidate = sizeForCellCount(rows.length * rows.length);
    size = candidate !== undefined && rows.every((row) => row.length === candidate) ? candidate : undefined;
    cells = rows.flat();
  }
  const firstIllegal = illegal[0];
  if (firstIllegal !== undefined) {
    const position =
      size === undefined
        ? { row: firstIllegal.row, col: firstIllegal.col }
        : rows.length === 1
          ? cellPosition(size, firstIllegal.cellIndex)
          : { row: firstIllegal.row, col: firstIllegal.col };
    throw illegalError(firstIllegal, illegal.length, position);
  }
  if (size === undefined) throw shapeError(rows);
  const grid: SudokuGrid = { size, cells };
  assertDigitsInRange(grid, 'grid');
  return grid;
}

/**
 * Throws `InvalidInputError` (with `position`) for the first cell outside 0..size.
 *
 * @example
 * assertDigitsInRange({ size: 4, cells: [5, ...] }, 'grid'); // "Digit 5 at row 1, column 1 is out of range ..."
 */
export function assertDigitsInRange(grid: SudokuGrid, field: string): void {
  const bad = grid.cells.findIndex((v) => !Number.isInteger(v) || v < 0 || v > grid.size);
  if (bad < 0) return;
  const position = cellPosition(grid.size, bad);
  const value = grid.cells[bad];
  throw new InvalidInputError(
    `Digit ${String(value)} at ${describeCell(position)} is out of range for a ${grid.size}x${grid.size} sudoku ` + `(use 1-${grid.size}, or 0 for a blank)`,
    { field, position, details: { value } },
  );
}
