/**
 * Sudoku data files: what `trm-router eval` reads and `trm-router data sudoku` writes.
 * - read: JSON lines (`{"puzzle": "<81 chars>", "solution"?: "<81 digits>"}`), or one puzzle per
 *   line optionally followed by its solution (space, comma or tab); the exact solver supplies a
 *   missing solution; the label tokens are the solution's.
 * - build: generated puzzles with their solutions, reproducible by seed, none equal (up to the
 *   trainer's augmentations, see `sudokuKey`) to a puzzle of an `--exclude` file.
 *
 * @example
 * const items = sudokuData.read(text);
 * const { records } = buildSudokuData({ count: 10, seed: 1, givens: [26, 40] });
 */
import { InvalidInputError, SolverError } from '../../core/errors.js';
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
import { sudoku } from './codec.js';
import { encodeSudoku } from './encode.js';
import { generateSudoku } from './generate.js';
import type { SudokuGrid } from './grid.js';
import { solveSudoku } from './solve.js';

// -----------------------------------------------------------------------------
// reading

function sudokuItem(puzzleText: unknown, solutionText: unknown, line: number): TaskDataItem<SudokuGrid, SudokuGrid> {
  let puzzle: SudokuGrid;
  try {
    puzzle = sudoku.parse(puzzleText);
  } catch (error) {
    throw dataLineError(line, (error as Error).message, error);
  }
  if (puzzle.size !== 9) throw dataLineError(line, 'TRM Sudoku models are 9x9');
  let solution: SudokuGrid;
  try {
    solution = solutionText === undefined ? solveSudoku(puzzle).solution : sudoku.parse(solutionText);
  } catch (error) {
    throw dataLineError(line, `the given solution is wrong: ${(error as Error).message}`, error);
  }
  const check = sudoku.verify(puzzle, solution);
  if (!check.ok) throw dataLineError(line, `the given solution is wrong: ${check.problems[0]?.message ?? ''}`);
  return { puzzle, label: solution };
}

function readSudokuData(text: string): TaskDataItem<SudokuGrid, SudokuGrid>[] {
  if (isJsonLines(text)) return readJsonLines(text, (record, line) => sudokuItem(record.puzzle, record.solution, line));
  const items: TaskDataItem<SudokuGrid, SudokuGrid>[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const l = raw.trim();
    if (l === '' || l.startsWith('#')) return;
    const fields = l.split(/[\s,;]+/).filter((f) => /^[0-9.]{81}$/.test(f));
    if (fields.length === 0) throw dataLineError(i + 1, 'expected an 81-character puzzle');
    items.push(sudokuItem(fields[0], fields[1], i + 1));
  });
  return items;
}

// -----------------------------------------------------------------------------
// the canonical key: equal for a puzzle and all of its training augmentations

const BOX_OF = Array.from({ length: 81 }, (_, i) => 3 * Math.floor(i / 27) + Math.floor((i % 9) / 3));

/**
 * A key that is equal for a Sudoku and every copy the trainer can make of it: digit
 * relabelling, transpose, band / row-within-band and stack / column-within-stack permutations.
 *
 * Each given is described by numbers those operations only move around: the givens in its row,
 * column and box, the givens of its digit in the grid, in its band and in its stack (digits
 * enter only through "same digit", so relabelling cannot change them; a row or band shuffle
 * permutes rows inside the same boxes). The sorted list of descriptors is invariant under
 * everything but transpose, which swaps row with column and band with stack; the key is the
 * smaller of the two readings. Equivalent puzzles always share the key, so exclusion is
 * complete; two inequivalent puzzles could share it too (the check is conservative and then
 * drops a puzzle it did not have to), which the 6 counts per given make rare.
 *
 * @example
 * sudokuKey(cells) === sudokuKey(transposed(relabelled(cells))); // true
 */
export function sudokuKey(cells: readonly number[]): string {
  const rows = new Array<number>(9).fill(0);
  const cols = new Array<number>(9).fill(0);
  const boxes = new Array<number>(9).fill(0);
  const digit = new Array<number>(10).fill(0);
  const inBand = new Array<number>(30).fill(0); // [band * 10 + digit]
  const inStack = new Array<number>(30).fill(0);
  cells.forEach((d, i) => {
    if (d === 0) return;
    const r = Math.floor(i / 9);
    const c = i % 9;
    rows[r]!++;
    cols[c]!++;
    boxes[BOX_OF[i]!]!++;
    digit[d]!++;
    inBand[Math.floor(r / 3) * 10 + d]!++;
    inStack[Math.floor(c / 3) * 10 + d]!++;
  });
  const plain: string[] = [];
  const transposed: string[] = [];
  cells.forEach((d, i) => {
    if (d === 0) return;
    const r = Math.floor(i / 9);
    const c = i % 9;
    const [rg, cg, bg, dg] = [rows[r]!, cols[c]!, boxes[BOX_OF[i]!]!, digit[d]!];
    const [db, ds] = [inBand[Math.floor(r / 3) * 10 + d]!, inStack[Math.floor(c / 3) * 10 + d]!];
    plain.push(`${rg}${cg}${bg}${dg}${db}${ds}`);
    transposed.push(`${cg}${rg}${bg}${dg}${ds}${db}`);
  });
  const a = plain.sort().join('');
  const b = transposed.sort().join('');
  return a < b ? a : b;
}

/** The key of one JSON record (`{"puzzle": "<81 chars>"}`); `where` names it in errors. */
export function sudokuRecordKey(record: Record<string, unknown>, where = 'record'): string {
  const text = record.puzzle;
  if (typeof text !== 'string' || !/^[.0-9]{81}$/.test(text)) {
    throw new InvalidInputError(`${where}: "puzzle" must be 81 characters of 1-9 and . or 0`, { field: '--exclude' });
  }
  return sudokuKey([...text].map((ch) => (ch === '.' ? 0 : Number(ch))));
}

// -----------------------------------------------------------------------------
// building

export interface SudokuDataOptions {
  count: number;
  seed: number;
  /** Givens per puzzle, uniform in the range (default 26-40). */
  givens?: [number, number];
  /** Full grids the generator may try per puzzle (default 2000). */
  maxAttempts?: number;
  /** Keys (`sudokuKey`) of puzzles that must not appear. */
  exclude?: ReadonlySet<string>;
}

/** One line of a Sudoku data file. */
export interface SudokuRecord {
  puzzle: string;
  solution: string;
  givens: number;
  nodes: number;
  seed: number;
}

function sudokuRecord(rng: Rng, givensRange: [number, number], maxAttempts: number): SudokuRecord | null {
  const [lo, hi] = givensRange;
  const givens = lo + rng.int(hi - lo + 1);
  const seed = rng.int(2 ** 32);
  try {
    const g = generateSudoku({ givens, seed, maxAttempts });
    const text = (cells: readonly number[]): string => cells.map((d) => (d === 0 ? '.' : String(d))).join('');
    return { puzzle: text(g.puzzle.cells), solution: text(g.solution.cells), givens, nodes: g.difficulty.nodes, seed };
  } catch (error) {
    if (error instanceof SolverError) return null; // this seed cannot reach `givens`: draw another
    throw error;
  }
}

/**
 * `count` generated puzzles with their solutions, skipping excluded ones and duplicates (by
 * `sudokuKey`); they depend only on the options.
 */
export function buildSudokuData(options: SudokuDataOptions): { records: SudokuRecord[]; summary: DrawSummary } {
  const givens = options.givens ?? [26, 40];
  const maxAttempts = options.maxAttempts ?? 2000;
  return drawDistinct({
    count: options.count,
    seed: options.seed,
    draw: (rng) => sudokuRecord(rng, givens, maxAttempts),
    key: (record) => sudokuRecordKey({ ...record }),
    ...(options.exclude === undefined ? {} : { exclude: options.exclude }),
  });
}

function parseGivens(value: string | boolean | undefined): [number, number] {
  const text = typeof value === 'string' ? value : '26-40';
  const m = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  const lo = Number(m?.[1]);
  const hi = Number(m?.[2] ?? m?.[1]);
  if (m === null || lo < 17 || hi > 81 || lo > hi) {
    throw new InvalidInputError(`--givens must be A-B with 17 <= A <= B <= 81 (got "${text}")`, { field: '--givens' });
  }
  return [lo, hi];
}

const sudokuBuilder: DataBuilder = {
  name: sudoku.task,
  summary: 'generated Sudoku puzzles with their solutions',
  line: '{"puzzle": "<81 chars, . blank>", "solution": "<81 digits>", "givens", "nodes", "seed"}',
  unit: 'puzzles',
  options: {
    givens: { type: 'string', value: 'A-B', description: 'givens per puzzle, uniform in A..B (A >= 17)', default: '26-40' },
    'max-attempts': { type: 'string', value: 'N', description: 'full grids the generator may try per puzzle', default: '2000' },
  },
  build(request) {
    const givens = parseGivens(request.options.givens);
    const maxAttempts = optionalPositiveInt(request.options['max-attempts'], '--max-attempts') ?? 2000;
    const exclude = excludedKeys(request.exclude, (text, name) => keysOfJsonLines(text, name, sudokuRecordKey));
    const { records, summary } = buildSudokuData({ count: request.count, seed: request.seed, givens, maxAttempts, exclude });
    return { lines: records.map((r) => JSON.stringify(r)), skipped: skippedReport(summary) };
  },
};

/** The Sudoku task's data files (`TaskDefinition.data`). */
export const sudokuData: TaskData<SudokuGrid, SudokuGrid, SudokuGrid> = {
  formats:
    'JSON lines {"puzzle", "solution"?} or one 81-character puzzle per line, optionally followed by its solution (the exact solver supplies missing ones)',
  read: readSudokuData,
  target: (item) => encodeSudoku(item.label),
  correct: (item, tokens, codec) => codec.verify(item.puzzle, codec.decode(tokens, item.puzzle)).ok,
  builder: sudokuBuilder,
};
