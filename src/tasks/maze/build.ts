/**
 * Turns raw maze rows (from text or a structured value) into a checked `MazePuzzle`:
 * rectangular rows, legal characters, size limits, exactly one `S` and one `G`.
 * `.` and `o` (path marks of a solved maze) become open cells.
 */
import { InvalidInputError } from '../../core/errors.js';
import type { MazeCell, MazePuzzle } from './types.js';
import { GOAL, MAZE_MAX_SIDE, MAZE_MIN_SIDE, OPEN, OPEN_DOT, PATH_MARK, START, WALL } from './types.js';

/** Characters a maze row may contain on input. */
const INPUT_CHARS = new Set([WALL, OPEN, OPEN_DOT, START, GOAL, PATH_MARK]);

/** Options of `puzzleFromRows`. */
export interface PuzzleFromRowsOptions {
  /**
   * `true` for rows read from free text, where editors often strip trailing spaces: short rows
   * may then be padded (see `rectangularRows`). `false` for JSON or structured rows: every
   * row must have exactly the same length.
   */
  fromText: boolean;
}

function quote(ch: string): string {
  return JSON.stringify(ch);
}

function trimEnd(row: string): string {
  return row.replace(/[ \t]+$/, '');
}

function isWalled(rows: readonly string[], width: number): boolean {
  const full = WALL.repeat(width);
  const first = rows[0];
  const last = rows[rows.length - 1];
  return first !== undefined && last !== undefined && trimEnd(first) === full && trimEnd(last) === full && rows.every((row) => row.startsWith(WALL));
}

function mostCommonLength(rows: readonly string[]): number {
  const counts = new Map<number, number>();
  for (const row of rows) counts.set(row.length, (counts.get(row.length) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const [length, count] of counts) {
    if (count > bestCount || (count === bestCount && length > best)) {
      best = length;
      bestCount = count;
    }
  }
  return best;
}

function nonRectangular(row: number, length: number, expected: number, extra: string): InvalidInputError {
  return new InvalidInputError(`The maze is not rectangular: row ${row} has ${length} columns, expected ${expected}${extra}`, {
    field: 'cells',
    position: { row, col: Math.min(length, expected) },
    details: { length, expected },
  });
}

/**
 * Makes rows rectangular or throws `InvalidInputError` naming the first bad row.
 *
 * The rule for text (`fromText`), chosen so that nothing is ever guessed silently where a typo
 * is as likely as editor damage:
 * 1. rows of equal length are kept as they are;
 * 2. otherwise the width is that of the widest row without its trailing whitespace; longer
 *    rows lose their trailing whitespace past that width (it is not part of the maze);
 * 3. a shorter row is padded with open cells only when an editor could have trimmed it: the
 *    row does not itself end in whitespace, and the maze is not walled (first and last rows
 *    all `#`, every row starting with `#`); a walled maze's rows end in its `#` border, so a
 *    short row there is a typo, never trimming.
 * For JSON and structured rows only rule 1 applies.
 *
 * @example
 * rectangularRows(['#S #', '# G'], { fromText: true }); // ['#S #', '# G ']
 */
export function rectangularRows(rows: readonly string[], options: PuzzleFromRowsOptions): string[] {
  const first = rows[0];
  if (first === undefined || rows.every((row) => row.length === first.length)) return [...rows];
  if (!options.fromText) {
    const expected = mostCommonLength(rows);
    const bad = rows.findIndex((row) => row.length !== expected);
    throw nonRectangular(bad, rows[bad]?.length ?? 0, expected, '');
  }
  const width = Math.max(...rows.map((row) => trimEnd(row).length));
  const walled = isWalled(rows, width);
  return rows.map((row, index) => {
    if (row.length >= width) return row.slice(0, width);
    if (walled || trimEnd(row) !== row) {
      const why = walled
        ? ' (the maze has a wall border, so the row cannot have lost trailing open cells)'
        : ' (the row is not trimmed, so the missing cells cannot be trailing open cells)';
      throw nonRectangular(index, row.length, width, why);
    }
    return row.padEnd(width, OPEN);
  });
}

function checkSize(kind: 'rows' | 'columns', count: number, position: MazeCell): void {
  if (count > MAZE_MAX_SIDE) {
    throw new InvalidInputError(
      `The maze has ${count} ${kind}; the limit is ${MAZE_MAX_SIDE} (mazes are at most ` + `${MAZE_MAX_SIDE}x${MAZE_MAX_SIDE}, the TRM canvas)`,
      { field: 'cells', position, details: { [kind]: count, limit: MAZE_MAX_SIDE } },
    );
  }
  if (count < MAZE_MIN_SIDE) {
    throw new InvalidInputError(`The maze has ${count} ${kind}; at least ${MAZE_MIN_SIDE} are needed`, {
      field: 'cells',
      details: { [kind]: count, minimum: MAZE_MIN_SIDE },
    });
  }
}

function listCells(cells: readonly MazeCell[]): string {
  return cells.map((c) => `(${c.row},${c.col})`).join(', ');
}

function exactlyOne(name: string, ch: string, found: readonly MazeCell[]): MazeCell {
  const [first, second] = found;
  if (first === undefined) {
    throw new InvalidInputError(`The maze has no ${name} '${ch}'; exactly one is required`, {
      field: 'cells',
      details: { missing: ch },
    });
  }
  if (second !== undefined) {
    throw new InvalidInputError(`The maze has ${found.length} ${name} cells '${ch}' at ${listCells(found)}; exactly one is allowed`, {
      field: 'cells',
      position: second,
      positions: [...found],
    });
  }
  return first;
}

/**
 * Builds a `MazePuzzle` from raw rows, or throws `InvalidInputError` (with `field: 'cells'`
 * and the `position` of the problem where there is one) for: no rows, too few or too many
 * rows or columns, ragged rows, an illegal character, a missing or repeated `S` or `G`.
 *
 * @example
 * puzzleFromRows(['#S.#', '#oG#'], { fromText: true }).cells; // ['#S #', '# G#']
 */
export function puzzleFromRows(rawRows: readonly string[], options: PuzzleFromRowsOptions): MazePuzzle {
  if (rawRows.length === 0) {
    throw new InvalidInputError('The maze is empty: no rows were given', { field: 'cells' });
  }
  checkSize('rows', rawRows.length, { row: MAZE_MAX_SIDE, col: 0 });
  const rows = rectangularRows(rawRows, options);
  const width = rows[0]?.length ?? 0;
  const widest = rows.findIndex((row) => row.length === width);
  checkSize('columns', width, { row: Math.max(widest, 0), col: MAZE_MAX_SIDE });
  const starts: MazeCell[] = [];
  const goals: MazeCell[] = [];
  const cells = rows.map((line, row) => {
    let out = '';
    for (let col = 0; col < line.length; col++) {
      const ch = line[col] as string;
      if (!INPUT_CHARS.has(ch)) {
        throw new InvalidInputError(
          `Illegal character ${quote(ch)} at (row ${row}, col ${col}); a maze uses '#' (wall), ' ' or '.' ` +
            `(open), 'S' (start), 'G' (goal) and 'o' (path mark)`,
          { field: 'cells', position: { row, col }, details: { character: ch } },
        );
      }
      if (ch === START) starts.push({ row, col });
      else if (ch === GOAL) goals.push({ row, col });
      out += ch === OPEN_DOT || ch === PATH_MARK ? OPEN : ch;
    }
    return out;
  });
  const start = exactlyOne('start', START, starts);
  const goal = exactlyOne('goal', GOAL, goals);
  return { rows: cells.length, cols: width, cells, start, goal };
}
