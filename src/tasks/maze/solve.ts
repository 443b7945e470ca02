/**
 * The exact maze solver: breadth-first search from `S` over a flat typed-array grid, which
 * yields a shortest 4-connected path to `G` (ties broken in the fixed order up, down, left,
 * right, so the result is deterministic).
 */
import { throwIfAborted, UnsolvableError } from '../../core/errors.js';
import type { ExactSolver, ExactStats } from '../../core/spec.js';
import { bfs, mazeGrid, neighbours, pathTo } from './grid.js';
import type { MazePuzzle, MazeSolution } from './types.js';

/** Options of `solveMaze`. */
export interface SolveMazeOptions {
  /** Checked before the search and every 256 expansions; aborting throws `AbortedError`. */
  signal?: AbortSignal;
}

/** The result of an exact solve: the path and the number of cells expanded. */
export interface MazeSolveResult {
  solution: MazeSolution;
  stats: ExactStats;
}

/**
 * Solves a maze with BFS. `stats.nodes` counts the cells taken off the queue (expanded),
 * the goal included. Throws `UnsolvableError` when `G` cannot be reached from `S`,
 * `InvalidInputError` for a malformed puzzle, `AbortedError` when `signal` aborts.
 *
 * @example
 * const { solution, stats } = solveMaze(maze.parse('#S #\n# G#'));
 * solution.path; // [{row:0,col:1}, {row:0,col:2}, {row:1,col:2}]
 */
export function solveMaze(puzzle: MazePuzzle, options: SolveMazeOptions = {}): MazeSolveResult {
  const { signal } = options;
  throwIfAborted(signal);
  const grid = mazeGrid(puzzle);
  const { start, goal } = grid;
  const { parent, expanded } = bfs(grid, start, { stopAt: goal, onExpand: () => throwIfAborted(signal) });
  const found = parent[goal] !== -1;
  if (!found) {
    throw new UnsolvableError(
      `The goal G at (${puzzle.goal.row},${puzzle.goal.col}) cannot be reached from the start S at ` +
        `(${puzzle.start.row},${puzzle.start.col}): walls separate them (${expanded} cells reachable)`,
      { details: { task: 'maze', reachableCells: expanded, start: puzzle.start, goal: puzzle.goal } },
    );
  }
  const path = pathTo(parent, goal, grid.cols);
  return { solution: { path }, stats: { nodes: expanded } };
}

/**
 * Length of the shortest path from `S` to `G` in steps (moves), or `null` when `G` is
 * unreachable. A path of `k` steps has `k + 1` cells.
 *
 * @example
 * shortestPathLength(maze.parse('#S #\n# G#')); // 2
 */
export function shortestPathLength(puzzle: MazePuzzle): number | null {
  try {
    return solveMaze(puzzle).solution.path.length - 1;
  } catch (error) {
    if (error instanceof UnsolvableError) return null;
    throw error;
  }
}

/**
 * How many different shortest paths lead from `S` to `G`, counted up to `cap` (default 2, enough
 * to tell a unique path from a tie); 0 when `G` is unreachable. Training labels mark one
 * shortest path, so mazes meant for training should have exactly one.
 *
 * @example
 * countShortestPaths(maze.parse('S \n G')); // 2 (right-down or down-right)
 */
export function countShortestPaths(puzzle: MazePuzzle, cap: number = 2): number {
  const grid = mazeGrid(puzzle);
  const { dist, order } = bfs(grid, grid.start);
  const ways = new Float64Array(grid.rows * grid.cols);
  ways[grid.start] = 1;
  const nb = new Int32Array(4);
  for (const cell of order) {
    const next = (dist[cell] as number) + 1;
    const count = neighbours(grid.rows, grid.cols, cell, nb);
    for (let k = 0; k < count; k++) {
      const n = nb[k] as number;
      if (dist[n] === next) ways[n] = Math.min(cap, (ways[n] as number) + (ways[cell] as number));
    }
  }
  return ways[grid.goal] as number;
}

/**
 * The maze task's `ExactSolver` (`maze-bfs`).
 *
 * @example
 * mazeBfsSolver.solve(puzzle).solution.path;
 */
export const mazeBfsSolver: ExactSolver<MazePuzzle, MazeSolution> = {
  name: 'maze-bfs',
  solve: (puzzle, options) => solveMaze(puzzle, { signal: options?.signal }),
};
