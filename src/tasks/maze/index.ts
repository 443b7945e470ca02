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
export { MAZE_KINDS, canonicalShortestPath, generateMazeOfKind } from './kinds.js';
export { MAZE_SYMMETRIES, mazeSwapSymmetry, mazeSymmetry } from './symmetry.js';
export type { MazeKind, MazeKindOptions } from './kinds.js';
export type { GeneratedMaze, GenerateMazeOptions } from './generate.js';
export { bfsDistances, mazeGrid } from './grid.js';
export type { MazeGrid } from './grid.js';
export { parseMaze } from './parse.js';
export { countShortestPaths, mazeBfsSolver, shortestPathLength, solveMaze } from './solve.js';
export type { MazeSolveResult, SolveMazeOptions } from './solve.js';
export { verifyMaze } from './verify.js';

export { maze, mazeOnCanvas } from './codec.js';
export { mazeTask, solveMazeInput } from './definition.js';
export type { SolveMazeInput } from './definition.js';
export { buildMazeData, mazeData, mazeKey, mazeRecordKey } from './data.js';
export type { MazeDataOptions, MazeRecord } from './data.js';
