/**
 * TRM solvers: a task codec + a loaded model behind the `Solver` interface, with a halting
 * policy, optional exploration (K more samples when the first answer does not verify: the
 * task's symmetries first, a maze rotated, mirrored or run from its goal, then noisy
 * recursions; chosen by the verifier, then the Q head), and the `auto` chain (TRM first,
 * verified; the exact solver as fallback).
 *
 * @example
 * const model = await loadModel('models/sudoku-mlp');
 * const solver = createTrmSolver(sudoku, model, { halt: 'verified' });
 * const { solution, verified, provenance } = await solver.solve(puzzle);
 */
import { InvalidInputError, NotSupportedError, exactSolver, isTrmRouterError } from '../core/index.js';
import type { Solver, SolveOptions, SolveResult, TaskCodec, TaskDefinition, TrmPlanOptions, TrmSampleRunner } from '../core/index.js';
import type { ComputeBudget } from './budget.js';
import { TrmEngine } from './engine.js';
import type { EngineOptions, TraceStep, TrmRunResult } from './engine.js';
import type { TrmModel } from './model.js';
import { haltingPolicy } from './stop.js';
import type { HaltPolicy } from './stop.js';

export interface TrmSolverOptions {
  /** Halting policy; default: the manifest's measured choice, else `adaptive`. */
  halt?: HaltPolicy;
  /** Cap on supervision steps; default the model's `haltMaxSteps`. */
  maxSteps?: number;
  /** q_halt threshold for `adaptive` (logit; 0 = probability 0.5). */
  threshold?: number;
  /**
   * When the first answer fails verification: K more samples, the task's symmetries first (the
   * puzzle transformed, the answer mapped back), then noisy recursions; the verified one is
   * kept, else the highest q_halt. Default: the manifest's `halting.explore`, else none.
   * The samples run at once, racing: the first that verifies ends the others.
   */
  explore?: { k: number; noise?: number };
  /** Record per-step traces. */
  trace?: boolean;
  /** The solve's compute budget: every step of every sample is paid from it (see `budget.ts`). */
  budget?: ComputeBudget;
  /**
   * Keep each sample's latents so that an unverified result can `deepen` (continue its samples
   * to more steps). Off by default: the latents stay as long as the result does.
   */
  resumable?: boolean;
  /** Share an engine (micro-batching across solvers); else one is made for the model. */
  engine?: TrmEngine;
  engineOptions?: EngineOptions;
}

/** A solve result with the TRM's per-step trace (when asked for). */
export interface TrmSolveResult<S> extends SolveResult<S> {
  trace?: TraceStep[];
  /** How many samples were run (1 + exploration; ARC: augmentations per test input). */
  samples: number;
  /** Ranked alternatives of a multi-sample task (ARC: pass@2 candidates per test input). */
  alternatives?: unknown;
  /**
   * When no sample verified (and the solver is `resumable`): continues the samples of this result (at most `most`, in order) from
   * where they stopped, to `steps` supervision steps each (a run to that cap, without paying again
   * for the steps already run), racing; the answer among them. `undefined` when none ran fewer.
   */
  deepen?: (steps: number, most?: number) => Promise<TrmSolveResult<S> | undefined>;
}

export interface TrmSolver<P, S> extends Solver<P, S> {
  readonly model: TrmModel;
  solve(puzzle: P, options?: SolveOptions): Promise<TrmSolveResult<S>>;
  /**
   * More samples of a puzzle a solve already answered without a verified answer: exploration
   * samples `from` to `k - 1` (the first `from` and the first sample itself already ran), racing
   * as `solve`'s do; the verified one, else the highest q_halt. `undefined` when there are none
   * to run. Absent for tasks that answer with their own multi-sample plan (ARC).
   */
  exploreMore?: (puzzle: P, samples: { from: number; k: number }, options?: SolveOptions) => Promise<TrmSolveResult<S> | undefined>;
}

const engines = new WeakMap<TrmModel, TrmEngine>();

/** The shared engine of a model (one per model, so all its solvers batch together). */
export function engineFor(model: TrmModel, options?: EngineOptions): TrmEngine {
  let engine = engines.get(model);
  if (engine === undefined) {
    engine = new TrmEngine(model, options);
    engines.set(model, engine);
  }
  return engine;
}

export function createTrmSolver<P, S>(taskCodec: TaskCodec<P, S>, model: TrmModel, options: TrmSolverOptions = {}): TrmSolver<P, S> {
  const m = model.manifest;
  const codec = codecForModel(taskCodec, model);
  const cap = options.maxSteps ?? m.halting?.maxSteps ?? m.recursion.haltMaxSteps;
  const policy = options.halt ?? m.halting?.policy ?? 'adaptive';
  const threshold = options.threshold ?? m.halting?.threshold ?? 0;
  const stop = haltingPolicy(policy, { maxSteps: cap, threshold });
  const engine = options.engine ?? engineFor(model, options.engineOptions);
  const name = `trm:${m.name}`;

  const sampleBase = (puzzle: P, solveOptions: SolveOptions) => ({
    inputs: codec.encode(puzzle),
    stop,
    verify: (tokens: Int32Array): boolean => {
      const v = codec.verify(puzzle, codec.decode(tokens, puzzle));
      return v.ok && v.strength === 'full';
    },
    signal: solveOptions.signal,
    timeoutMs: solveOptions.timeoutMs,
    budget: options.budget,
    keepLatents: options.resumable === true,
  });
  const plan = (puzzle: P, k: number) => explorations(codec, puzzle, k, options.explore?.noise ?? 0.1);
  /** The answer among `tried` (verified first, then q_halt), and how to take its samples further while none verified. */
  const answer = (puzzle: P, tried: Tried<S>[], started: number, solveOptions: SolveOptions): TrmSolveResult<S> => {
    const best = pickSample(tried.map((t) => t.sample));
    const solution = best.solution();
    const verification = codec.verify(puzzle, solution);
    const verified = verification.ok && verification.strength === 'full';
    const resumable = verified ? [] : tried.filter((t) => t.sample.run.latents !== undefined);
    return {
      solution,
      verified,
      samples: tried.length,
      ...(best.run.trace === undefined ? {} : { trace: best.run.trace }),
      provenance: {
        solver: name,
        kind: 'trm',
        model: m.name,
        steps: best.run.steps,
        haltedBy: best.run.haltedBy,
        confidence: best.run.haltProbability,
        verified,
        latencyMs: performance.now() - started,
        ...(best.name === undefined ? {} : { sample: best.name }),
      },
      ...(resumable.length === 0
        ? {}
        : {
            deepen: async (steps: number, most = resumable.length) => {
              const deeper = { ...sampleBase(puzzle, solveOptions), stop: haltingPolicy(policy, { maxSteps: steps, threshold }), race: { verified: false } };
              const going = resumable.filter((t) => (t.sample.run.latents?.steps ?? steps) < steps).slice(0, most);
              if (going.length === 0) return undefined;
              const again = await Promise.all(
                going.map(async (t) => ({ run: t.run, sample: await t.run(engine, { ...deeper, resume: t.sample.run.latents }) })),
              );
              return answer(puzzle, again, performance.now(), solveOptions);
            },
          }),
    };
  };
  const run = async (runs: SampleRun<S>[], base: SampleBase, race: boolean): Promise<Tried<S>[]> =>
    (await runExplorations(runs, engine, base, race)).map((sample, i) => ({ run: runs[i] as SampleRun<S>, sample }));

  return {
    name,
    kind: 'trm',
    task: codec.task,
    model,
    async solve(puzzle, solveOptions = {}) {
      const started = performance.now();
      const base = sampleBase(puzzle, solveOptions);
      const firstRun: SampleRun<S> = async (e, b) => {
        const r = await e.run({ ...b, trace: options.trace === true && b.resume === undefined });
        return { run: r, solution: () => codec.decode(r.tokens, puzzle) };
      };
      const tried = await run([firstRun], base, false);
      const k = options.explore?.k ?? m.halting?.explore ?? 0;
      if (tried[0]?.sample.run.verified !== true && k > 0) tried.push(...(await run(plan(puzzle, k), base, true)));
      return answer(puzzle, tried, started, solveOptions);
    },
    async exploreMore(puzzle, { from, k }, solveOptions = {}) {
      const started = performance.now();
      const more = plan(puzzle, k).slice(from);
      if (more.length === 0) return undefined;
      return answer(puzzle, await run(more, sampleBase(puzzle, solveOptions), true), started, solveOptions);
    },
  };
}

/** How one sample runs (again, with `resume`, to continue it), and what it gave. */
interface Tried<S> {
  run: SampleRun<S>;
  sample: Sample<S>;
}

/**
 * The TRM solver of a task: one sample through the codec (with exploration and verified
 * stopping) for most tasks, or the task's own multi-sample plan (ARC: every known augmentation,
 * voted). A puzzle the model cannot take throws `NotSupportedError` saying why.
 *
 * @example
 * const solver = createTaskTrmSolver(getTask('arc'), await loadModel('models/arc'), { maxSamples: 8 });
 */
export function createTaskTrmSolver<P, S>(
  task: TaskDefinition<P, S>,
  model: TrmModel,
  options: TrmSolverOptions & { maxSamples?: number } = {},
): TrmSolver<P, S> {
  const m = model.manifest;
  if (m.task !== task.name) throw new InvalidInputError(`Model ${m.name} solves ${m.task}, not ${task.name}`, { field: 'model' });
  const plan = task.trm.solve === undefined ? undefined : task.trm;
  const single = plan === undefined ? createTrmSolver(task.codec, model, options) : undefined;
  if (plan !== undefined) codecForModel(task.codec, model); // its S and V fit the task on the model's canvas
  const stop = haltingPolicy(options.halt ?? m.halting?.policy ?? (plan === undefined ? 'adaptive' : 'fixed'), {
    maxSteps: options.maxSteps ?? m.halting?.maxSteps ?? m.recursion.haltMaxSteps,
    threshold: options.threshold ?? m.halting?.threshold ?? 0,
  });
  const engine = options.engine ?? engineFor(model, options.engineOptions);
  const name = `trm:${m.name}`;
  const run: TrmSampleRunner = async (sample, o = {}) => {
    const r = await engine.run({
      inputs: sample.inputs,
      puzzleIdentifier: sample.puzzleIdentifier,
      stop,
      signal: o.signal,
      timeoutMs: o.timeoutMs,
      budget: options.budget,
    });
    return { tokens: r.tokens, qHalt: r.qHalt, haltProbability: r.haltProbability, steps: r.steps };
  };
  return {
    name,
    kind: 'trm',
    task: task.name,
    model,
    async solve(puzzle, solveOptions = {}) {
      const unfit = task.trm.unfit(m, puzzle);
      if (unfit !== null) throw new NotSupportedError(unfit, { details: { task: task.name, model: m.name } });
      if (single !== undefined || plan === undefined) return (single as TrmSolver<P, S>).solve(puzzle, solveOptions);
      const started = performance.now();
      const planOptions: TrmPlanOptions = { ...solveOptions, ...(options.maxSamples === undefined ? {} : { maxSamples: options.maxSamples }) };
      const answer = await (plan.solve as NonNullable<typeof plan.solve>)(m, puzzle, run, planOptions);
      const verification = task.codec.verify(puzzle, answer.solution);
      const verified = verification.ok && verification.strength === 'full';
      return {
        solution: answer.solution,
        verified,
        samples: answer.samples,
        ...(answer.alternatives === undefined ? {} : { alternatives: answer.alternatives }),
        provenance: {
          solver: name,
          kind: 'trm',
          model: m.name,
          steps: answer.steps,
          confidence: answer.confidence,
          verified,
          latencyMs: performance.now() - started,
        },
      };
    },
    ...(single?.exploreMore === undefined ? {} : { exploreMore: single.exploreMore }),
  };
}

/**
 * The codec that reads and writes a model's tokens: the task's own, or the same task on the
 * model's canvas where the task allows another one (a maze model trained on 12x12).
 * `InvalidInputError` (field `model`) when the model solves another task or its S, V do not fit.
 */
export function codecForModel<P, S>(codec: TaskCodec<P, S>, model: TrmModel): TaskCodec<P, S> {
  const m = model.manifest;
  if (m.task !== codec.task) {
    throw new InvalidInputError(`Model ${m.name} solves ${m.task}, not ${codec.task}`, { field: 'model' });
  }
  const sameCanvas = m.canvas.rows === codec.tokens.canvas.rows && m.canvas.cols === codec.tokens.canvas.cols;
  const onCanvas = sameCanvas || codec.onCanvas === undefined ? codec : codec.onCanvas(m.canvas);
  if (m.seqLen !== onCanvas.tokens.seqLen || m.vocabSize !== onCanvas.tokens.vocabSize) {
    throw new InvalidInputError(
      `Model ${m.name} has S=${m.seqLen}, V=${m.vocabSize}; the ${codec.task} encoding needs S=${onCanvas.tokens.seqLen}, V=${onCanvas.tokens.vocabSize}`,
      { field: 'model' },
    );
  }
  return onCanvas;
}

/** One sample of a solve: its run, its answer in the puzzle's own frame, and which exploration it was. */
export interface Sample<S> {
  run: TrmRunResult;
  solution: () => S;
  name?: string;
}

type EngineRequest = Parameters<TrmEngine['run']>[0];
/** What every sample of a solve shares: the first sample's request without its trace. */
export type SampleBase = Omit<EngineRequest, 'trace'>;

/** One sample of a solve: run on an engine with the solve's shared request fields. */
export type SampleRun<S> = (engine: TrmEngine, base: SampleBase) => Promise<Sample<S>>;

/**
 * The exploration samples of a solve, up to `k`: the task's symmetries that apply to the puzzle
 * (a 6x6 Sudoku does not turn) and whose transformed puzzle the codec can encode, then noisy
 * recursions of the puzzle itself for the rest. Each verifies in its own frame and maps back.
 */
export function explorations<P, S>(codec: TaskCodec<P, S>, puzzle: P, k: number, noise: number): SampleRun<S>[] {
  const out: SampleRun<S>[] = [];
  for (const symmetry of codec.symmetries ?? []) {
    if (out.length === k) return out;
    let turned: P;
    let inputs: Int32Array;
    try {
      turned = symmetry.apply(puzzle);
      inputs = codec.encode(turned);
    } catch (error) {
      if (error instanceof NotSupportedError) continue;
      throw error;
    }
    const verify = (tokens: Int32Array): boolean => {
      const v = codec.verify(turned, codec.decode(tokens, turned));
      return v.ok && v.strength === 'full';
    };
    out.push(async (engine, base) => {
      const run = await engine.run({ ...base, inputs, verify });
      return { run, solution: () => symmetry.restore(codec.decode(run.tokens, turned), puzzle), name: symmetry.name };
    });
  }
  for (let seed = 1; out.length < k; seed++) {
    out.push(async (engine, base) => {
      const run = await engine.run({ ...base, noise: { seed, scale: noise } });
      return { run, solution: () => codec.decode(run.tokens, puzzle), name: `noise ${seed}` };
    });
  }
  return out;
}

/**
 * Runs exploration samples (from `explorations`) at once, in one batch, racing: once one
 * verifies, the others end before their next step (halted by `superseded`). Returns every
 * sample, in order. `race: false` runs each to its own stop (the cost exploration had before;
 * `npm run bench -- exploration` compares them).
 */
export function runExplorations<S>(plan: readonly SampleRun<S>[], engine: TrmEngine, base: SampleBase, race = true): Promise<Sample<S>[]> {
  const shared = race ? { race: { verified: false } } : {};
  return Promise.all(plan.map((x) => x(engine, { ...base, ...shared })));
}

/** Verified first, then the highest halting logit, then fewer steps (the first sample wins ties). */
function pickSample<S>(samples: Sample<S>[]): Sample<S> {
  return samples.reduce((a, b) => (pick([a.run, b.run]) === a.run ? a : b));
}

/** Verified first, then the highest halting logit, then fewer steps. */
function pick(runs: TrmRunResult[]): TrmRunResult {
  return runs.reduce((a, b) => {
    if ((a.verified === true) !== (b.verified === true)) return a.verified === true ? a : b;
    if (a.qHalt !== b.qHalt) return a.qHalt > b.qHalt ? a : b;
    return a.steps <= b.steps ? a : b;
  });
}

/**
 * TRM first; if its answer does not verify (or it fails), the task's exact solver answers,
 * and the provenance says so (`fallbackFrom`). The same policy as `solveParsed` (one function,
 * `withExactFallback`, decides).
 *
 * @example
 * const auto = createAutoSolver(sudoku, createTrmSolver(sudoku, model));
 */
export function createAutoSolver<P, S>(codec: TaskCodec<P, S>, trm: TrmSolver<P, S>): Solver<P, S> {
  return {
    name: `auto:${trm.name}`,
    kind: 'trm',
    task: codec.task,
    solve: async (puzzle, options = {}) => (await withExactFallback(codec, trm.name, () => trm.solve(puzzle, options), puzzle, options)).result,
  };
}

/** Why a TRM attempt's answer was not used, in a few words for `fallbackFrom` (`not verified`, `failed: model_load`). */
export function failureNote(failure: unknown): string {
  if (failure === undefined) return 'not verified';
  return isTrmRouterError(failure) && failure.code === 'not_supported'
    ? `not supported: ${failure.message}`
    : `failed: ${isTrmRouterError(failure) ? failure.code : 'error'}`;
}

/** Errors that end a solve instead of falling back: the caller gave up, the deadline passed, or the puzzle itself is bad. */
export function endsTheSolve(error: unknown): boolean {
  return isTrmRouterError(error) && (error.code === 'aborted' || error.code === 'timeout' || error.code === 'invalid_input');
}

/**
 * The fallback policy, written once: run the TRM; keep its answer if verified, or if the task has
 * no exact solver (its answer is then reported unverified); otherwise answer with exact search
 * and say why in `fallbackFrom`. Aborts, timeouts and bad input end the solve. `trm` is the TRM
 * attempt's result (kept for its trace) when it ran to an answer.
 */
export async function withExactFallback<P, S, R extends SolveResult<S>>(
  codec: TaskCodec<P, S>,
  trmName: string,
  runTrm: () => Promise<R>,
  puzzle: P,
  options: SolveOptions,
): Promise<{ result: R | SolveResult<S>; trm?: R }> {
  const exact = codec.exact === null ? null : exactSolver(codec);
  let failure: unknown;
  let trm: R | undefined;
  try {
    trm = await runTrm();
    if (trm.verified || exact === null) return { result: trm, trm };
  } catch (error) {
    if (endsTheSolve(error) || exact === null) throw error;
    failure = error;
  }
  const started = performance.now();
  const result = await exact.solve(puzzle, options);
  const fallback = {
    ...result,
    provenance: { ...result.provenance, latencyMs: performance.now() - started, fallbackFrom: [`${trmName} (${failureNote(failure)})`] },
  };
  return trm === undefined ? { result: fallback } : { result: fallback, trm };
}
