/**
 * The flat, typed-array view of a maze that the solver, verifier, generator and decoder share:
 * cell `i = row * cols + col`, `open[i] = 1` for a passable cell (open, `S` or `G`).
 */
import { InvalidInputError } from '../../core/errors.js';
import type { MazeCell, MazePuzzle } from './types.js';
import { GOAL, MAZE_MAX_SIDE, MAZE_MIN_SIDE, OPEN, START, WALL } from './types.js';

/** A maze as flat typed arrays. */
export interface MazeGrid {
  rows: number;
  cols: number;
  /** 1 = passable (open, S, G), 0 = wall; length rows * cols. */
  open: Uint8Array;
  /** Flat index of `S`. */
  start: number;
  /** Flat index of `G`. */
  goal: number;
}

const WALL_CODE = WALL.charCodeAt(0);
const OPEN_CODE = OPEN.charCodeAt(0);
const START_CODE = START.charCodeAt(0);
const GOAL_CODE = GOAL.charCodeAt(0);

function isCell(value: unknown): value is MazeCell {
  if (typeof value !== 'object' || value === null) return false;
  const { row, col } = value as { row?: unknown; col?: unknown };
  return Number.isInteger(row) && Number.isInteger(col);
}

/**
 * Checks that a value is a consistent `MazePuzzle` (as `parse` produces) and returns its flat
 * grid; throws `InvalidInputError` otherwise. Cheaper than the zod schema, for hot paths.
 *
 * @example
 * const grid = mazeGrid(maze.parse('#S #\n# G#'));
 * grid.open[grid.start]; // 1
 */
export function mazeGrid(puzzle: MazePuzzle): MazeGrid {
  const value: unknown = puzzle;
  if (typeof value !== 'object' || value === null || !Array.isArray(puzzle.cells)) {
    throw new InvalidInputError('A maze puzzle must be an object with `cells`', { field: 'cells' });
  }
  const { rows, cols, cells } = puzzle;
  const sizeOk = (n: unknown): boolean => Number.isInteger(n) && (n as number) >= MAZE_MIN_SIDE && (n as number) <= MAZE_MAX_SIDE;
  if (!sizeOk(rows) || !sizeOk(cols) || cells.length !== rows) {
    throw new InvalidInputError(
      `Maze size ${String(rows)}x${String(cols)} with ${cells.length} rows of cells is not valid ` +
        `(rows and columns must be ${MAZE_MIN_SIDE}..${MAZE_MAX_SIDE} and match \`cells\`)`,
      { field: 'cells' },
    );
  }
  const open = new Uint8Array(rows * cols);
  let start = -1;
  let goal = -1;
  for (let row = 0; row < rows; row++) {
    const line = cells[row];
    if (typeof line !== 'string' || line.length !== cols) {
      throw new InvalidInputError(`Row ${row} of the maze does not have ${cols} columns`, {
        field: 'cells',
        position: { row, col: 0 },
      });
    }
    for (let col = 0; col < cols; col++) {
      const code = line.charCodeAt(col);
      const i = row * cols + col;
      if (code === WALL_CODE) continue;
      if (code === START_CODE && start < 0) start = i;
      else if (code === GOAL_CODE && goal < 0) goal = i;
      else if (code !== OPEN_CODE) {
        throw new InvalidInputError(`Unexpected cell ${JSON.stringify(line[col])} at (${row},${col}) of a parsed maze`, {
          field: 'cells',
          position: { row, col },
        });
      }
      open[i] = 1;
    }
  }
  if (start < 0 || goal < 0) {
    throw new InvalidInputError(`The maze has no ${start < 0 ? "start 'S'" : "goal 'G'"}`, {
      field: start < 0 ? 'start' : 'goal',
    });
  }
  for (const [field, cell, index] of [
    ['start', puzzle.start, start],
    ['goal', puzzle.goal, goal],
  ] as const) {
    if (!isCell(cell) || cell.row * cols + cell.col !== index || cell.col < 0 || cell.col >= cols) {
      throw new InvalidInputError(`\`${field}\` does not match the position of its cell in \`cells\``, { field });
    }
  }
  return { rows, cols, open, start, goal };
}

/** Writes the 4-neighbours of `index` into `out` (up, down, left, right) and returns how many. */
export function neighbours(rows: number, cols: number, index: number, out: Int32Array): number {
  const row = Math.floor(index / cols);
  const col = index - row * cols;
  let n = 0;
  if (row > 0) out[n++] = index - cols;
  if (row < rows - 1) out[n++] = index + cols;
  if (col > 0) out[n++] = index - 1;
  if (col < cols - 1) out[n++] = index + 1;
  return n;
}

/** The result of `bfs`. */
export interface BfsResult {
  /** Steps from the source; -1 where not reached. */
  dist: Int32Array;
  /** Predecessor on a shortest path; the source is its own parent; -1 where not reached. */
  parent: Int32Array;
  /** Cells in the order they were reached (`order.length` = cells reached). */
  order: Int32Array;
  /** Cells taken off the queue (expanded), the stop cell included. */
  expanded: number;
}

/**
 * Breadth-first search from `from` over the cells with `open[i] === 1`, neighbours tried in the
 * order up, down, left, right; stops early once `stopAt` is expanded. `onExpand` is called
 * every 256 expansions (the solver checks its AbortSignal there).
 *
 * @example
 * const { dist, parent } = bfs(grid, grid.start);
 */
export function bfs(grid: Pick<MazeGrid, 'rows' | 'cols' | 'open'>, from: number, options: { stopAt?: number; onExpand?: () => void } = {}): BfsResult {
  const { rows, cols, open } = grid;
  const size = rows * cols;
  const stopAt = options.stopAt ?? -1;
  const dist = new Int32Array(size).fill(-1);
  const parent = new Int32Array(size).fill(-1);
  const queue = new Int32Array(size);
  let head = 0;
  let tail = 0;
  dist[from] = 0;
  parent[from] = from;
  queue[tail++] = from;
  while (head < tail) {
    const cur = queue[head++] as number;
    if ((head & 255) === 0) options.onExpand?.();
    if (cur === stopAt) break;
    // The four neighbours inlined (up, down, left, right): this loop is the hot path.
    const next = (dist[cur] as number) + 1;
    const col = cur % cols;
    let j = cur - cols;
    if (j >= 0 && open[j] === 1 && parent[j] === -1) {
      parent[j] = cur;
      dist[j] = next;
      queue[tail++] = j;
    }
    j = cur + cols;
    if (j < size && open[j] === 1 && parent[j] === -1) {
      parent[j] = cur;
      dist[j] = next;
      queue[tail++] = j;
    }
    j = cur - 1;
    if (col > 0 && open[j] === 1 && parent[j] === -1) {
      parent[j] = cur;
      dist[j] = next;
      queue[tail++] = j;
    }
    j = cur + 1;
    if (col < cols - 1 && open[j] === 1 && parent[j] === -1) {
      parent[j] = cur;
      dist[j] = next;
      queue[tail++] = j;
    }
  }
  return { dist, parent, order: queue.subarray(0, tail), expanded: head };
}

/**
 * Breadth-first distances (in steps) from `from` over passable cells; -1 where unreachable.
 *
 * @example
 * const dist = bfsDistances(grid, grid.start);
 * dist[grid.goal]; // shortest path length in steps
 */
export function bfsDistances(grid: Pick<MazeGrid, 'rows' | 'cols' | 'open'>, from: number): Int32Array {
  return bfs(grid, from).dist;
}

/**
 * The cells from the BFS source to `end` along `parent` (as `bfs` returns it).
 *
 * @example
 * pathTo(bfs(grid, grid.start).parent, grid.goal, grid.cols);
 */
export function pathTo(parent: Int32Array, end: number, cols: number): MazeCell[] {
  const path: MazeCell[] = [];
  for (let i = end; ; i = parent[i] as number) {
    path.push({ row: Math.floor(i / cols), col: i % cols });
    if (parent[i] === i) break;
  }
  return path.reverse();
}

/**
 * The puzzle of a flat open/wall grid with `S` at flat index `start` and `G` at `goal` (the
 * inverse of `mazeGrid`, for generators).
 *
 * @example
 * puzzleFromGrid(2, 2, Uint8Array.of(1, 1, 0, 1), 0, 3).cells; // ['S ', '#G']
 */
export function puzzleFromGrid(rows: number, cols: number, open: Uint8Array, start: number, goal: number): MazePuzzle {
  const cells: string[] = [];
  for (let row = 0; row < rows; row++) {
    let line = '';
    for (let col = 0; col < cols; col++) {
      const i = row * cols + col;
      line += i === start ? START : i === goal ? GOAL : open[i] === 1 ? OPEN : WALL;
    }
    cells.push(line);
  }
  const cell = (i: number): MazeCell => ({ row: Math.floor(i / cols), col: i % cols });
  return { rows, cols, cells, start: cell(start), goal: cell(goal) };
}
