/**
 * Solving any parsed puzzle with the solver a caller chose (`exact`, `trm` or `auto`), the way
 * the CLI, the tool adapters and the gateway all do it: the TRM model comes from `model` or the
 * best one for the task in `modelsDir`; `auto` falls back to exact search when no model is
 * installed or its answer does not verify. ARC goes to an ARC model that was trained on the
 * task (there is no exact ARC solver).
 *
 * @example
 * const outcome = await solveParsed(parseTask(text), { solver: 'auto', modelsDir: 'models', threads: 0, trace: false, format: 'pretty' });
 * console.log(outcome.rendered, outcome.verified, outcome.provenance.solver);
 */
import { NotSupportedError, exactSolver } from '../core/index.js';
import type { Provenance, SolveOptions, SolveResult, TaskCodec, TaskName } from '../core/index.js';
import { getCodec } from '../tasks/index.js';
import type { AnyPuzzle } from '../tasks/index.js';
import type { ArcTask } from '../tasks/arc/index.js';
import { createArcTrmSolver } from './arc-solver.js';
import type { TraceStep } from './engine.js';
import { loadModel } from './model.js';
import { findModelForTask } from './registry.js';
import { createAutoSolver, createTrmSolver } from './solver.js';
import type { HaltPolicy } from './stop.js';

export const SOLVER_CHOICES = ['exact', 'trm', 'auto'] as const;
export type SolverChoice = (typeof SOLVER_CHOICES)[number];

/** What one solve produced: JSON-safe, the same shape the CLI prints with `--json`. */
export interface SolveOutcome {
  task: TaskName;
  solution: unknown;
  /** The solution printed by the task codec (`format`). */
  rendered: string;
  verified: boolean;
  provenance: Provenance;
  trace?: TraceStep[];
}

export interface SolveSettings {
  solver: SolverChoice;
  /** A TRM model folder; default: the best model for the task in `modelsDir`. */
  model?: string;
  modelsDir: string;
  /** Intra-op threads per ONNX Runtime session (0 = ORT's default). */
  threads: number;
  halt?: HaltPolicy;
  maxSteps?: number;
  /** K noisy recursions when the TRM answer fails verification. */
  explore?: number;
  trace: boolean;
  format: 'pretty' | 'line';
  timeoutMs?: number;
}

/**
 * Solves an already parsed puzzle with the chosen solver.
 * Throws `NotSupportedError` (no exact ARC solver, no model), `UnsolvableError`,
 * `ModelLoadError`, `TimeoutError`, `AbortedError`.
 */
export async function solveParsed(
  parsed: AnyPuzzle,
  settings: SolveSettings,
  options: { signal?: AbortSignal } = {},
): Promise<SolveOutcome> {
  const solveOptions: SolveOptions = {
    ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  switch (parsed.task) {
    case 'sudoku':
      return solveWith(getCodec('sudoku'), parsed.puzzle, settings, solveOptions);
    case 'maze':
      return solveWith(getCodec('maze'), parsed.puzzle, settings, solveOptions);
    case 'arc':
      return solveArc(parsed.puzzle, settings, solveOptions);
  }
}

async function solveArc(task: ArcTask, settings: SolveSettings, options: SolveOptions): Promise<SolveOutcome> {
  const codec = getCodec('arc');
  if (settings.solver === 'exact') {
    throw new NotSupportedError(`ARC has no exact solver: ${codec.exactUnavailable}`, { details: { task: 'arc' } });
  }
  const dir = settings.model ?? (await findModelForTask(settings.modelsDir, 'arc'))?.dir;
  if (dir === undefined) {
    throw new NotSupportedError(
      `No TRM model for ARC in ${settings.modelsDir}: ARC needs a model trained on the task (there is no exact ARC solver); an LLM can answer it instead`,
      { details: { task: 'arc', modelsDir: settings.modelsDir } },
    );
  }
  const solver = createArcTrmSolver(await loadModel(dir, { threads: settings.threads }), {
    ...(settings.halt === undefined ? {} : { halt: settings.halt }),
    ...(settings.maxSteps === undefined ? {} : { maxSteps: settings.maxSteps }),
  });
  const result = await solver.solve(task, options);
  return outcome('arc', result, (s) => codec.formatSolution(s, task, settings.format));
}

async function solveWith<P, S>(
  codec: TaskCodec<P, S>,
  puzzle: P,
  settings: SolveSettings,
  options: SolveOptions,
): Promise<SolveOutcome> {
  const render = (s: S) => codec.formatSolution(s, puzzle, settings.format);
  if (settings.solver === 'exact') return outcome(codec.task, await exactSolver(codec).solve(puzzle, options), render);
  const dir = settings.model ?? (await findModelForTask(settings.modelsDir, codec.task))?.dir;
  if (dir === undefined) {
    if (settings.solver === 'auto') {
      const result = await exactSolver(codec).solve(puzzle, options);
      return outcome(
        codec.task,
        { ...result, provenance: { ...result.provenance, fallbackFrom: [`trm (no ${codec.task} model in ${settings.modelsDir})`] } },
        render,
      );
    }
    throw new NotSupportedError(
      `No TRM model for ${codec.task} in ${settings.modelsDir}: pass --model PATH, or train/convert one with tools/`,
      { details: { task: codec.task, modelsDir: settings.modelsDir } },
    );
  }
  const model = await loadModel(dir, { threads: settings.threads });
  const trm = createTrmSolver(codec, model, {
    ...(settings.halt === undefined ? {} : { halt: settings.halt }),
    ...(settings.maxSteps === undefined ? {} : { maxSteps: settings.maxSteps }),
    ...(settings.explore === undefined ? {} : { explore: { k: settings.explore } }),
    trace: settings.trace,
  });
  const result = await (settings.solver === 'trm' ? trm : createAutoSolver(codec, trm)).solve(puzzle, options);
  return outcome(codec.task, result, render);
}

function outcome<S>(task: TaskName, result: SolveResult<S> & { trace?: TraceStep[] }, render: (s: S) => string): SolveOutcome {
  return {
    task,
    solution: result.solution,
    rendered: render(result.solution),
    verified: result.verified,
    provenance: result.provenance,
    ...(result.trace === undefined ? {} : { trace: result.trace }),
  };
}
