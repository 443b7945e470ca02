/**
 * The maze task: ASCII mazes up to 30x30 (`#` wall, ` ` open, `S` start, `G` goal), solved
 * as a shortest 4-connected path, printed with `o` path marks (the Maze-Hard notation).
 *
 * @example
 * import { maze } from 'trm-router/tasks/maze';
 * const puzzle = maze.parse('#####\n#S  #\n### #\n#G  #\n#####');
 * const { solution } = maze.exact!.solve(puzzle);
 * maze.verify(puzzle, solution).ok;           // true
 * console.log(maze.formatSolution(solution, puzzle));
 */
import { InvalidInputError } from '../../core/errors.js';
import type { TaskCodec } from '../../core/spec.js';
import { detectMaze } from './detect.js';
import { decodeMaze, encodeMaze, MAZE_TOKENS, mazeTokenSpec } from './encode.js';
import { formatMaze, formatMazeSolution } from './format.js';
import { parseMaze } from './parse.js';
import { mazeBfsSolver } from './solve.js';
import type { MazePuzzle, MazeSolution } from './types.js';
import { mazePuzzleSchema, mazeSolutionSchema } from './types.js';
import { verifyMaze } from './verify.js';

export * from './types.js';
export { rectangularRows, puzzleFromRows } from './build.js';
export type { PuzzleFromRowsOptions } from './build.js';
export { detectMaze } from './detect.js';
export {
  decodeMaze,
  encodeMaze,
  encodeMazeSolution,
  MAZE_CHARSET,
  MAZE_PAD_TOKEN,
  MAZE_PATH_TOKEN,
  MAZE_TOKENS,
  canvasSide,
  mazeTokenSpec,
  mazeToTokens,
  readMarkedPath,
  tokensToGrid,
} from './encode.js';
export type { MarkedPath } from './encode.js';
export { formatMaze, formatMazeSolution, LINE_SEPARATOR, solvedMazeRows } from './format.js';
export { generateMaze, maxShortestPathLength } from './generate.js';
export type { GeneratedMaze, GenerateMazeOptions } from './generate.js';
export { bfsDistances, mazeGrid } from './grid.js';
export type { MazeGrid } from './grid.js';
export { parseMaze } from './parse.js';
export { countShortestPaths, mazeBfsSolver, shortestPathLength, solveMaze } from './solve.js';
export type { MazeSolveResult, SolveMazeOptions } from './solve.js';
export { verifyMaze } from './verify.js';

/**
 * The maze `TaskCodec`: parse/detect/format, full-strength verification, the official TRM
 * encoding (S = 900, V = 6) and the exact BFS solver `maze-bfs`.
 *
 * @example
 * const puzzle = maze.parse('#S #\n# G#');
 * maze.encode(puzzle).length; // 900
 */
export const maze: TaskCodec<MazePuzzle, MazeSolution> = {
  task: 'maze',
  description:
    "Finds the shortest path through an ASCII maze (up to 30x30; '#' wall, ' ' or '.' open, 'S' start, 'G' goal), " +
    "drawn with 'o' marks.",
  puzzleSchema: mazePuzzleSchema,
  solutionSchema: mazeSolutionSchema,
  detect: detectMaze,
  parse: parseMaze,
  format: formatMaze,
  formatSolution: formatMazeSolution,
  verify: verifyMaze,
  tokens: MAZE_TOKENS,
  encode: encodeMaze,
  decode: decodeMaze,
  exact: mazeBfsSolver,
  onCanvas: mazeOnCanvas,
};

/**
 * The maze codec on an N x N canvas (N = rows = cols, 2..30): what a maze model trained on a
 * smaller canvas reads. Mazes up to N x N sit at its top-left, walls around them; a larger
 * one throws `NotSupportedError` from `encode` (the auto solver then answers exactly).
 *
 * @example
 * mazeOnCanvas({ rows: 12, cols: 12 }).encode(maze.parse('#S #\n# G#')).length; // 144
 */
export function mazeOnCanvas(canvas: { rows: number; cols: number }): TaskCodec<MazePuzzle, MazeSolution> {
  if (canvas.rows !== canvas.cols) {
    throw new InvalidInputError(`A maze canvas is square, got ${canvas.rows}x${canvas.cols}`, { field: 'canvas' });
  }
  const side = canvas.rows;
  if (side === MAZE_TOKENS.canvas.rows) return maze;
  return { ...maze, tokens: mazeTokenSpec(side), encode: (puzzle) => encodeMaze(puzzle, side) };
}
