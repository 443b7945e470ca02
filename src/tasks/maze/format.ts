/**
 * Printing mazes and solved mazes. `pretty` is the ASCII grid, one row per line, open cells as
 * spaces (the official notation). `line` is one line, rows joined by `/`, open cells as `.`, so
 * it has no whitespace to lose in shells, chats or editors; `parseMaze` reads both.
 */
import type { FormatStyle } from '../../core/spec.js';
import { mazeGrid } from './grid.js';
import type { MazePuzzle, MazeSolution } from './types.js';
import { OPEN, OPEN_DOT, PATH_MARK } from './types.js';

/** Row separator of the `line` style. */
export const LINE_SEPARATOR = '/';

function render(rows: readonly string[], style: FormatStyle): string {
  if (style === 'line') return rows.map((row) => row.replaceAll(OPEN, OPEN_DOT)).join(LINE_SEPARATOR);
  return rows.join('\n');
}

/**
 * Prints a maze: `pretty` (default) = rows joined by newlines; `line` = rows joined by `/`
 * with open cells written `.`.
 *
 * @example
 * formatMaze(puzzle);         // '#S #\n# G#'
 * formatMaze(puzzle, 'line'); // '#S.#/#.G#'
 */
export function formatMaze(puzzle: MazePuzzle, style: FormatStyle = 'pretty'): string {
  mazeGrid(puzzle);
  return render(puzzle.cells, style);
}

/**
 * The rows of a solved maze: every cell of the path except `S` and `G` drawn as `o` (the
 * official Maze-Hard solution notation). Path cells on walls or outside the maze are not
 * drawn (they cannot be shown on the grid; `verifyMaze` reports them).
 *
 * @example
 * solvedMazeRows(puzzle, solveMaze(puzzle).solution); // ['#So#', '# G#'] style rows
 */
export function solvedMazeRows(puzzle: MazePuzzle, solution: MazeSolution): string[] {
  const { rows, cols } = mazeGrid(puzzle);
  const chars = puzzle.cells.map((row) => [...row]);
  for (const cell of Array.isArray(solution.path) ? solution.path : []) {
    const { row, col } = cell;
    if (!Number.isInteger(row) || !Number.isInteger(col) || row < 0 || col < 0 || row >= rows || col >= cols) continue;
    const line = chars[row] as string[];
    if (line[col] === OPEN) line[col] = PATH_MARK;
  }
  return chars.map((line) => line.join(''));
}

/**
 * Prints a solved maze (see `solvedMazeRows`) in the given style. Path marks never collide
 * with the `line` style's `.` and parse back as open cells.
 *
 * @example
 * formatMazeSolution({ path }, puzzle); // '#####\n#Soo#\n###o#\n#Goo#\n#####'
 */
export function formatMazeSolution(solution: MazeSolution, puzzle: MazePuzzle, style: FormatStyle = 'pretty'): string {
  return render(solvedMazeRows(puzzle, solution), style);
}
