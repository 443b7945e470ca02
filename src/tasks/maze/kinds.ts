/**
 * Mazes as people draw them, beside the Maze-Hard style corridors of `generate.ts`: braided
 * mazes (loops, no dead ends), rooms joined by doors, open areas with a few wall blocks, and
 * walls dropped at random (10-45% of the cells). Each kind is seeded; any size 2..30 either way,
 * square or not. `S` and `G` sit in one connected region, far enough apart to need a real path.
 * Most of these mazes have many tied shortest paths: a training label then marks the canonical
 * one (`canonicalShortestPath`).
 *
 * @example
 * const { puzzle } = generateMazeOfKind({ kind: 'random', rows: 12, cols: 17, seed: 3 });
 */
import { InvalidInputError, SolverError } from '../../core/errors.js';
import { createRng } from '../../core/random.js';
import type { Rng } from '../../core/random.js';
import { bfsDistances, neighbours, puzzleFromGrid } from './grid.js';
import type { MazeGrid } from './grid.js';
import { generateMaze } from './generate.js';
import type { GeneratedMaze } from './generate.js';
import { solveMaze } from './solve.js';
import { MAZE_MAX_SIDE, MAZE_MIN_SIDE } from './types.js';

/** The maze generators, by what a person would call them. */
export const MAZE_KINDS = ['corridor', 'braid', 'rooms', 'open', 'random'] as const;
export type MazeKind = (typeof MAZE_KINDS)[number];

/** Options of `generateMazeOfKind`. */
export interface MazeKindOptions {
  kind: MazeKind;
  rows: number;
  cols: number;
  seed: number;
  /**
   * `corridor` only: exactly one shortest path (walls close the alternatives), as Maze-Hard.
   * Default true.
   */
  uniquePath?: boolean;
}

/**
 * Fills `open` with a perfect maze carved by randomised depth-first search on the lattice of
 * every other cell (an even side leaves its spare line at a random edge).
 */
function carvePerfect(rows: number, cols: number, rng: Rng, open: Uint8Array): void {
  const r0 = rows % 2 === 0 ? rng.int(2) : 0;
  const c0 = cols % 2 === 0 ? rng.int(2) : 0;
  const lr = Math.max(1, Math.floor((rows - r0 + 1) / 2));
  const lc = Math.max(1, Math.floor((cols - c0 + 1) / 2));
  const at = (r: number, c: number): number => (r0 + 2 * r) * cols + c0 + 2 * c;
  const seen = new Uint8Array(lr * lc);
  const stack: number[] = [rng.int(lr * lc)];
  seen[stack[0] as number] = 1;
  open[at(Math.floor((stack[0] as number) / lc), (stack[0] as number) % lc)] = 1;
  while (stack.length > 0) {
    const cur = stack[stack.length - 1] as number;
    const r = Math.floor(cur / lc);
    const c = cur % lc;
    const next: number[] = [];
    if (r > 0 && seen[cur - lc] === 0) next.push(cur - lc);
    if (r < lr - 1 && seen[cur + lc] === 0) next.push(cur + lc);
    if (c > 0 && seen[cur - 1] === 0) next.push(cur - 1);
    if (c < lc - 1 && seen[cur + 1] === 0) next.push(cur + 1);
    if (next.length === 0) {
      stack.pop();
      continue;
    }
    const n = rng.pick(next);
    seen[n] = 1;
    const a = at(r, c);
    const b = at(Math.floor(n / lc), n % lc);
    open[b] = 1;
    open[(a + b) / 2] = 1;
    stack.push(n);
  }
}

/** A braided maze: a perfect maze whose dead ends are (mostly) opened into a neighbour corridor. */
function braid(rows: number, cols: number, rng: Rng): Uint8Array {
  const open = new Uint8Array(rows * cols);
  carvePerfect(rows, cols, rng, open);
  const nb = new Int32Array(4);
  const keep = rng.next() * 0.3; // share of dead ends left as they are
  const cells = [...open.keys()];
  rng.shuffle(cells);
  for (const i of cells) {
    if (open[i] !== 1) continue;
    const n = neighbours(rows, cols, i, nb);
    let exits = 0;
    for (let k = 0; k < n; k++) exits += open[nb[k] as number] as number;
    if (exits !== 1 || rng.next() < keep) continue;
    // knock through the wall straight ahead or to a side, where an open cell lies beyond it
    const r = Math.floor(i / cols);
    const c = i % cols;
    const options: number[] = [];
    for (const [dr, dc] of [
      [-1, 0],
      [1, 0],
      [0, -1],
      [0, 1],
    ] as const) {
      const wr = r + dr;
      const wc = c + dc;
      const br = r + 2 * dr;
      const bc = c + 2 * dc;
      if (br < 0 || br >= rows || bc < 0 || bc >= cols) continue;
      if (open[wr * cols + wc] === 0 && open[br * cols + bc] === 1) options.push(wr * cols + wc);
    }
    if (options.length > 0) open[rng.pick(options)] = 1;
  }
  return open;
}

/**
 * Rooms: recursive division of the whole grid by one-cell walls, each with a one- or two-cell
 * door, stopping at chambers of a random size (3..7 cells across), which stay open rooms.
 */
function rooms(rows: number, cols: number, rng: Rng): Uint8Array {
  const open = new Uint8Array(rows * cols).fill(1);
  const minRoom = 3 + rng.int(5);
  const divide = (r0: number, c0: number, h: number, w: number): void => {
    const canH = h >= 2 * Math.min(minRoom, 3) + 1 && h > minRoom;
    const canW = w >= 2 * Math.min(minRoom, 3) + 1 && w > minRoom;
    if (!canH && !canW) return;
    const horizontal = canH && (!canW || h > w || (h === w && rng.int(2) === 0));
    if (horizontal) {
      const wr = r0 + 1 + rng.int(h - 2);
      for (let c = c0; c < c0 + w; c++) open[wr * cols + c] = 0;
      const door = c0 + rng.int(w);
      open[wr * cols + door] = 1;
      if (w > 4 && rng.int(2) === 0) open[wr * cols + Math.min(c0 + w - 1, door + 1)] = 1;
      divide(r0, c0, wr - r0, w);
      divide(wr + 1, c0, r0 + h - wr - 1, w);
    } else {
      const wc = c0 + 1 + rng.int(w - 2);
      for (let r = r0; r < r0 + h; r++) open[r * cols + wc] = 0;
      const door = r0 + rng.int(h);
      open[door * cols + wc] = 1;
      if (h > 4 && rng.int(2) === 0) open[Math.min(r0 + h - 1, door + 1) * cols + wc] = 1;
      divide(r0, c0, h, wc - c0);
      divide(r0, wc + 1, h, c0 + w - wc - 1);
    }
  };
  divide(0, 0, rows, cols);
  return open;
}

/** Open areas: a field with a few wall blocks and bars (5-25% of the cells walls). */
function openArea(rows: number, cols: number, rng: Rng): Uint8Array {
  const open = new Uint8Array(rows * cols).fill(1);
  const target = Math.floor((0.05 + rng.next() * 0.2) * rows * cols);
  let walls = 0;
  for (let guard = 0; walls < target && guard < 10_000; guard++) {
    const bar = rng.int(2) === 0;
    const h = bar ? 1 + rng.int(Math.max(1, Math.floor(rows / 2))) : 1 + rng.int(3);
    const w = bar ? 1 : 1 + rng.int(3);
    const [bh, bw] = rng.int(2) === 0 ? [h, w] : [w, h];
    const r0 = rng.int(rows);
    const c0 = rng.int(cols);
    for (let r = r0; r < Math.min(rows, r0 + bh); r++) {
      for (let c = c0; c < Math.min(cols, c0 + bw); c++) {
        if (open[r * cols + c] === 1) {
          open[r * cols + c] = 0;
          walls++;
        }
      }
    }
  }
  return open;
}

/** Walls dropped independently on each cell with one probability in [0.10, 0.45]. */
function randomWalls(rows: number, cols: number, rng: Rng): Uint8Array {
  const density = 0.1 + rng.next() * 0.35;
  const open = new Uint8Array(rows * cols);
  for (let i = 0; i < open.length; i++) open[i] = rng.next() < density ? 0 : 1;
  return open;
}

/**
 * Puts `S` and `G` in the largest connected region: `S` on a random cell, `G` on a random cell
 * at least half the region's farthest distance from it (null when the region is one cell).
 */
function placeEnds(rows: number, cols: number, open: Uint8Array, rng: Rng): [number, number] | null {
  const grid = { rows, cols, open };
  const seen = new Uint8Array(open.length);
  let best: number[] = [];
  for (let i = 0; i < open.length; i++) {
    if (open[i] !== 1 || seen[i] === 1) continue;
    const dist = bfsDistances(grid, i);
    const region: number[] = [];
    for (let j = 0; j < open.length; j++) {
      if ((dist[j] as number) >= 0) {
        seen[j] = 1;
        region.push(j);
      }
    }
    if (region.length > best.length) best = region;
  }
  if (best.length < 2) return null;
  const s = rng.pick(best);
  const fromS = bfsDistances(grid, s);
  let far = 0;
  for (const j of best) far = Math.max(far, fromS[j] as number);
  const candidates = best.filter((j) => j !== s && (fromS[j] as number) >= Math.max(1, Math.ceil(far / 2)));
  return [s, rng.pick(candidates)];
}

const BUILD: Record<Exclude<MazeKind, 'corridor'>, (rows: number, cols: number, rng: Rng) => Uint8Array> = {
  braid,
  rooms,
  open: openArea,
  random: randomWalls,
};

/**
 * A maze of the given kind with its shortest path (BFS). `corridor` is `generateMaze` with a
 * minimum path of a third of the area's Maze-Hard figure, so that small and non-square sizes
 * always succeed. Throws `InvalidInputError` for a bad kind or size, `SolverError` when 200
 * draws gave no maze with two connected cells (only possible on the tiniest grids).
 *
 * @example
 * generateMazeOfKind({ kind: 'rooms', rows: 20, cols: 20, seed: 1 }).pathLength > 0; // true
 */
export function generateMazeOfKind(options: MazeKindOptions): GeneratedMaze {
  const { kind, rows, cols, seed } = options;
  if (!(MAZE_KINDS as readonly string[]).includes(kind)) {
    throw new InvalidInputError(`Unknown maze kind ${JSON.stringify(kind)}; expected one of ${MAZE_KINDS.join(', ')}`, { field: 'kind' });
  }
  const side = (n: number): boolean => Number.isInteger(n) && n >= MAZE_MIN_SIDE && n <= MAZE_MAX_SIDE;
  if (!side(rows) || !side(cols)) {
    throw new InvalidInputError(`Maze size ${rows}x${cols}: sides must be integers ${MAZE_MIN_SIDE}..${MAZE_MAX_SIDE}`, { field: 'size' });
  }
  if (kind === 'corridor') {
    const minPathLength = Math.max(1, Math.round((rows * cols * 110) / 900 / 3));
    return generateMaze({ rows, cols, seed, minPathLength, wallDensity: 0.45, uniquePath: options.uniquePath ?? true });
  }
  const rng = createRng(seed);
  for (let tries = 0; tries < 200; tries++) {
    const open = BUILD[kind](rows, cols, rng);
    const ends = placeEnds(rows, cols, open, rng);
    if (ends === null) continue;
    const puzzle = puzzleFromGrid(rows, cols, open, ends[0], ends[1]);
    const { solution } = solveMaze(puzzle);
    return { puzzle, solution, pathLength: solution.path.length - 1 };
  }
  throw new SolverError(`No ${kind} maze of ${rows}x${cols} with two connected cells in 200 draws`, { details: { kind, rows, cols, seed } });
}

/**
 * The canonical shortest path of a maze, which training labels mark when there are ties: from
 * `S`, step to the first neighbour (up, down, left, right) one step closer to `G`. Every cell's
 * choice depends only on the distances to `G` around it, so a model that has the distance field
 * can follow it; a path drawn from BFS parents would depend on the search's queue order. Null
 * when `G` cannot be reached.
 *
 * @example
 * canonicalShortestPath(mazeGrid(maze.parse('S \n G'))); // [0, 2, 3]: down first, then right
 */
export function canonicalShortestPath(grid: MazeGrid): number[] | null {
  const toGoal = bfsDistances(grid, grid.goal);
  if ((toGoal[grid.start] as number) < 0) return null;
  const nb = new Int32Array(4);
  const path = [grid.start];
  let cur = grid.start;
  while (cur !== grid.goal) {
    const d = toGoal[cur] as number;
    const n = neighbours(grid.rows, grid.cols, cur, nb);
    for (let k = 0; k < n; k++) {
      const j = nb[k] as number;
      if (toGoal[j] === d - 1) {
        cur = j;
        break;
      }
    }
    path.push(cur);
  }
  return path;
}
