/**
 * A seeded generator of Maze-Hard style mazes: up to 30x30, walls everywhere, and only
 * instances whose shortest path is long (the official Maze-Hard set keeps paths over 110 steps).
 */
import { InvalidInputError, SolverError } from '../../core/errors.js';
import { createRng } from '../../core/random.js';
import type { Rng } from '../../core/random.js';
import { bfs, bfsDistances, neighbours, puzzleFromGrid } from './grid.js';
import { solveMaze } from './solve.js';
import type { MazePuzzle, MazeSolution } from './types.js';
import { MAZE_MAX_SIDE, MAZE_MIN_SIDE } from './types.js';

/** Options of `generateMaze`. */
export interface GenerateMazeOptions {
  /** Rows, 2..30 (default 30). */
  rows?: number;
  /** Columns, 2..30 (default 30). */
  cols?: number;
  /**
   * Minimum shortest-path length in steps (default: 110 scaled to the area, at least 1, i.e.
   * 110 at 30x30 as in Maze-Hard).
   */
  minPathLength?: number;
  /**
   * Target fraction of wall cells, 0..1 (default 0.4). The carved perfect maze is about half
   * walls; a lower target knocks random holes in it (loops, shortcuts: shorter paths), a
   * higher one leaves it as carved.
   */
  wallDensity?: number;
  /**
   * Longest detour (steps) a hole may short-cut (default 12): a hole is only knocked between
   * open cells already this close, so loops stay local and paths stay long.
   */
  loopLimit?: number;
  /**
   * Only mazes with exactly one shortest path (default false): cells that would offer a second
   * one become walls. Training wants it: the label marks one shortest path, and a tie makes it
   * a coin flip the model cannot learn (without it, most 12x12 mazes have ties).
   */
  uniquePath?: boolean;
  /** Seed of the RNG: equal options and seed give the same maze. */
  seed: number;
  /** Mazes to try before giving up with `SolverError` (default 200). */
  maxAttempts?: number;
}

/** A generated maze with its BFS solution. */
export interface GeneratedMaze {
  puzzle: MazePuzzle;
  solution: MazeSolution;
  /** Shortest path length in steps (`solution.path.length - 1`). */
  pathLength: number;
}

const DEFAULTS = { rows: 30, cols: 30, wallDensity: 0.4, loopLimit: 12, maxAttempts: 200 };

/**
 * An upper bound on the shortest-path length (steps) of any `rows` x `cols` maze. A shortest
 * path is an induced path (no two non-consecutive cells touch), so it holds at most 3 cells
 * of every 2x2 block, plus at most one line of cells for an odd side.
 *
 * @example
 * maxShortestPathLength(30, 30); // 674
 */
export function maxShortestPathLength(rows: number, cols: number): number {
  const blocks = 3 * Math.floor(rows / 2) * Math.floor(cols / 2);
  const leftover = (rows % 2 === 1 ? cols : 0) + (cols % 2 === 1 ? rows : 0) - (rows % 2 === 1 && cols % 2 === 1 ? 1 : 0);
  return blocks + leftover - 1;
}

/**
 * Carves a perfect maze (randomised depth-first search) on the lattice of every other cell;
 * returns a carved cell (all carved cells are connected).
 */
function carve(rows: number, cols: number, rng: Rng, open: Uint8Array): number {
  const rowOffset = rows % 2 === 0 ? rng.int(2) : 0;
  const colOffset = cols % 2 === 0 ? rng.int(2) : 0;
  const latticeRows = Math.floor((rows - rowOffset + 1) / 2);
  const latticeCols = Math.floor((cols - colOffset + 1) / 2);
  const at = (lr: number, lc: number): number => (rowOffset + 2 * lr) * cols + colOffset + 2 * lc;
  const visited = new Uint8Array(latticeRows * latticeCols);
  const stack = new Int32Array(latticeRows * latticeCols);
  const options = new Int32Array(4);
  let top = 0;
  const first = rng.int(latticeRows * latticeCols);
  stack[top++] = first;
  visited[first] = 1;
  open[at(Math.floor(first / latticeCols), first % latticeCols)] = 1;
  while (top > 0) {
    const cur = stack[top - 1] as number;
    const lr = Math.floor(cur / latticeCols);
    const lc = cur % latticeCols;
    let n = 0;
    if (lr > 0 && visited[cur - latticeCols] === 0) options[n++] = cur - latticeCols;
    if (lr < latticeRows - 1 && visited[cur + latticeCols] === 0) options[n++] = cur + latticeCols;
    if (lc > 0 && visited[cur - 1] === 0) options[n++] = cur - 1;
    if (lc < latticeCols - 1 && visited[cur + 1] === 0) options[n++] = cur + 1;
    if (n === 0) {
      top--;
      continue;
    }
    const next = options[rng.int(n)] as number;
    visited[next] = 1;
    const a = at(lr, lc);
    const b = at(Math.floor(next / latticeCols), next % latticeCols);
    open[b] = 1;
    open[(a + b) / 2] = 1;
    stack[top++] = next;
  }
  return at(Math.floor(first / latticeCols), first % latticeCols);
}

/** Whether the open cells `from` and every cell of `targets` are within `limit` steps. */
function allWithin(grid: MazeShape, from: number, targets: readonly number[], limit: number, scratch: Scratch): boolean {
  const { rows, cols, open } = grid;
  const { dist, queue, nb } = scratch;
  let head = 0;
  let tail = 0;
  let left = targets.length;
  dist[from] = 0;
  queue[tail++] = from;
  while (head < tail && left > 0) {
    const cur = queue[head++] as number;
    const d = dist[cur] as number;
    if (targets.includes(cur)) left--;
    if (d === limit) continue;
    const count = neighbours(rows, cols, cur, nb);
    for (let k = 0; k < count; k++) {
      const j = nb[k] as number;
      if (open[j] === 1 && dist[j] === -1) {
        dist[j] = d + 1;
        queue[tail++] = j;
      }
    }
  }
  for (let k = 0; k < tail; k++) dist[queue[k] as number] = -1;
  return left === 0;
}

interface MazeShape {
  rows: number;
  cols: number;
  open: Uint8Array;
}

interface Scratch {
  dist: Int32Array;
  queue: Int32Array;
  nb: Int32Array;
}

/**
 * Opens random wall cells until at most `wallDensity` of the cells are walls, but only holes
 * that make local loops: every two open cells a hole joins must already be within `loopLimit`
 * steps of each other, so a hole never becomes a long shortcut (dead-end nubs and isolated
 * pockets are always allowed).
 */
function openHoles(grid: MazeShape, wallDensity: number, loopLimit: number, rng: Rng): void {
  const { rows, cols, open } = grid;
  const walls: number[] = [];
  for (let i = 0; i < open.length; i++) if (open[i] === 0) walls.push(i);
  let excess = walls.length - Math.max(0, Math.floor(wallDensity * open.length));
  if (excess <= 0) return;
  rng.shuffle(walls);
  const scratch: Scratch = {
    dist: new Int32Array(open.length).fill(-1),
    queue: new Int32Array(open.length),
    nb: new Int32Array(4),
  };
  const around = new Int32Array(4);
  for (const w of walls) {
    const count = neighbours(rows, cols, w, around);
    const joined: number[] = [];
    for (let k = 0; k < count; k++) if (open[around[k] as number] === 1) joined.push(around[k] as number);
    const [first, ...others] = joined;
    if (first !== undefined && others.length > 0 && !allWithin(grid, first, others, loopLimit, scratch)) continue;
    open[w] = 1;
    if (--excess === 0) return;
  }
}

function farthest(dist: Int32Array): number {
  let best = -1;
  for (let i = 0; i < dist.length; i++) if (best < 0 || (dist[i] as number) > (dist[best] as number)) best = i;
  return best;
}

function attempt(rows: number, cols: number, minPathLength: number, wallDensity: number, loopLimit: number, rng: Rng, uniquePath: boolean): MazePuzzle | null {
  const open = new Uint8Array(rows * cols);
  const seedCell = carve(rows, cols, rng, open);
  openHoles({ rows, cols, open }, wallDensity, loopLimit, rng);
  const openCells: number[] = [];
  for (let i = 0; i < open.length; i++) if (open[i] === 1) openCells.push(i);
  if (openCells.length < 2) return null;
  const grid = { rows, cols, open };
  // Double sweep: the cell farthest from any cell is an end of a long shortest path.
  const a = farthest(bfsDistances(grid, seedCell));
  const fromA = bfsDistances(grid, a);
  const far = openCells.filter((i) => (fromA[i] as number) >= minPathLength && i !== a);
  if (far.length === 0) return null;
  const b = rng.pick(far);
  const [s, g] = rng.int(2) === 0 ? [a, b] : [b, a];
  if (uniquePath) breakTies(grid, s, g);
  return puzzleFromGrid(rows, cols, open, s, g);
}

/**
 * Walls off every alternative to one shortest S-G path, one cell at a time: the cell nearest to
 * S that lies on some shortest path but not on BFS's. The kept path and its length are untouched,
 * so the maze stays solvable with the same shortest-path length, now with exactly one such path.
 */
function breakTies(grid: { rows: number; cols: number; open: Uint8Array }, s: number, g: number): void {
  const path = new Uint8Array(grid.open.length);
  const { parent } = bfs(grid, s);
  for (let i = g; i !== s; i = parent[i] as number) path[i] = 1;
  path[s] = 1;
  for (;;) {
    const fromS = bfsDistances(grid, s);
    const fromG = bfsDistances(grid, g);
    const total = fromS[g] as number;
    let tie = -1;
    for (let i = 0; i < grid.open.length; i++) {
      const d = fromS[i] as number;
      if (path[i] === 0 && d >= 0 && d + (fromG[i] as number) === total && (tie === -1 || d < (fromS[tie] as number))) tie = i;
    }
    if (tie === -1) return;
    grid.open[tie] = 0;
  }
}

function checkOption(name: string, value: number, ok: boolean, expected: string): void {
  if (!ok) {
    throw new InvalidInputError(`generateMaze: \`${name}\` is ${value}; expected ${expected}`, { field: name });
  }
}

/**
 * Generates a maze whose shortest path from `S` to `G` has at least `minPathLength` steps.
 *
 * Method: (1) carve a perfect maze with a randomised depth-first search on the lattice of
 * every other cell (long winding corridors; for an even side the spare row/column sits at a
 * random edge); (2) knock random holes in its walls down to `wallDensity`, keeping only holes
 * that close loops of at most `loopLimit` steps (so the maze gets loops, open patches and
 * isolated pockets, like the Maze-Hard data, without long shortcuts); (3) BFS from a carved
 * cell, take the farthest cell `A` (double sweep), BFS again from `A`, and put `S`/`G` on `A`
 * and on a random cell at least `minPathLength` steps from it (order random); (4) solve it
 * with BFS. With `uniquePath`, step (3) is followed by walling off, one cell at a time, every
 * cell that lies on a shortest path other than BFS's (the path and its length stay as they
 * are). An attempt that falls short is redrawn from the same RNG, so the result depends
 * only on the options. With the defaults a 30x30 maze takes about a millisecond and its
 * longest shortest path is ~170-260 steps, so `minPathLength: 110` practically never retries.
 *
 * Throws `InvalidInputError` for bad options, including a `minPathLength` above
 * `maxShortestPathLength(rows, cols)` (impossible at that size), and `SolverError` when
 * `maxAttempts` tries found none (lower `minPathLength`, `loopLimit`, or raise `wallDensity`).
 *
 * @example
 * const { puzzle, solution, pathLength } = generateMaze({ seed: 7, minPathLength: 110 });
 * pathLength >= 110; // true; puzzle is 30x30
 */
export function generateMaze(options: GenerateMazeOptions): GeneratedMaze {
  const { rows, cols, wallDensity, loopLimit, maxAttempts, seed } = { ...DEFAULTS, ...options };
  const side = (n: number): boolean => Number.isInteger(n) && n >= MAZE_MIN_SIDE && n <= MAZE_MAX_SIDE;
  checkOption('rows', rows, side(rows), `an integer ${MAZE_MIN_SIDE}..${MAZE_MAX_SIDE}`);
  checkOption('cols', cols, side(cols), `an integer ${MAZE_MIN_SIDE}..${MAZE_MAX_SIDE}`);
  checkOption('wallDensity', wallDensity, wallDensity >= 0 && wallDensity < 1, 'a number in [0, 1)');
  checkOption('maxAttempts', maxAttempts, Number.isInteger(maxAttempts) && maxAttempts >= 1, 'a positive integer');
  checkOption('loopLimit', loopLimit, Number.isInteger(loopLimit) && loopLimit >= 2, 'an integer >= 2');
  checkOption('seed', seed, Number.isFinite(seed), 'a finite number');
  const minPathLength = options.minPathLength ?? Math.max(1, Math.round((rows * cols * 110) / 900));
  const limit = maxShortestPathLength(rows, cols);
  checkOption('minPathLength', minPathLength, Number.isInteger(minPathLength) && minPathLength >= 1, 'a positive integer');
  if (minPathLength > limit) {
    throw new InvalidInputError(
      `generateMaze: minPathLength ${minPathLength} is impossible for a ${rows}x${cols} maze: ` + `no shortest path there can exceed ${limit} steps`,
      { field: 'minPathLength', details: { minPathLength, limit, rows, cols } },
    );
  }
  const rng = createRng(seed);
  for (let tries = 0; tries < maxAttempts; tries++) {
    const puzzle = attempt(rows, cols, minPathLength, wallDensity, loopLimit, rng, options.uniquePath === true);
    if (puzzle === null) continue;
    const { solution } = solveMaze(puzzle);
    return { puzzle, solution, pathLength: solution.path.length - 1 };
  }
  throw new SolverError(
    `generateMaze: no ${rows}x${cols} maze with a shortest path of ${minPathLength}+ steps in ${maxAttempts} ` +
      `attempts (wallDensity ${wallDensity}); lower minPathLength, raise wallDensity or maxAttempts`,
    { details: { rows, cols, minPathLength, wallDensity, maxAttempts, seed } },
  );
}
