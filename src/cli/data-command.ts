/**
 * `trm-router data sudoku|maze --count N --seed S [--out FILE] [--exclude FILE]...`
 *
 * Builds a training or test set for `tools/train.py` with the task generators: one puzzle per
 * line (JSONL), reproducible by seed. `--exclude` keeps out every puzzle of another file up to
 * the task's augmentations (see `sudokuKey` and `mazeKey`), so a test set stays unseen even
 * by a model trained on augmented copies.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { InvalidInputError, SolverError } from '../core/index.js';
import { createRng } from '../core/index.js';
import type { Rng } from '../core/index.js';
import { generateMaze, solvedMazeRows } from '../tasks/maze/index.js';
import { generateSudoku } from '../tasks/sudoku/index.js';
import type { CliIo } from './io.js';
import { EXIT, exitCodeFor, formatError, optionalPositiveInt, requiredPositiveInt } from './io.js';

export const DATA_USAGE = `Usage: trm-router data sudoku|maze --count N [options]

Writes N generated puzzles with their solutions as JSON lines, reproducible by --seed.
  sudoku: {"puzzle": "<81 chars, . blank>", "solution": "<81 digits>", "givens", "nodes", "seed"}
  maze:   {"rows", "cols", "puzzle": [rows], "solution": [rows, path as o], "pathLength", "seed"}

Options:
  --count N            puzzles to write (required)
  --seed S             seed of the whole file (default 1)
  --out FILE           output file (default: standard output)
  --exclude FILE       a JSONL file of the same task whose puzzles must not appear, also not
                       as an augmented copy (repeatable)
  sudoku:
  --givens A-B         givens per puzzle, uniform in A..B (default 26-40; A >= 17)
  --max-attempts N     full grids the generator may try per puzzle (default 2000)
  maze:
  --size R[xC]         rows x columns, 2..30 (default 30)
  --min-path L         shortest path of at least L steps (default 110 scaled to the area)
  --unique-path        only mazes with exactly one shortest path (for training: the label marks
                       one path, and a tie is a coin flip the model cannot learn)
  -h, --help           this help

Exit status: 0 written, 2 bad usage or input file, 1 any other failure.`;

export type DataTask = 'sudoku' | 'maze';

/** One line of a data file. */
export type DataRecord = Record<string, unknown>;

// -----------------------------------------------------------------------------
// canonical forms: equal for a puzzle and all of its training augmentations

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

function sudokuCells(text: unknown, where: string): number[] {
  if (typeof text !== 'string' || !/^[.0-9]{81}$/.test(text)) {
    throw new InvalidInputError(`${where}: "puzzle" must be 81 characters of 1-9 and . or 0`, { field: '--exclude' });
  }
  return [...text].map((ch) => (ch === '.' ? 0 : Number(ch)));
}

function mazeRows(rows: unknown, where: string): string[] {
  if (!Array.isArray(rows) || rows.length === 0 || !rows.every((r) => typeof r === 'string')) {
    throw new InvalidInputError(`${where}: "puzzle" must be an array of row strings`, { field: '--exclude' });
  }
  return rows;
}

/** The canonical key of one data record of `task`. */
export function recordKey(task: DataTask, record: DataRecord, where = 'record'): string {
  return task === 'sudoku' ? sudokuKey(sudokuCells(record.puzzle, where)) : mazeKey(mazeRows(record.puzzle, where));
}

/** Keys of every puzzle in a JSONL text (blank lines skipped). */
export function keysOfJsonl(task: DataTask, text: string, name: string): Set<string> {
  const keys = new Set<string>();
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${name} line ${i + 1}`;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      throw new InvalidInputError(`${where} is not JSON`, { field: '--exclude', cause: error });
    }
    if (typeof record !== 'object' || record === null) {
      throw new InvalidInputError(`${where} is not a JSON object`, { field: '--exclude' });
    }
    keys.add(recordKey(task, record as DataRecord, where));
  });
  return keys;
}

// -----------------------------------------------------------------------------
// generation

interface SudokuOptions {
  givens: [number, number];
  maxAttempts: number;
}

interface MazeOptions {
  rows: number;
  cols: number;
  minPath: number | undefined;
  uniquePath: boolean;
}

function sudokuRecord(rng: Rng, o: SudokuOptions): DataRecord | null {
  const [lo, hi] = o.givens;
  const givens = lo + rng.int(hi - lo + 1);
  const seed = rng.int(2 ** 32);
  try {
    const g = generateSudoku({ givens, seed, maxAttempts: o.maxAttempts });
    const text = (cells: readonly number[]): string => cells.map((d) => (d === 0 ? '.' : String(d))).join('');
    return { puzzle: text(g.puzzle.cells), solution: text(g.solution.cells), givens, nodes: g.difficulty.nodes, seed };
  } catch (error) {
    if (error instanceof SolverError) return null; // this seed cannot reach `givens`: draw another
    throw error;
  }
}

function mazeRecord(rng: Rng, o: MazeOptions): DataRecord {
  const seed = rng.int(2 ** 32);
  const g = generateMaze({
    rows: o.rows,
    cols: o.cols,
    seed,
    uniquePath: o.uniquePath,
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

export interface BuildSummary {
  written: number;
  excluded: number;
  duplicates: number;
  failed: number;
}

/**
 * Generates `count` records, skipping puzzles whose key is in `exclude` or already written.
 * The records depend only on the options and `seed`.
 */
export function buildData(
  task: DataTask,
  count: number,
  seed: number,
  options: SudokuOptions | MazeOptions,
  exclude: ReadonlySet<string> = new Set(),
): { records: DataRecord[]; summary: BuildSummary } {
  const rng = createRng(seed);
  const seen = new Set<string>();
  const records: DataRecord[] = [];
  const summary: BuildSummary = { written: 0, excluded: 0, duplicates: 0, failed: 0 };
  const maxDraws = 10 * count + 100;
  for (let draw = 0; records.length < count; draw++) {
    if (draw >= maxDraws) {
      throw new SolverError(
        `Gave up after ${draw} draws with ${records.length} of ${count} puzzles ` +
          `(${summary.excluded} excluded, ${summary.duplicates} duplicates, ${summary.failed} failed); ` +
          'widen the options or lower --count',
        { details: { ...summary } },
      );
    }
    const record =
      task === 'sudoku' ? sudokuRecord(rng, options as SudokuOptions) : mazeRecord(rng, options as MazeOptions);
    if (record === null) {
      summary.failed++;
      continue;
    }
    const key = recordKey(task, record);
    if (exclude.has(key)) summary.excluded++;
    else if (seen.has(key)) summary.duplicates++;
    else {
      seen.add(key);
      records.push(record);
    }
  }
  summary.written = records.length;
  return { records, summary };
}

// -----------------------------------------------------------------------------
// the command

function parseRange(text: string): [number, number] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  const lo = Number(m?.[1]);
  const hi = Number(m?.[2] ?? m?.[1]);
  if (m === null || lo < 17 || hi > 81 || lo > hi) {
    throw new InvalidInputError(`--givens must be A-B with 17 <= A <= B <= 81 (got "${text}")`, { field: '--givens' });
  }
  return [lo, hi];
}

function parseSize(text: string): [number, number] {
  const m = /^(\d+)(?:x(\d+))?$/i.exec(text.trim());
  const rows = Number(m?.[1]);
  const cols = Number(m?.[2] ?? m?.[1]);
  if (m === null || rows < 2 || rows > 30 || cols < 2 || cols > 30) {
    throw new InvalidInputError(`--size must be R or RxC with sides 2..30 (got "${text}")`, { field: '--size' });
  }
  return [rows, cols];
}

/** Runs the command; returns the exit status. Never throws. */
export async function runDataCommand(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        count: { type: 'string' },
        seed: { type: 'string', default: '1' },
        out: { type: 'string' },
        exclude: { type: 'string', multiple: true, default: [] },
        givens: { type: 'string', default: '26-40' },
        'max-attempts': { type: 'string' },
        size: { type: 'string', default: '30' },
        'min-path': { type: 'string' },
        'unique-path': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      io.stdout(DATA_USAGE + '\n');
      return EXIT.ok;
    }
    const task = positionals[0];
    if (positionals.length !== 1 || (task !== 'sudoku' && task !== 'maze')) {
      throw new InvalidInputError('Expected one task: sudoku or maze', { field: 'TASK' });
    }
    const count = requiredPositiveInt(values.count, '--count');
    const seed = Number(values.seed);
    if (!/^\d+$/.test(values.seed.trim()) || !Number.isSafeInteger(seed)) {
      throw new InvalidInputError(`--seed must be a non-negative integer (got "${values.seed}")`, { field: '--seed' });
    }
    const [rows, cols] = parseSize(values.size);
    const options: SudokuOptions | MazeOptions =
      task === 'sudoku'
        ? { givens: parseRange(values.givens), maxAttempts: optionalPositiveInt(values['max-attempts'], '--max-attempts') ?? 2000 }
        : {
            rows,
            cols,
            minPath: optionalPositiveInt(values['min-path'], '--min-path'),
            uniquePath: values['unique-path'],
          };
    const exclude = new Set<string>();
    for (const file of values.exclude) {
      for (const key of keysOfJsonl(task, await io.readFile(file), file)) exclude.add(key);
    }
    const { records, summary } = buildData(task, count, seed, options, exclude);
    const text = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
    if (values.out === undefined) io.stdout(text);
    else {
      try {
        await mkdir(dirname(values.out), { recursive: true });
        await writeFile(values.out, text, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        throw new InvalidInputError(`Cannot write ${values.out}: ${code}`, { field: '--out', cause: error });
      }
    }
    io.stderr(
      `${task}: wrote ${summary.written} puzzles${values.out === undefined ? '' : ` to ${values.out}`} ` +
        `(seed ${seed}; skipped ${summary.excluded} excluded, ${summary.duplicates} duplicates, ${summary.failed} failed seeds)\n`,
    );
    return EXIT.ok;
  } catch (error) {
    io.stderr(`trm-router data: ${formatError(error)}\n`);
    return exitCodeFor(error);
  }
}
