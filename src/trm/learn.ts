/**
 * Teaching trm-router a new grid task from a file of examples: check every line before any
 * training, declare the task (its alphabet, largest grid and whether sizes match, read from the
 * data), split off a held-out part reproducibly, train a TRM with the Python tools
 * (`tools/train.py`, the CPU recipe `tools/configs/grid_cpu.py`), export it, and hand it back for
 * evaluation through the TypeScript runtime. The manifest then records the task, how it was
 * trained and what it scored on the held-out pairs.
 *
 * @example
 * const pairs = readPairs(await readFile('pairs.jsonl', 'utf8'), 'pairs.jsonl');
 * const plan = planLearning(pairs, { name: 'flip-rows', augment: 'none', seed: 0 });
 * await trainLearnedTask(plan, { out: 'models/flip-rows', minutes: 5, onProgress: console.log });
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InvalidInputError, SolverError } from '../core/errors.js';
import { PACKAGE_ROOT } from '../core/package-paths.js';
import { createRng } from '../core/random.js';
import type { Grid } from '../core/spec.js';
import { builtinTaskNames, findTask, learnedTaskSpecSchema } from '../tasks/index.js';
import type { LearnedTaskSpec } from '../tasks/index.js';
import { defaultPython, runPythonTool, shellCommand, toolFailure } from './python-tool.js';

/** One example: an input grid and the output the task makes of it (colours as integers). */
export interface GridPair {
  input: Grid;
  output: Grid;
  /** Line of the data file it came from (1-based). */
  line: number;
}

/** The examples of a data file, and the alphabet they are written in. */
export interface PairsFile {
  pairs: GridPair[];
  /** Characters the grids were written with (symbol i = colour i), when they were strings. */
  symbols?: string[];
}

/** Bad lines of a data file, each with its line number and why. */
export class PairsFileError extends InvalidInputError {
  readonly problems: readonly { line: number; message: string }[];
  constructor(file: string, problems: { line: number; message: string }[]) {
    const shown = problems.slice(0, 20).map((p) => `  line ${p.line}: ${p.message}`);
    const more = problems.length > shown.length ? [`  ... and ${problems.length - shown.length} more`] : [];
    super(`${file}: ${problems.length} bad line${problems.length === 1 ? '' : 's'}:\n${[...shown, ...more].join('\n')}`, {
      field: 'data',
      details: { file, problems: problems.slice(0, 100) },
    });
    this.problems = problems;
  }
}

const MAX_SIDE = 30;

/**
 * Reads a file of pairs: one JSON object per line, `{"input": grid, "output": grid}`, a grid
 * being an array of rows of integers 0..9 or an array of equal-length strings (one character
 * per cell); sizes up to 30x30 and may vary. Blank lines are skipped. Every bad line is
 * reported (line number, why) in one `PairsFileError`; nothing is half-read.
 *
 * @example
 * readPairs('{"input": ["#.", ".#"], "output": ["#o", "o#"]}\n', 'pairs.jsonl').symbols; // ['#', '.', 'o']
 */
export function readPairs(text: string, file: string): PairsFile {
  const problems: { line: number; message: string }[] = [];
  const raw: { input: unknown[]; output: unknown[]; line: number }[] = [];
  let kind: { strings: boolean; line: number } | undefined;
  text.split(/\r?\n/).forEach((source, i) => {
    const line = i + 1;
    if (source.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (error) {
      problems.push({ line, message: `not JSON (${(error as Error).message})` });
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      problems.push({ line, message: 'expected an object {"input": grid, "output": grid}' });
      return;
    }
    const record = value as Record<string, unknown>;
    const grids: unknown[][] = [];
    for (const key of ['input', 'output'] as const) {
      const grid = record[key];
      const why = gridProblem(grid);
      if (why !== null) {
        problems.push({ line, message: `${key}: ${why}` });
        return;
      }
      const strings = typeof (grid as unknown[])[0] === 'string';
      if (kind === undefined) kind = { strings, line };
      else if (kind.strings !== strings) {
        problems.push({
          line,
          message: `${key} is written as ${strings ? 'strings' : 'integers'}, but line ${kind.line} as ${kind.strings ? 'strings' : 'integers'}: use one notation for the whole file`,
        });
        return;
      }
      grids.push(grid as unknown[]);
    }
    raw.push({ input: grids[0] as unknown[], output: grids[1] as unknown[], line });
  });
  if (problems.length === 0 && raw.length === 0) problems.push({ line: 1, message: 'the file holds no pairs' });
  if (problems.length > 0) throw new PairsFileError(file, problems);
  if (kind?.strings !== true) {
    return { pairs: raw.map((r) => ({ input: r.input as Grid, output: r.output as Grid, line: r.line })) };
  }
  // symbols in order of first appearance: the background, usually first, becomes colour 0
  const symbols: string[] = [];
  const index = new Map<string, number>();
  const toGrid = (rows: unknown[]): Grid =>
    (rows as string[]).map((row) =>
      [...row].map((ch) => {
        let v = index.get(ch);
        if (v === undefined) {
          v = symbols.length;
          symbols.push(ch);
          index.set(ch, v);
        }
        return v;
      }),
    );
  const pairs = raw.map((r) => ({ input: toGrid(r.input), output: toGrid(r.output), line: r.line }));
  if (symbols.length > 30) throw new PairsFileError(file, [{ line: 1, message: `the grids use ${symbols.length} different characters; at most 30` }]);
  return { pairs, symbols };
}

/** Why `grid` is not a grid of the accepted notations, or `null`. */
function gridProblem(grid: unknown): string | null {
  if (!Array.isArray(grid)) return 'missing or not an array of rows';
  if (grid.length === 0) return 'has no rows';
  if (grid.length > MAX_SIDE) return `has ${grid.length} rows; at most ${MAX_SIDE}`;
  const strings = typeof grid[0] === 'string';
  let width = -1;
  for (let r = 0; r < grid.length; r++) {
    const row: unknown = grid[r];
    let cells: number;
    if (strings) {
      if (typeof row !== 'string') return `row ${r + 1} is not a string like row 1`;
      if (/\s/.test(row)) return `row ${r + 1} has a space: one visible character per cell`;
      cells = [...row].length;
    } else {
      if (!Array.isArray(row)) return `row ${r + 1} is not an array of integers`;
      const bad = row.findIndex((v) => !Number.isInteger(v) || (v as number) < 0 || (v as number) > 9);
      if (bad >= 0) return `row ${r + 1}, column ${bad + 1} is ${JSON.stringify(row[bad])}: colours are integers 0..9`;
      cells = row.length;
    }
    if (cells === 0) return `row ${r + 1} is empty`;
    if (cells > MAX_SIDE) return `row ${r + 1} has ${cells} cells; at most ${MAX_SIDE}`;
    if (width >= 0 && cells !== width) return `row ${r + 1} has ${cells} cells, row 1 has ${width}: rows must be equally long`;
    width = cells;
  }
  return null;
}

/** Which augmentations a user says keep the task's meaning. */
export const AUGMENT_CHOICES = ['none', 'dihedral', 'colours', 'both'] as const;
export type AugmentChoice = (typeof AUGMENT_CHOICES)[number];

export interface LearnOptions {
  name: string;
  /** One paragraph on what the transformation does (the tool's description). */
  description?: string;
  augment: AugmentChoice;
  /** Seed of the held-out split. */
  seed: number;
  /** Fraction of the pairs held out (default 0.1; at least 1 pair, at most 500). */
  heldOutFraction?: number;
}

/** What `learn` will train: the task's declaration and the two parts of the data. */
export interface LearningPlan {
  spec: LearnedTaskSpec;
  train: GridPair[];
  heldOut: GridPair[];
}

/**
 * Declares the task the pairs describe and splits them: the alphabet (colours 0..K-1, or the
 * characters used), the largest grid, whether every output has its input's size, and the
 * augmentations the user named; a reproducible held-out part. `InvalidInputError` for a name
 * that is taken or malformed, or too few pairs.
 *
 * @example
 * planLearning(readPairs(text, 'pairs.jsonl'), { name: 'fill-enclosed', augment: 'dihedral', seed: 0 }).spec.sameSize; // true
 */
export function planLearning(file: PairsFile, options: LearnOptions): LearningPlan {
  const { pairs } = file;
  if (builtinTaskNames().includes(options.name)) {
    throw new InvalidInputError(`${options.name} is a built-in task: choose another --name`, { field: '--name' });
  }
  const existing = findTask(options.name);
  if (existing !== undefined && existing.origin === 'builtin') {
    throw new InvalidInputError(`${options.name} is a built-in task: choose another --name`, { field: '--name' });
  }
  if (pairs.length < 2) throw new InvalidInputError(`Only ${pairs.length} pair: learning needs at least 2 (one to train on, one to check)`, { field: 'data' });
  const grids = pairs.flatMap((p) => [p.input, p.output]);
  const rows = Math.max(...grids.map((g) => g.length));
  const cols = Math.max(...grids.map((g) => g[0]?.length ?? 0));
  const colours = Math.max(2, 1 + Math.max(...grids.flatMap((g) => g.flat())));
  const sameSize = pairs.every((p) => p.input.length === p.output.length && p.input[0]?.length === p.output[0]?.length);
  const augmentations: ('dihedral' | 'colours')[] = options.augment === 'both' ? ['dihedral', 'colours'] : options.augment === 'none' ? [] : [options.augment];
  const description =
    options.description ??
    `A grid transformation learned from ${pairs.length} examples: input grids up to ${rows}x${cols}${sameSize ? ', output the same size as the input' : ''}.`;
  const parsed = learnedTaskSpecSchema.safeParse({
    name: options.name,
    description,
    maxGrid: { rows, cols },
    alphabet: file.symbols === undefined ? { colours } : { symbols: file.symbols },
    sameSize,
    augmentations,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path[0] === 'name' ? '--name' : issue?.path[0] === 'description' ? '--description' : 'data';
    throw new InvalidInputError(`${issue?.path.join('.') ?? 'task'}: ${issue?.message ?? 'invalid'}`, { field });
  }
  const order = createRng(options.seed).shuffle(pairs.map((_, i) => i));
  const held = Math.min(500, Math.max(1, Math.round(pairs.length * (options.heldOutFraction ?? 0.1))));
  const heldIds = new Set(order.slice(0, held));
  return {
    spec: parsed.data,
    train: pairs.filter((_, i) => !heldIds.has(i)),
    heldOut: pairs.filter((_, i) => heldIds.has(i)),
  };
}

/** Pairs as the JSON lines the Python tools and `trm-router eval` read (colours as integers). */
export function pairsJsonl(pairs: readonly GridPair[]): string {
  return pairs.map((p) => JSON.stringify({ input: p.input, output: p.output })).join('\n') + '\n';
}

/** One progress report of a training run (from `tools/train.py`'s log.jsonl). */
export type LearnProgress =
  | { kind: 'start'; parameters: number; trainPairs: number; budgetMin: number }
  | { kind: 'step'; step: number; loss: number; trainExact: number; elapsedMin: number; budgetMin: number }
  | { kind: 'eval'; step: number; heldOutExact: number; heldOutCell: number }
  | { kind: 'done'; step: number; elapsedMin: number };

export interface TrainOptions {
  /** The model folder to write (model.onnx, manifest.json, heldout/heldout.jsonl). */
  out: string;
  /** Minutes of training (the final evaluation and the export come after). */
  minutes: number;
  device: string;
  /** The Python interpreter with torch and onnx (default `/usr/bin/python3` when it exists, else `python3`). */
  python?: string;
  /** Where the checkpoint, the log and the data files go (default `<out>/training`). */
  workDir?: string;
  onProgress?: (progress: LearnProgress) => void;
  /** Stops the training (the process is killed). */
  signal?: AbortSignal;
}

/** The files a finished training run leaves. */
export interface TrainedModel {
  out: string;
  heldOutFile: string;
  /** The exact commands that trained and exported the model (recorded in the manifest). */
  commands: string[];
}

/**
 * Trains the plan's task with `tools/train.py` (the CPU recipe `tools/configs/grid_cpu.py`,
 * sized for a budget of minutes), reporting progress, then exports the model into `out` with
 * `tools/export_onnx.py` and writes the held-out pairs beside it (`heldout/heldout.jsonl`, as the shipped models keep theirs). Throws `SolverError` with
 * the tool's last output when Python or torch is missing or a tool fails.
 */
export async function trainLearnedTask(plan: LearningPlan, options: TrainOptions): Promise<TrainedModel> {
  const python = options.python ?? defaultPython();
  const out = resolve(options.out);
  const work = resolve(options.workDir ?? join(out, 'training'));
  const tools = join(PACKAGE_ROOT, 'tools');
  if (!existsSync(join(tools, 'train.py')))
    throw new SolverError(`The Python tools are missing (${tools}/train.py): learn needs the trm-router package's tools/ folder`);
  await mkdir(work, { recursive: true });
  const files = { spec: join(work, 'spec.json'), train: join(work, 'train.jsonl'), heldOut: join(out, 'heldout', 'heldout.jsonl') };
  await mkdir(join(out, 'heldout'), { recursive: true });
  await writeFile(files.spec, JSON.stringify(plan.spec, null, 2) + '\n');
  await writeFile(files.train, pairsJsonl(plan.train));
  await writeFile(files.heldOut, pairsJsonl(plan.heldOut));

  const trainArgs = [
    join(tools, 'train.py'),
    join(tools, 'configs', 'grid_cpu.py'),
    `--task_spec=${files.spec}`,
    `--train_file=${files.train}`,
    `--test_files=${files.heldOut}`,
    `--out_dir=${work}`,
    `--time_budget_min=${options.minutes}`,
    `--device=${options.device}`,
  ];
  const log = join(work, 'log.jsonl');
  const stopWatching = watchLog(log, options.onProgress);
  try {
    await runTool(python, trainArgs, options.signal);
  } finally {
    await stopWatching();
  }
  const exportArgs = [join(tools, 'export_onnx.py'), '--checkpoint', join(work, 'ckpt.pt'), '--out', out];
  await runTool(python, exportArgs, options.signal);
  return { out, heldOutFile: files.heldOut, commands: [shellCommand([python, ...trainArgs]), shellCommand([python, ...exportArgs])] };
}

/** Follows `tools/train.py`'s log.jsonl and reports each line; returns a function that stops (after a last read). */
function watchLog(path: string, onProgress: ((p: LearnProgress) => void) | undefined): () => Promise<void> {
  if (onProgress === undefined) return () => Promise.resolve();
  let offset = 0;
  let partial = '';
  const read = async (): Promise<void> => {
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch {
      return;
    }
    if (size < offset) offset = 0; // a fresh run starts the file anew
    if (size === offset) return;
    const text = (await readFile(path, 'utf8')).slice(offset);
    offset = size;
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const progress = progressOf(line);
      if (progress !== undefined) onProgress(progress);
    }
  };
  let reading = Promise.resolve();
  const timer = setInterval(() => {
    reading = reading.then(read, read);
  }, 500);
  return async () => {
    clearInterval(timer);
    await reading;
    await read();
  };
}

/** One log.jsonl line as progress (`undefined` for lines the user need not see). */
export function progressOf(line: string): LearnProgress | undefined {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const num = (key: string): number => (typeof v[key] === 'number' ? v[key] : 0);
  if (v.start === true) return { kind: 'start', parameters: num('parameters'), trainPairs: num('trainPuzzles'), budgetMin: num('budgetMin') };
  if (v.done === true) return { kind: 'done', step: num('step'), elapsedMin: num('elapsedMin') };
  const evaluation = v.eval ?? v.final; // periodic evaluations, then the final one
  if (evaluation !== undefined && typeof evaluation === 'object' && evaluation !== null) {
    const results = Object.values(evaluation as Record<string, { exact?: number; cell?: number }>);
    const first = results[0];
    return { kind: 'eval', step: num('step'), heldOutExact: first?.exact ?? 0, heldOutCell: first?.cell ?? 0 };
  }
  if (typeof v.loss === 'number' && typeof v.elapsedMin === 'number') {
    return { kind: 'step', step: num('step'), loss: num('loss'), trainExact: num('exact'), elapsedMin: num('elapsedMin'), budgetMin: num('budgetMin') };
  }
  return undefined;
}

/** Runs a Python tool; rejects with `SolverError` carrying its last lines of output. */
async function runTool(python: string, args: string[], signal: AbortSignal | undefined): Promise<void> {
  const run = await runPythonTool(python, args, { purpose: 'learn', mergeTail: true, ...(signal === undefined ? {} : { signal }) });
  if (run.code !== 0) throw toolFailure(args[0]?.split('/').pop() ?? 'tool', run.code, run.tail);
}
