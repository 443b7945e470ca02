/**
 * Evaluating a model on a data file through the TypeScript runtime: exact accuracy (answers
 * the task's verifier accepts; for a learned task, which has none, the whole output grid
 * right), token-exact accuracy (every cell equals the label: the official metric, stricter for
 * mazes, whose walls, S and G must be copied too), cell accuracy, mean supervision steps,
 * halting precision (the Q head says halt and the answer is right) and puzzles/s; and writing
 * the figures into the model's manifest (`trm-router eval --record`: the accuracy numbers in
 * every shipped manifest come from it).
 *
 * @example
 * const model = await loadModel(dir);
 * const result = await evaluateModel(model, parseEvalData(text, model.manifest.task), { halt: 'fixed', dataset: 'test' });
 * console.log(formatEval(result));
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidInputError } from '../../core/index.js';
import { TrmEngine } from '../engine.js';
import type { TrmAccuracy } from '../manifest.js';
import type { TrmModel } from '../model.js';
import { codecForModel, explorations, runExplorations } from '../solver.js';
import { haltingPolicy } from '../stop.js';
import type { HaltPolicy } from '../stop.js';
import { evalCodec, modelTask } from './data.js';
import type { EvalItem } from './data.js';
import type { CurvePoint } from './halting-curves.js';
import { round, writeAccuracyEntry } from './record.js';

export interface EvalResult {
  model: string;
  dataset: string;
  puzzles: number;
  halt: HaltPolicy;
  maxSteps: number;
  threshold: number;
  /** exploration samples tried after a first answer that does not verify (0: none) */
  explore: number;
  /** samples run per puzzle (1 + the exploration each needed) */
  meanSamples: number;
  /** answers the task's verifier accepts (Sudoku: the solution; maze: a shortest S-G path; a learned task: the whole output grid) */
  exact: number;
  /** every cell equal to the label (the official metric; for mazes also walls, S and G copied) */
  tokenExact: number;
  cell: number;
  /** supervision steps per puzzle, every sample's counted */
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
  /** K more samples when the first does not verify: the task's symmetries, then noise (as `solve --explore`); token-exact and cell accuracy stay the first sample's */
  explore?: number;
  batch?: number;
  dataset: string;
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/** Evaluates `model` on `items`. */
export async function evaluateModel(model: TrmModel, items: EvalItem[], options: EvalOptions): Promise<EvalResult> {
  const m = model.manifest;
  const maxSteps = options.maxSteps ?? m.recursion.haltMaxSteps;
  const threshold = options.threshold ?? m.halting?.threshold ?? 0;
  if (options.halt === 'verified' && !modelTask(model).verifiable) {
    throw new InvalidInputError(`${m.task} answers cannot be verified, so the verified stop would stop on the label: use --halt fixed or adaptive`, {
      field: '--halt',
    });
  }
  const stop = haltingPolicy(options.halt, { maxSteps, threshold });
  const engine = new TrmEngine(model, { maxBatch: options.batch ?? 64 });
  const codec = evalCodec(model);
  const explore = options.explore ?? 0;
  if (explore > 0 && !modelTask(model).verifiable) {
    // a sample is kept because the verifier accepts it; without one, the label would choose it
    throw new InvalidInputError(`${m.task} answers cannot be verified, so no exploration sample can be chosen: drop --explore`, { field: '--explore' });
  }
  const taskCodec = explore > 0 ? codecForModel(modelTask(model).codec, model) : undefined;
  let samples = 0;
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
      const base = { inputs: codec.encode(item), stop, verify: (tokens: Int32Array) => codec.correct(item, tokens) };
      const r = await engine.run(base);
      let right = r.verified === true;
      samples++;
      if (!right && taskCodec !== undefined) {
        const more = await runExplorations(explorations(taskCodec, item.puzzle, explore, 0.1), engine, base);
        samples += more.length;
        steps += more.reduce((sum, s) => sum + s.run.steps, 0);
        right = more.some((s) => s.run.verified === true);
      }
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
    explore,
    meanSamples: samples / n,
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

/** The result as a table for people. */
export function formatEval(r: EvalResult): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return [
    `model              ${r.model}`,
    `data               ${r.dataset} (${r.puzzles} puzzles)`,
    `halting            ${r.halt}${r.halt === 'adaptive' ? ` (q_halt > ${r.threshold})` : ''}, max ${r.maxSteps} steps`,
    ...(r.explore === 0 ? [] : [`exploration        up to ${r.explore} more samples, ${r.meanSamples.toFixed(2)} per puzzle`]),
    `exact accuracy     ${pct(r.exact)}`,
    `token-exact        ${pct(r.tokenExact)} (every cell equals the label)`,
    `cell accuracy      ${pct(r.cell)}`,
    `mean steps         ${r.meanSteps.toFixed(2)}`,
    `halting precision  ${r.haltPrecision === null ? 'n/a (the Q head never said halt)' : `${pct(r.haltPrecision)} of ${r.haltSaid} halts`}`,
    `puzzles/s          ${r.puzzlesPerSecond.toFixed(1)} (${r.seconds.toFixed(1)} s)`,
  ].join('\n');
}

/**
 * Adds the result to the accuracy list of `dir/manifest.json` (replacing an entry of the same
 * dataset and halting), with the command that measured it; clears `accuracyNote`.
 */
export async function recordAccuracy(dir: string, r: EvalResult, command: string): Promise<void> {
  const entry: TrmAccuracy = {
    dataset: r.dataset,
    puzzles: r.puzzles,
    exact: round(r.exact),
    tokenExact: round(r.tokenExact),
    cell: round(r.cell),
    meanSteps: round(r.meanSteps),
    halt: haltLabel(r),
    haltPrecision: r.haltPrecision === null ? null : round(r.haltPrecision),
    command,
  };
  await writeAccuracyEntry(dir, entry, (a) => a.dataset === entry.dataset && a.halt === entry.halt);
}

/**
 * A halting setting as manifests record it: `verified(max 16)`, `adaptive(q_halt>2, max 8)`,
 * `verified(max 16, explore 7)`.
 */
export function haltLabel(r: Pick<EvalResult, 'halt' | 'threshold' | 'maxSteps' | 'explore'>): string {
  const explore = r.explore > 0 ? `, explore ${r.explore}` : '';
  return r.halt === 'adaptive' ? `adaptive(q_halt>${r.threshold}, max ${r.maxSteps}${explore})` : `${r.halt}(max ${r.maxSteps}${explore})`;
}

/** Records the chosen default halting policy (`chooseHalting`, `chooseAdaptive`) in `dir/manifest.json`. */
export async function recordHalting(
  dir: string,
  chosen: CurvePoint,
  adaptive: CurvePoint | undefined,
  dataset: string,
  puzzles: number,
  maxSteps?: number,
  explore?: number,
): Promise<void> {
  const path = join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  const recursion = manifest.recursion as { haltMaxSteps: number };
  const threshold = chosen.policy === 'adaptive' ? chosen : adaptive;
  manifest.halting = {
    policy: chosen.policy,
    // the cap the curves ran to (eval --max-steps), else the model's own
    maxSteps: chosen.policy === 'fixed' ? chosen.parameter : (maxSteps ?? recursion.haltMaxSteps),
    ...(threshold === undefined ? {} : { threshold: threshold.parameter }),
    // the default exploration (eval --curves --explore K): samples after a first answer that does not verify
    ...(explore === undefined || explore === 0 ? {} : { explore }),
    chosenOn: { dataset, puzzles, exact: round(chosen.exact), meanSteps: round(chosen.meanSteps) },
    ...(threshold === undefined
      ? {}
      : { adaptiveOn: { threshold: threshold.parameter, exact: round(threshold.exact), meanSteps: round(threshold.meanSteps) } }),
    rule: 'fewest mean steps within 0.5 point of the best exact accuracy (trm-router eval --curves)',
  };
  await writeFile(path, JSON.stringify(manifest, null, 2) + '\n');
}
