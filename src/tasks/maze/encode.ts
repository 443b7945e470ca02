/**
 * The official TinyRecursiveModels maze encoding: a 30x30 canvas (S = 900) of the characters
 * `# SGo` as tokens 1..5 (index in `'# SGo'` + 1), 0 = PAD, V = 6. The input is the puzzle,
 * the label the solved maze with its path cells marked `o`.
 *
 * Smaller mazes sit at the top-left of the canvas and the rest is filled with walls `#`: the
 * official data is always exactly 30x30, so the models never saw PAD inside a maze, while a
 * wall region is just more maze to them (nothing crosses it). `decode` crops back to the maze.
 */
import { InvalidInputError } from '../../core/errors.js';
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
/** Token spec of the maze task: S = 900 on a 30x30 canvas, V = 6. */
export const MAZE_TOKENS: TokenSpec = {
  seqLen: MAZE_MAX_SIDE * MAZE_MAX_SIDE,
  vocabSize: MAZE_CHARSET.length + 1,
  canvas: { rows: MAZE_MAX_SIDE, cols: MAZE_MAX_SIDE },
};

const CANVAS = MAZE_MAX_SIDE;
const SEQ_LEN = CANVAS * CANVAS;

/**
 * Tokens of a grid of maze characters (`# SGo`, `.` read as open) placed at the top-left of
 * the 30x30 canvas; cells outside the grid are `fill` (default `#`). Throws
 * `InvalidInputError` for a grid larger than the canvas or an unknown character.
 *
 * @example
 * mazeToTokens(['#S #', '# G#']).slice(0, 4); // Int32Array [1, 3, 2, 1]
 */
export function mazeToTokens(rows: readonly string[], fill: string = WALL): Int32Array {
  const fillToken = MAZE_CHARSET.indexOf(fill) + 1;
  if (fill.length !== 1 || fillToken === 0) {
    throw new InvalidInputError(`Canvas fill ${JSON.stringify(fill)} is not one of '${MAZE_CHARSET}'`, { field: 'fill' });
  }
  if (rows.length > CANVAS || rows.some((row) => row.length > CANVAS)) {
    throw new InvalidInputError(`A maze grid larger than ${CANVAS}x${CANVAS} does not fit the TRM canvas`, {
      field: 'cells',
    });
  }
  const tokens = new Int32Array(SEQ_LEN).fill(fillToken);
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
      tokens[row * CANVAS + col] = token;
    }
  });
  return tokens;
}

/**
 * The characters of a token canvas, cropped to `rows` x `cols` from the top-left; PAD and
 * out-of-vocabulary tokens read as `?`.
 *
 * @example
 * tokensToGrid(mazeToTokens(['#S #', '# G#']), 2, 4); // ['#S #', '# G#']
 */
export function tokensToGrid(tokens: ArrayLike<number>, rows: number = CANVAS, cols: number = CANVAS): string[] {
  checkLength(tokens);
  const out: string[] = [];
  for (let row = 0; row < Math.min(rows, CANVAS); row++) {
    let line = '';
    for (let col = 0; col < Math.min(cols, CANVAS); col++) {
      const token = tokens[row * CANVAS + col] as number;
      line += (Number.isInteger(token) && token >= 1 ? MAZE_CHARSET[token - 1] : undefined) ?? '?';
    }
    out.push(line);
  }
  return out;
}

function checkLength(tokens: ArrayLike<number>): void {
  if (tokens.length !== SEQ_LEN) {
    throw new InvalidInputError(`Expected ${SEQ_LEN} maze tokens (30x30), got ${tokens.length}`, {
      field: 'tokens',
      details: { expected: SEQ_LEN, length: tokens.length },
    });
  }
}

/**
 * The official TRM input tokens of a puzzle (length 900).
 *
 * @example
 * encodeMaze(maze.parse('#S #\n# G#')).slice(0, 4); // Int32Array [1, 3, 2, 1]
 */
export function encodeMaze(puzzle: MazePuzzle): Int32Array {
  mazeGrid(puzzle);
  return mazeToTokens(puzzle.cells);
}

/**
 * The official TRM label tokens: the solved maze, path cells (except `S`, `G`) as `o`.
 *
 * @example
 * encodeMazeSolution(puzzle, solveMaze(puzzle).solution);
 */
export function encodeMazeSolution(puzzle: MazePuzzle, solution: MazeSolution): Int32Array {
  return mazeToTokens(solvedMazeRows(puzzle, solution));
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
  checkLength(tokens);
  const { rows, cols, open, start, goal } = mazeGrid(puzzle);
  const marked = new Uint8Array(rows * cols);
  let marks = 0;
  for (let i = 0; i < rows * cols; i++) {
    if (tokens[Math.floor(i / cols) * CANVAS + (i % cols)] === MAZE_PATH_TOKEN) {
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
