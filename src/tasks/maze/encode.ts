/**
 * The official TinyRecursiveModels maze encoding: a 30x30 canvas (S = 900) of the characters
 * `# SGo` as tokens 1..5 (index in `'# SGo'` + 1), 0 = PAD, V = 6. The input is the puzzle,
 * the label the solved maze with its path cells marked `o`.
 *
 * Smaller mazes sit at the top-left of the canvas and the rest is filled with walls `#`: the
 * official data is always exactly 30x30, so the models never saw PAD inside a maze, while a
 * wall region is just more maze to them (nothing crosses it). `decode` crops back to the maze.
 *
 * A model may be trained on a smaller N x N canvas (S = N * N, same tokens): `mazeTokenSpec(N)`
 * and the `side` arguments encode for it, and decoding reads N from the number of tokens.
 */
import { InvalidInputError, NotSupportedError } from '../../core/errors.js';
import type { TokenSpec } from '../../core/spec.js';
import { solvedMazeRows } from './format.js';
import { bfs, mazeGrid, pathTo } from './grid.js';
import type { MazeCell, MazePuzzle, MazeSolution } from './types.js';
import { MAZE_MAX_SIDE, OPEN, OPEN_DOT, WALL } from './types.js';

/** Characters in token order: token = index + 1. */
export const MAZE_CHARSET = '# SGo';
/** The PAD token (never produced by `encodeMaze`). */
export const MAZE_PAD_TOKEN = 0;
/** Token of a path mark `o`. */
export const MAZE_PATH_TOKEN = MAZE_CHARSET.indexOf('o') + 1;
/**
 * Token spec of the maze task on an N x N canvas (S = N * N, V = 6). N = 30 is the official
 * canvas; a model trained on a smaller one (cheaper per step) solves mazes up to its size.
 */
export function mazeTokenSpec(side: number = MAZE_MAX_SIDE): TokenSpec {
  checkSide(side);
  return { seqLen: side * side, vocabSize: MAZE_CHARSET.length + 1, canvas: { rows: side, cols: side } };
}

/** Token spec of the maze task: S = 900 on the official 30x30 canvas, V = 6. */
export const MAZE_TOKENS: TokenSpec = mazeTokenSpec();

function checkSide(side: number): void {
  if (!Number.isInteger(side) || side < 2 || side > MAZE_MAX_SIDE) {
    throw new InvalidInputError(`A maze canvas is N x N with N in 2..${MAZE_MAX_SIDE}, got ${side}`, { field: 'canvas' });
  }
}

/**
 * Tokens of a grid of maze characters (`# SGo`, `.` read as open) placed at the top-left of
 * the `side` x `side` canvas (default 30); cells outside the grid are `fill` (default `#`).
 * Throws `InvalidInputError` for an unknown character and `NotSupportedError` for a grid
 * larger than the canvas.
 *
 * @example
 * mazeToTokens(['#S #', '# G#']).slice(0, 4); // Int32Array [1, 3, 2, 1]
 */
export function mazeToTokens(rows: readonly string[], fill: string = WALL, side: number = MAZE_MAX_SIDE): Int32Array {
  checkSide(side);
  const fillToken = MAZE_CHARSET.indexOf(fill) + 1;
  if (fill.length !== 1 || fillToken === 0) {
    throw new InvalidInputError(`Canvas fill ${JSON.stringify(fill)} is not one of '${MAZE_CHARSET}'`, { field: 'fill' });
  }
  if (rows.length > side || rows.some((row) => row.length > side)) {
    const cols = Math.max(0, ...rows.map((row) => row.length));
    throw new NotSupportedError(`A ${rows.length}x${cols} maze does not fit the ${side}x${side} TRM canvas`, {
      details: { field: 'cells', rows: rows.length, cols, canvas: side },
    });
  }
  const tokens = new Int32Array(side * side).fill(fillToken);
  rows.forEach((line, row) => {
    for (let col = 0; col < line.length; col++) {
      const ch = line[col] === OPEN_DOT ? OPEN : (line[col] as string);
      const token = MAZE_CHARSET.indexOf(ch) + 1;
      if (token === 0) {
        throw new InvalidInputError(`Character ${JSON.stringify(ch)} at (${row},${col}) has no maze token`, {
          field: 'cells',
          position: { row, col },
        });
      }
      tokens[row * side + col] = token;
    }
  });
  return tokens;
}

/**
 * The characters of a token canvas (any N x N, N from the length), cropped to `rows` x `cols`
 * from the top-left; PAD and out-of-vocabulary tokens read as `?`.
 *
 * @example
 * tokensToGrid(mazeToTokens(['#S #', '# G#']), 2, 4); // ['#S #', '# G#']
 */
export function tokensToGrid(tokens: ArrayLike<number>, rows?: number, cols?: number): string[] {
  const side = canvasSide(tokens);
  const out: string[] = [];
  for (let row = 0; row < Math.min(rows ?? side, side); row++) {
    let line = '';
    for (let col = 0; col < Math.min(cols ?? side, side); col++) {
      const token = tokens[row * side + col] as number;
      line += (Number.isInteger(token) && token >= 1 ? MAZE_CHARSET[token - 1] : undefined) ?? '?';
    }
    out.push(line);
  }
  return out;
}

/** N of an N x N token canvas (2..30), from the number of tokens. */
export function canvasSide(tokens: ArrayLike<number>): number {
  const side = Math.round(Math.sqrt(tokens.length));
  if (side * side !== tokens.length || side < 2 || side > MAZE_MAX_SIDE) {
    throw new InvalidInputError(`Expected N*N maze tokens for an N x N canvas (N in 2..${MAZE_MAX_SIDE}; 900 for 30x30), got ${tokens.length}`, {
      field: 'tokens',
      details: { length: tokens.length },
    });
  }
  return side;
}

/**
 * The official TRM input tokens of a puzzle (length 900; `side * side` on a smaller canvas).
 *
 * @example
 * encodeMaze(maze.parse('#S #\n# G#')).slice(0, 4); // Int32Array [1, 3, 2, 1]
 */
export function encodeMaze(puzzle: MazePuzzle, side: number = MAZE_MAX_SIDE): Int32Array {
  mazeGrid(puzzle);
  return mazeToTokens(puzzle.cells, WALL, side);
}

/**
 * The official TRM label tokens: the solved maze, path cells (except `S`, `G`) as `o`.
 *
 * @example
 * encodeMazeSolution(puzzle, solveMaze(puzzle).solution);
 */
export function encodeMazeSolution(puzzle: MazePuzzle, solution: MazeSolution, side: number = MAZE_MAX_SIDE): Int32Array {
  return mazeToTokens(solvedMazeRows(puzzle, solution), WALL, side);
}

/** What `readMarkedPath` found in predicted tokens. */
export interface MarkedPath {
  /** From `S`, through marked cells only; ends at `G` when `reachedGoal`. */
  path: MazeCell[];
  reachedGoal: boolean;
  /** Marked cells (inside the maze) that the path does not use. */
  unusedMarks: number;
}

/**
 * Reads the path a model marked with `o` tokens. The path starts at the puzzle's `S` and only
 * ever steps onto marked cells (and finally `G`); it never invents a cell. It is the shortest
 * route through the marks, trying marked open cells first, then marks on walls (so `verify`
 * reports the wall); when the marks do not reach `G` it is the route to the marked cell
 * farthest from `S` (ties: nearest to `G`), and `verify` then reports the wrong end.
 *
 * @example
 * readMarkedPath(encodeMazeSolution(puzzle, solution), puzzle).reachedGoal; // true
 */
export function readMarkedPath(tokens: ArrayLike<number>, puzzle: MazePuzzle): MarkedPath {
  const side = canvasSide(tokens);
  const { rows, cols, open, start, goal } = mazeGrid(puzzle);
  if (rows > side || cols > side) {
    throw new InvalidInputError(`A ${rows}x${cols} maze does not fit the ${side}x${side} token canvas`, { field: 'tokens' });
  }
  const marked = new Uint8Array(rows * cols);
  let marks = 0;
  for (let i = 0; i < rows * cols; i++) {
    if (tokens[Math.floor(i / cols) * side + (i % cols)] === MAZE_PATH_TOKEN) {
      marked[i] = 1;
      marks++;
    }
  }
  const result = (path: MazeCell[], reachedGoal: boolean): MarkedPath => ({
    path,
    reachedGoal,
    unusedMarks: marks - path.filter((c) => marked[c.row * cols + c.col] === 1).length,
  });
  const allowed = new Uint8Array(rows * cols);
  for (const withWalls of [false, true]) {
    for (let i = 0; i < allowed.length; i++) allowed[i] = marked[i] === 1 && (withWalls || open[i] === 1) ? 1 : 0;
    allowed[goal] = 1;
    const { parent } = bfs({ rows, cols, open: allowed }, start);
    if (parent[goal] !== -1) return result(pathTo(parent, goal, cols), true);
  }
  allowed[goal] = 0;
  const { parent, dist, order } = bfs({ rows, cols, open: allowed }, start);
  const gr = Math.floor(goal / cols);
  const gc = goal % cols;
  const toGoal = (i: number): number => Math.abs(Math.floor(i / cols) - gr) + Math.abs((i % cols) - gc);
  let best = start;
  for (const i of order) {
    const d = dist[i] as number;
    if (d > (dist[best] as number) || (d === dist[best] && toGoal(i) < toGoal(best))) best = i;
  }
  return result(pathTo(parent, best, cols), false);
}

/**
 * `TaskCodec.decode`: the marked path of predicted tokens (see `readMarkedPath`) as a
 * solution, to be checked by `verifyMaze`.
 *
 * @example
 * decodeMaze(encodeMazeSolution(puzzle, solution), puzzle); // { path: solution.path }
 */
export function decodeMaze(tokens: ArrayLike<number>, puzzle: MazePuzzle): MazeSolution {
  return { path: readMarkedPath(tokens, puzzle).path };
}
