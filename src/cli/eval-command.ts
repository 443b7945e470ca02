/**
 * `trm-router eval --model DIR --data FILE [--halt fixed|adaptive|verified] [--json]`
 *
 * Runs a model through the TS runtime on a data file and prints exact accuracy (answers the
 * task's verifier accepts), token-exact accuracy (every cell equals the label: the official
 * metric, stricter for mazes, whose walls, S and G must be copied too), cell accuracy, mean
 * supervision steps, halting precision (the Q head says halt and the answer is
 * right) and puzzles/s. `--record` writes the figures into the model's manifest: the accuracy
 * numbers in every shipped manifest come from this command.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { InvalidInputError } from '../core/index.js';
import { HALT_POLICIES, TrmEngine, haltingPolicy, loadModel } from '../trm/index.js';
import type { HaltPolicy, TrmAccuracy, TrmModel } from '../trm/index.js';
import { itemCodec, parseEvalData } from './eval-data.js';
import { chooseAdaptive, chooseHalting, formatCurves, haltingCurves, recordSteps } from './halting-curves.js';
import type { CurvePoint } from './halting-curves.js';
import type { EvalItem } from './eval-data.js';
import type { CliIo } from './io.js';
import { EXIT, optionalPositiveInt, reportCommandError } from './io.js';

export const EVAL_USAGE = `Usage: trm-router eval --model DIR --data FILE [options]

Evaluates a TRM model on FILE (JSONL from "trm-router data", one Sudoku per line with an
optional solution, or blank-line-separated ASCII mazes; the exact solver supplies missing
solutions) through the TypeScript runtime.

Options:
  --halt fixed|adaptive|verified  halting policy (default: fixed, as the official evaluation)
  --max-steps N         cap on supervision steps (default: the model's maximum)
  --threshold X         q_halt logit threshold for adaptive halting (default: the manifest's,
                        chosen from the curves, else 0)
  --limit N             evaluate the first N puzzles only
  --batch N             most puzzles per ORT call (default 64)
  --dataset NAME        name of the data set in the report (default: the file name)
  --curves              measure every halting policy in one pass (fixed 1..max steps, adaptive
                        at several q_halt thresholds, verified) and pick the default: the fewest
                        mean steps within half a point of the best accuracy, and by the same
                        rule the q_halt threshold for adaptive halting
  --record              write the result into the model's manifest.json (accuracy list; with
                        --curves, the chosen default halting policy)
  --json                print the result as JSON
  -h, --help            this help`;

export interface EvalResult {
  model: string;
  dataset: string;
  puzzles: number;
  halt: HaltPolicy;
  maxSteps: number;
  threshold: number;
  /** answers the task's verifier accepts (Sudoku: the solution; maze: a shortest S-G path) */
  exact: number;
  /** every cell equal to the label (the official metric; for mazes also walls, S and G copied) */
  tokenExact: number;
  cell: number;
  meanSteps: number;
  haltPrecision: number | null;
  haltSaid: number;
  puzzlesPerSecond: number;
  seconds: number;
}

export interface EvalOptions {
  halt: HaltPolicy;
  maxSteps?: number;
  threshold?: number;
  batch?: number;
  dataset: string;
  onProgress?: (done: number, total: number) => void;
}

/** Evaluates `model` on `items`. */
export async function evaluateModel(model: TrmModel, items: EvalItem[], options: EvalOptions): Promise<EvalResult> {
  const m = model.manifest;
  const maxSteps = options.maxSteps ?? m.recursion.haltMaxSteps;
  const threshold = options.threshold ?? m.halting?.threshold ?? 0;
  const stop = haltingPolicy(options.halt, { maxSteps, threshold });
  const engine = new TrmEngine(model, { maxBatch: options.batch ?? 64 });
  const codec = itemCodec(model);
  let done = 0;
  let exact = 0;
  let tokenExact = 0;
  let cellsRight = 0;
  let cells = 0;
  let steps = 0;
  let haltSaid = 0;
  let haltRight = 0;
  const started = performance.now();
  await Promise.all(
    items.map(async (item) => {
      if (item.task !== m.task) throw new InvalidInputError(`data is ${item.task}, model ${m.name} is ${m.task}`, { field: '--data' });
      const r = await engine.run({ inputs: codec.encode(item), stop, verify: (tokens) => codec.correct(item, tokens) });
      const right = r.verified === true;
      if (right) exact++;
      const target = codec.target(item);
      let wrong = 0;
      for (let j = 0; j < target.length; j++) {
        if (target[j] === 0) continue;
        cells++;
        if (r.tokens[j] === target[j]) cellsRight++;
        else wrong++;
      }
      if (wrong === 0) tokenExact++;
      steps += r.steps;
      if (r.qHalt > threshold) {
        haltSaid++;
        if (right) haltRight++;
      }
      options.onProgress?.(++done, items.length);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const n = items.length;
  return {
    model: m.name,
    dataset: options.dataset,
    puzzles: n,
    halt: options.halt,
    maxSteps,
    threshold,
    exact: exact / n,
    tokenExact: tokenExact / n,
    cell: cells === 0 ? 0 : cellsRight / cells,
    meanSteps: steps / n,
    haltPrecision: haltSaid === 0 ? null : haltRight / haltSaid,
    haltSaid,
    puzzlesPerSecond: n / seconds,
    seconds,
  };
}

/** A bar redrawn in place on a terminal; in a log, one line per 10%. */
function progressBar(io: CliIo): (done: number, total: number) => void {
  const tty = io.stderrIsTTY === true;
  let last = -1;
  return (done, total) => {
    const pct = Math.floor((done / total) * (tty ? 100 : 10));
    if (pct === last && done !== total) return;
    last = pct;
    const width = 30;
    const filled = Math.round((done / total) * width);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
    io.stderr(tty ? `\r${bar}${done === total ? '\n' : ''}` : `${bar}\n`);
  };
}

export function formatEval(r: EvalResult): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return [
    `model              ${r.model}`,
    `data               ${r.dataset} (${r.puzzles} puzzles)`,
    `halting            ${r.halt}${r.halt === 'adaptive' ? ` (q_halt > ${r.threshold})` : ''}, max ${r.maxSteps} steps`,
    `exact accuracy     ${pct(r.exact)}`,
    `token-exact        ${pct(r.tokenExact)} (every cell equals the label)`,
    `cell accuracy      ${pct(r.cell)}`,
    `mean steps         ${r.meanSteps.toFixed(2)}`,
    `halting precision  ${r.haltPrecision === null ? 'n/a (the Q head never said halt)' : `${pct(r.haltPrecision)} of ${r.haltSaid} halts`}`,
    `puzzles/s          ${r.puzzlesPerSecond.toFixed(1)} (${r.seconds.toFixed(1)} s)`,
  ].join('\n');
}

/** Adds or replaces (same dataset and halting) the result in the model's manifest. */
async function record(dir: string, r: EvalResult, command: string): Promise<void> {
  const path = join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  const entry: TrmAccuracy = {
    dataset: r.dataset,
    puzzles: r.puzzles,
    exact: round(r.exact),
    tokenExact: round(r.tokenExact),
    cell: round(r.cell),
    meanSteps: round(r.meanSteps),
    halt: r.halt === 'adaptive' ? `adaptive(q_halt>${r.threshold}, max ${r.maxSteps})` : `${r.halt}(max ${r.maxSteps})`,
    haltPrecision: r.haltPrecision === null ? null : round(r.haltPrecision),
    command,
  };
  const previous = manifest.accuracy;
  const list = (Array.isArray(previous) ? previous : previous === null || previous === undefined ? [] : [previous]) as TrmAccuracy[];
  const kept = list.filter((a) => !(a.dataset === entry.dataset && a.halt === entry.halt));
  manifest.accuracy = [...kept, entry];
  manifest.accuracyNote = null;
  await writeFile(path, JSON.stringify(manifest, null, 2) + '\n');
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** Records the chosen default halting policy in the manifest. */
async function recordHalting(dir: string, chosen: CurvePoint, adaptive: CurvePoint | undefined, dataset: string, puzzles: number): Promise<void> {
  const path = join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  const recursion = manifest.recursion as { haltMaxSteps: number };
  const threshold = chosen.policy === 'adaptive' ? chosen : adaptive;
  manifest.halting = {
    policy: chosen.policy,
    maxSteps: chosen.policy === 'fixed' ? chosen.parameter : recursion.haltMaxSteps,
    ...(threshold === undefined ? {} : { threshold: threshold.parameter }),
    chosenOn: { dataset, puzzles, exact: round(chosen.exact), meanSteps: round(chosen.meanSteps) },
    ...(threshold === undefined
      ? {}
      : { adaptiveOn: { threshold: threshold.parameter, exact: round(threshold.exact), meanSteps: round(threshold.meanSteps) } }),
    rule: 'fewest mean steps within 0.5 point of the best exact accuracy (trm-router eval --curves)',
  };
  await writeFile(path, JSON.stringify(manifest, null, 2) + '\n');
}

export async function runEvalCommand(argv: string[], io: CliIo, config: Config): Promise<number> {
  let json = argv.includes('--json');
  try {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        model: { type: 'string' },
        data: { type: 'string' },
        halt: { type: 'string', default: 'fixed' },
        'max-steps': { type: 'string' },
        threshold: { type: 'string' },
        limit: { type: 'string' },
        batch: { type: 'string' },
        dataset: { type: 'string' },
        record: { type: 'boolean', default: false },
        curves: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    json = values.json;
    if (values.help) {
      io.stdout(EVAL_USAGE + '\n');
      return EXIT.ok;
    }
    if (values.model === undefined) throw new InvalidInputError('--model DIR is required', { field: '--model' });
    if (values.data === undefined) throw new InvalidInputError('--data FILE is required', { field: '--data' });
    const halt = values.halt as HaltPolicy;
    if (!HALT_POLICIES.includes(halt)) throw new InvalidInputError(`--halt must be ${HALT_POLICIES.join(', ')} (got "${values.halt}")`, { field: '--halt' });
    const threshold = values.threshold === undefined ? undefined : Number(values.threshold);
    if (threshold !== undefined && !Number.isFinite(threshold)) throw new InvalidInputError('--threshold must be a number', { field: '--threshold' });
    const model = await loadModel(values.model, { threads: config.threads });
    let items = parseEvalData(await io.readFile(values.data), model.manifest.task);
    const limit = optionalPositiveInt(values.limit, '--limit');
    if (limit !== undefined) items = items.slice(0, limit);
    if (items.length === 0) throw new InvalidInputError(`${values.data} holds no puzzles`, { field: '--data' });
    const maxSteps = optionalPositiveInt(values['max-steps'], '--max-steps');
    const batch = optionalPositiveInt(values.batch, '--batch');
    const dataset = values.dataset ?? basename(values.data);
    if (values.curves) {
      const records = await recordSteps(model, items, {
        onProgress: json ? undefined : progressBar(io),
        ...(maxSteps === undefined ? {} : { maxSteps }),
        ...(batch === undefined ? {} : { batch }),
      });
      const points = haltingCurves(records);
      const chosen = chooseHalting(points);
      const adaptive = chooseAdaptive(points);
      if (values.record) await recordHalting(values.model, chosen, adaptive, dataset, records.length);
      io.stdout(
        json
          ? JSON.stringify({ model: model.name, dataset, puzzles: records.length, points, chosen, adaptive }) + '\n'
          : `${model.name} on ${dataset} (${records.length} puzzles)\n${formatCurves(points, chosen, adaptive)}\n`,
      );
      return EXIT.ok;
    }
    const result = await evaluateModel(model, items, {
      halt,
      dataset,
      onProgress: json ? undefined : progressBar(io),
      ...(maxSteps === undefined ? {} : { maxSteps }),
      ...(threshold === undefined ? {} : { threshold }),
      ...(batch === undefined ? {} : { batch }),
    });
    if (values.record) {
      const command = ['trm-router eval', ...argv.filter((a) => a !== '--record' && a !== '--json')].join(' ');
      await record(values.model, result, command);
    }
    io.stdout(json ? JSON.stringify(result) + '\n' : formatEval(result) + '\n');
    return EXIT.ok;
  } catch (error) {
    return reportCommandError(io, 'eval', error, json);
  }
}
