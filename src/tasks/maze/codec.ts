/**
 * The maze task codec, and the same codec on a smaller square canvas.
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
import { MAZE_SYMMETRIES } from './symmetry.js';
import { verifyMaze } from './verify.js';

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
  description: "Finds the shortest path through an ASCII maze (up to 30x30; '#' wall, ' ' or '.' open, 'S' start, 'G' goal), " + "drawn with 'o' marks.",
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
  symmetries: MAZE_SYMMETRIES,
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
