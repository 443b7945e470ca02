/**
 * `parseMaze`: any supported maze notation, or a structured value, to a checked `MazePuzzle`.
 */
import { InvalidInputError } from '../../core/errors.js';
import { puzzleFromRows } from './build.js';
import { bestMazeCandidate, findMazeCandidates } from './extract.js';
import type { MazeCell, MazePuzzle } from './types.js';

function rowsOf(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) {
    throw new InvalidInputError(`\`${field}\` must be an array of row strings`, { field });
  }
  return value.map((row: unknown, index) => {
    if (typeof row === 'string') return row;
    if (Array.isArray(row) && row.every((c) => typeof c === 'string')) return row.join('');
    throw new InvalidInputError(`Row ${index} of \`${field}\` must be a string (or an array of characters)`, {
      field: `${field}.${index}`,
    });
  });
}

function sameCell(a: unknown, b: MazeCell): boolean {
  if (typeof a !== 'object' || a === null) return false;
  const cell = a as Partial<MazeCell>;
  return cell.row === b.row && cell.col === b.col;
}

function fromStructured(value: Record<string, unknown>): MazePuzzle {
  const puzzle = puzzleFromRows(rowsOf(value.cells, 'cells'), { fromText: false });
  for (const field of ['rows', 'cols'] as const) {
    if (value[field] !== undefined && value[field] !== puzzle[field]) {
      throw new InvalidInputError(
        `\`${field}\` is ${JSON.stringify(value[field])} but \`cells\` has ${puzzle[field]} ${field === 'rows' ? 'rows' : 'columns'}`,
        { field },
      );
    }
  }
  for (const field of ['start', 'goal'] as const) {
    if (value[field] !== undefined && !sameCell(value[field], puzzle[field])) {
      const cell = puzzle[field];
      throw new InvalidInputError(
        `\`${field}\` is ${JSON.stringify(value[field])} but '${field === 'start' ? 'S' : 'G'}' is at ` + `(${cell.row},${cell.col}) in \`cells\``,
        { field, position: cell },
      );
    }
  }
  return puzzle;
}

function fromJsonText(text: string): MazePuzzle | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value === 'string') return parseText(value);
  if (Array.isArray(value)) return puzzleFromRows(rowsOf(value, 'cells'), { fromText: false });
  if (typeof value === 'object' && value !== null && 'cells' in value) {
    return fromStructured(value);
  }
  return null;
}

function parseText(text: string): MazePuzzle {
  if (text.trim() === '') {
    throw new InvalidInputError('The input is empty: expected an ASCII maze', { field: 'input' });
  }
  const trimmed = text.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{') || trimmed.startsWith('"')) {
    const fromJson = fromJsonText(trimmed);
    if (fromJson !== null) return fromJson;
  }
  const best = bestMazeCandidate(findMazeCandidates(text));
  if (best === null) {
    throw new InvalidInputError("No maze found in the input: expected rows of '#' (wall), ' ' or '.' (open), 'S' (start) and 'G' (goal)", { field: 'input' });
  }
  return puzzleFromRows(best.rows, { fromText: best.kind === 'block' });
}

/**
 * Parses a maze from any supported form:
 * - ASCII text: `#` wall, ` ` or `.` open, `S` start, `G` goal, `o` path mark (a solved maze
 *   parses as its puzzle, marks removed); alone, inside prose, or inside a markdown code fence
 *   (the fenced maze wins over other maze-like text);
 * - the single-line form `#S.#/#.G#` (rows joined by `/`, as `formatMaze(p, 'line')` prints);
 * - a JSON array of row strings, as text or as a value (`string[]` or `string[][]`);
 * - a structured `{ cells }` object (`rows`, `cols`, `start`, `goal` are checked if present).
 *
 * Rows must be rectangular; for text, rows shortened by trailing-space trimming are restored
 * when that is unambiguous (see `rectangularRows`). A block of text standing alone keeps its
 * leading spaces (open cells); one inside prose loses its common indentation.
 *
 * Throws `InvalidInputError` with `field` (`input`, `cells`, `rows`, `cols`, `start`, `goal`)
 * and `position` (zero-based `{row, col}`) where the problem has one.
 *
 * @example
 * parseMaze('Find the path:\n#####\n#S  #\n### #\n#G  #\n#####').start; // { row: 1, col: 1 }
 * parseMaze(['#S.#', '#.G#']).cells; // ['#S #', '# G#']
 */
export function parseMaze(input: unknown): MazePuzzle {
  if (typeof input === 'string') return parseText(input);
  if (Array.isArray(input)) return puzzleFromRows(rowsOf(input, 'cells'), { fromText: false });
  if (typeof input === 'object' && input !== null && 'cells' in input) {
    return fromStructured(input);
  }
  if (input === undefined || input === null) {
    throw new InvalidInputError('The input is empty: expected an ASCII maze', { field: 'input' });
  }
  throw new InvalidInputError('Expected a maze as text, an array of row strings, or an object with `cells`', {
    field: 'input',
    details: { type: typeof input },
  });
}
