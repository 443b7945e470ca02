/**
 * Maze data files: what `trm-router eval` reads and `trm-router data maze` writes.
 * - read: JSON lines (`{"puzzle": [rows], "solution"?: [rows, path as o]}`), or ASCII mazes
 *   separated by blank lines; the exact solver supplies a missing solution. The label tokens are
 *   the solved rows' (walls, S and G included), so token-exact means every cell copied right.
 * - build: generated mazes with their solved rows, reproducible by seed, none equal (up to the
 *   8 dihedral transforms, see `mazeKey`) to a maze of an `--exclude` file.
 *
 * @example
 * const items = mazeData.read(text);
 * const { records } = buildMazeData({ count: 10, seed: 1, rows: 12, cols: 12, uniquePath: true });
 */
import { InvalidInputError } from '../../core/errors.js';
import type { Rng } from '../../core/random.js';
import type { DataBuilder, TaskData, TaskDataItem } from '../../core/task.js';
import {
  dataLineError,
  drawDistinct,
  excludedKeys,
  isJsonLines,
  keysOfJsonLines,
  optionalPositiveInt,
  readJsonLines,
  skippedReport,
} from '../common/data-files.js';
import type { DrawSummary } from '../common/data-files.js';
import { maze } from './codec.js';
import { mazeToTokens } from './encode.js';
import { solvedMazeRows } from './format.js';
import { generateMaze } from './generate.js';
import { mazeGrid } from './grid.js';
import { MAZE_KINDS, canonicalShortestPath, generateMazeOfKind } from './kinds.js';
import type { MazeKind } from './kinds.js';
import { solveMaze } from './solve.js';
import { MAZE_MAX_SIDE, MAZE_MIN_SIDE, WALL } from './types.js';
import type { MazePuzzle, MazeSolution } from './types.js';

// -----------------------------------------------------------------------------
// reading

function mazeItem(puzzleRows: unknown, solutionRows: unknown, line: number): TaskDataItem<MazePuzzle, string[]> {
  let puzzle: MazePuzzle;
  try {
    puzzle = maze.parse(puzzleRows);
  } catch (error) {
    throw dataLineError(line, (error as Error).message, error);
  }
  if (Array.isArray(solutionRows) && solutionRows.every((r) => typeof r === 'string')) {
    if (solutionRows.length !== puzzle.rows) throw dataLineError(line, 'solution has a different number of rows');
    try {
      mazeToTokens(solutionRows);
    } catch (error) {
      throw dataLineError(line, `the given solution is not a maze: ${(error as Error).message}`, error);
    }
    return { puzzle, label: solutionRows };
  }
  return { puzzle, label: solvedMazeRows(puzzle, solveMaze(puzzle).solution) };
}

function readMazeData(text: string): TaskDataItem<MazePuzzle, string[]>[] {
  if (isJsonLines(text)) return readJsonLines(text, (record, line) => mazeItem(record.puzzle, record.solution, line));
  const lines = text.split(/\r?\n/);
  const items: TaskDataItem<MazePuzzle, string[]>[] = [];
  let block: string[] = [];
  let start = 1;
  const flush = (end: number) => {
    if (block.length > 0) items.push(mazeItem(block.join('\n'), undefined, start));
    block = [];
    start = end + 2;
  };
  lines.forEach((raw, i) => {
    if (raw.trim() === '') flush(i);
    else block.push(raw);
  });
  flush(lines.length);
  return items;
}

// -----------------------------------------------------------------------------
// the canonical key: equal for a maze and its dihedral images

/**
 * The 8 dihedral images of a maze (rotations and reflections, the maze augmentations) as text;
 * the key is the smallest one.
 *
 * @example
 * mazeKey(['#S', 'G#']) === mazeKey(['G#', '#S']); // true (rotated by 180 degrees)
 */
export function mazeKey(rows: readonly string[]): string {
  const R = rows.length;
  const C = rows[0]?.length ?? 0;
  const at = (r: number, c: number): string => rows[r]?.[c] ?? '?';
  const images: string[] = [];
  // (transpose?, flip rows?, flip cols?) spans the dihedral group of the rectangle
  for (const t of [false, true]) {
    const [h, w] = t ? [C, R] : [R, C];
    for (const fr of [false, true]) {
      for (const fc of [false, true]) {
        const out: string[] = [];
        for (let r = 0; r < h; r++) {
          let line = '';
          for (let c = 0; c < w; c++) {
            const rr = fr ? h - 1 - r : r;
            const cc = fc ? w - 1 - c : c;
            line += t ? at(cc, rr) : at(rr, cc);
          }
          out.push(line);
        }
        images.push(out.join('/'));
      }
    }
  }
  return images.reduce((m, s) => (s < m ? s : m));
}

/** The key of one JSON record (`{"puzzle": [rows]}`); `where` names it in errors. */
export function mazeRecordKey(record: Record<string, unknown>, where = 'record'): string {
  const rows = record.puzzle;
  if (!Array.isArray(rows) || rows.length === 0 || !rows.every((r) => typeof r === 'string')) {
    throw new InvalidInputError(`${where}: "puzzle" must be an array of row strings`, { field: '--exclude' });
  }
  return mazeKey(rows);
}

// -----------------------------------------------------------------------------
// building

export interface MazeDataOptions {
  count: number;
  seed: number;
  rows: number;
  cols: number;
  /** Shortest path of at least this many steps (default: 110 scaled to the area). */
  minPath?: number;
  /** Only mazes with exactly one shortest path. */
  uniquePath?: boolean;
  /** Keys (`mazeKey`) of mazes that must not appear. */
  exclude?: ReadonlySet<string>;
  /**
   * Draw each maze's kind from these (`generateMazeOfKind`) instead of the Maze-Hard corridors,
   * and label the canonical shortest path (`canonicalShortestPath`). `minPath` does not apply.
   */
  kinds?: readonly MazeKind[];
  /** With `kinds`: each side drawn from `[min, max]` (half of the mazes square), not `rows` x `cols`. */
  sizeRange?: readonly [number, number];
}

/** One line of a maze data file. */
export interface MazeRecord {
  rows: number;
  cols: number;
  puzzle: string[];
  /** The puzzle with the path drawn as `o`. */
  solution: string[];
  pathLength: number;
  seed: number;
  /** The generator, where `kinds` chose one. */
  kind?: MazeKind;
}

function kindRecord(rng: Rng, o: MazeDataOptions, kinds: readonly MazeKind[]): MazeRecord {
  const seed = rng.int(2 ** 32);
  const kind = rng.pick(kinds);
  const [lo, hi] = o.sizeRange ?? [0, 0];
  const side = (): number => lo + rng.int(hi - lo + 1);
  const rows = o.sizeRange === undefined ? o.rows : side();
  const cols = o.sizeRange === undefined ? o.cols : rng.int(2) === 0 ? rows : side();
  const g = generateMazeOfKind({ kind, rows, cols, seed, ...(o.uniquePath === undefined ? {} : { uniquePath: o.uniquePath }) });
  const grid = mazeGrid(g.puzzle);
  const path = (canonicalShortestPath(grid) ?? []).map((i) => ({ row: Math.floor(i / cols), col: i % cols }));
  return { rows, cols, puzzle: g.puzzle.cells, solution: solvedMazeRows(g.puzzle, { path }), pathLength: g.pathLength, seed, kind };
}

function mazeRecord(rng: Rng, o: MazeDataOptions): MazeRecord {
  if (o.kinds !== undefined && o.kinds.length > 0) return kindRecord(rng, o, o.kinds);
  const seed = rng.int(2 ** 32);
  const g = generateMaze({
    rows: o.rows,
    cols: o.cols,
    seed,
    uniquePath: o.uniquePath ?? false,
    ...(o.minPath === undefined ? {} : { minPathLength: o.minPath }),
  });
  return {
    rows: o.rows,
    cols: o.cols,
    puzzle: g.puzzle.cells,
    solution: solvedMazeRows(g.puzzle, g.solution),
    pathLength: g.pathLength,
    seed,
  };
}

/**
 * `count` generated mazes with their solved rows, skipping excluded ones and duplicates (by
 * `mazeKey`); they depend only on the options.
 */
export function buildMazeData(options: MazeDataOptions): { records: MazeRecord[]; summary: DrawSummary } {
  return drawDistinct({
    count: options.count,
    seed: options.seed,
    draw: (rng) => mazeRecord(rng, options),
    key: (record) => mazeKey(record.puzzle),
    ...(options.exclude === undefined ? {} : { exclude: options.exclude }),
  });
}

/** `--size A-B`: each side drawn from A..B; null for the other forms. */
function parseSizeRange(value: string | boolean | undefined): [number, number] | null {
  const m = typeof value === 'string' ? /^(\d+)-(\d+)$/.exec(value.trim()) : null;
  if (m === null) return null;
  const [lo, hi] = [Number(m[1]), Number(m[2])];
  if (lo < MAZE_MIN_SIDE || hi > MAZE_MAX_SIDE || lo > hi) {
    throw new InvalidInputError(`--size ${String(value)}: a range must be A-B with ${MAZE_MIN_SIDE} <= A <= B <= ${MAZE_MAX_SIDE}`, { field: '--size' });
  }
  return [lo, hi];
}

function parseKinds(value: string | boolean | undefined): MazeKind[] | undefined {
  if (typeof value !== 'string') return undefined;
  const names = value === 'all' ? [...MAZE_KINDS] : value.split(',').map((k) => k.trim());
  for (const name of names) {
    if (!(MAZE_KINDS as readonly string[]).includes(name)) {
      throw new InvalidInputError(`--kind: unknown maze kind ${JSON.stringify(name)}; expected all or a list of ${MAZE_KINDS.join(', ')}`, { field: '--kind' });
    }
  }
  return names as MazeKind[];
}

function parseSize(value: string | boolean | undefined): [number, number] {
  const text = typeof value === 'string' ? value : String(MAZE_MAX_SIDE);
  const m = /^(\d+)(?:x(\d+))?$/i.exec(text.trim());
  const rows = Number(m?.[1]);
  const cols = Number(m?.[2] ?? m?.[1]);
  const side = (n: number) => n >= MAZE_MIN_SIDE && n <= MAZE_MAX_SIDE;
  if (m === null || !side(rows) || !side(cols)) {
    throw new InvalidInputError(`--size must be R or RxC with sides ${MAZE_MIN_SIDE}..${MAZE_MAX_SIDE}, or a range A-B with --kind (got "${text}")`, {
      field: '--size',
    });
  }
  return [rows, cols];
}

const mazeBuilder: DataBuilder = {
  name: maze.task,
  summary: 'generated mazes with their shortest paths',
  line: '{"rows", "cols", "puzzle": [rows], "solution": [rows, path as o], "pathLength", "seed"}',
  unit: 'puzzles',
  options: {
    size: {
      type: 'string',
      value: 'R[xC]|A-B',
      description: `rows x columns, ${MAZE_MIN_SIDE}..${MAZE_MAX_SIDE}; with --kind also A-B: each side drawn from A..B, half of the mazes square`,
      default: String(MAZE_MAX_SIDE),
    },
    kind: {
      type: 'string',
      value: 'K[,K...]|all',
      description: `maze generators mixed at random (${MAZE_KINDS.join(', ')}); labels mark the canonical shortest path (first move up, down, left, right that gets closer to G)`,
    },
    'min-path': { type: 'string', value: 'L', description: 'shortest path of at least L steps', default: '110 scaled to the area' },
    'unique-path': {
      type: 'boolean',
      description: 'only mazes with exactly one shortest path (for training: the label marks one path, and a tie is a coin flip the model cannot learn)',
    },
  },
  build(request) {
    const kinds = parseKinds(request.options.kind);
    const range = kinds === undefined ? null : parseSizeRange(request.options.size);
    const [rows, cols] = range === null ? parseSize(request.options.size) : range;
    const minPath = optionalPositiveInt(request.options['min-path'], '--min-path');
    const exclude = excludedKeys(request.exclude, (text, name) => keysOfJsonLines(text, name, mazeRecordKey));
    const { records, summary } = buildMazeData({
      count: request.count,
      seed: request.seed,
      rows,
      cols,
      // with --kind, corridor mazes keep one shortest path unless told otherwise
      ...(request.options['unique-path'] === true || kinds === undefined ? { uniquePath: request.options['unique-path'] === true } : {}),
      exclude,
      ...(minPath === undefined ? {} : { minPath }),
      ...(kinds === undefined ? {} : { kinds }),
      ...(range === null ? {} : { sizeRange: range }),
    });
    return { lines: records.map((r) => JSON.stringify(r)), skipped: skippedReport(summary) };
  },
};

/** The maze task's data files (`TaskDefinition.data`). */
export const mazeData: TaskData<MazePuzzle, MazeSolution, string[]> = {
  formats:
    'JSON lines {"puzzle": [rows], "solution"?: [rows, path as o]} or ASCII mazes separated by blank lines (the exact solver supplies missing solutions)',
  read: readMazeData,
  target: (item, codec) => mazeToTokens(item.label, WALL, codec.tokens.canvas.rows),
  correct: (item, tokens, codec) => codec.verify(item.puzzle, codec.decode(tokens, item.puzzle)).ok,
  builder: mazeBuilder,
};
