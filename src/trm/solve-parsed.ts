/**
 * The solve policy, written once and used by the CLI, the tools, the router and the gateway:
 * a parsed puzzle, the solver the caller chose (`exact`, `trm` or `auto`), the installed models
 * -> one answer with provenance, the attempts made, and the TRM trace.
 * - `exact`: the task's exact solver (`NotSupportedError` for a task that has none).
 * - `trm`: the chosen model (`model`, or the best installed one that can take the puzzle);
 *   `NotSupportedError` when none can.
 * - `auto`: the TRM when a model can take the puzzle, verified; exact search when there is no
 *   such model or its answer does not verify (the provenance says why). Where answers verify and
 *   no model is named, up to `SECOND_OPINIONS` other model families that take the puzzle answer
 *   in turn (best measured first) before exact search; `attempts` lists them (`trm` does the
 *   same, without search). A task without an exact solver (ARC, learned tasks) gets the TRM's
 *   answer, reported unverified.
 * - `trm` with no model named, where no family's answer verifies and the request left steps and
 *   exploration to the defaults, spends more: the families that explored less than the deepest
 *   run the exploration samples they had not (`exploreAsDeep`), then every sample continues
 *   from its latents to `DEEPEN` times the longest step cap (`continueSamples`).
 * Aborts, deadlines and bad input end a solve; they never fall back.
 *
 * @example
 * const outcome = await solveParsed(parseTask(text), { solver: 'auto', modelDirs: defaultModelDirs(), threads: 0, trace: false, format: 'pretty' });
 * console.log(outcome.rendered, outcome.verified, outcome.provenance.solver, outcome.attempts);
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InvalidInputError, NotSupportedError, describeProvenance, exactSolver, verificationLabel } from '../core/index.js';
import type { FormatStyle, Provenance, Solver, SolveOptions, SolveResult } from '../core/index.js';
import { getTask, registerLearnedTask } from '../tasks/index.js';
import type { AnyPuzzle, AnyTaskDefinition } from '../tasks/index.js';
import { chooseModel, createModelCatalog } from './catalog.js';
import type { ModelCatalog, ModelChoice, ModelEntry } from './catalog.js';
import type { TraceStep } from './engine.js';
import { readManifest } from './manifest.js';
import type { TrmManifest } from './manifest.js';
import { ComputeBudget, fitBudget } from './budget.js';
import type { ComputeLimits } from './budget.js';
import { loadModel } from './model.js';
import { createTaskTrmSolver, endsTheSolve, failureNote, withExactFallback } from './solver.js';
import type { TrmSolveResult, TrmSolver } from './solver.js';
import type { HaltPolicy } from './stop.js';

/** The solver a caller can ask for. */
export const SOLVER_CHOICES = ['auto', 'trm', 'exact'] as const;
export type SolverChoice = (typeof SOLVER_CHOICES)[number];

/** How a solution is printed. */
export const FORMAT_CHOICES = ['pretty', 'line'] as const;

/** What one solve produced: JSON-safe, the same shape the CLI prints with `--json`. */
export interface SolveOutcome {
  task: string;
  solution: unknown;
  /** The solution printed by the task codec (`format`). */
  rendered: string;
  verified: boolean;
  provenance: Provenance;
  /** What ran, in order (`trm:sudoku-9x9-mlp-small, 8 TRM steps, halted by q_halt: NOT verified`, `sudoku-bitmask, 12 search nodes: verified`). */
  attempts: string[];
  /** The TRM's per-step trace, when asked for (kept when `auto` fell back to exact search). */
  trace?: TraceStep[];
  /**
   * Supervision steps the TRM ran, every sample of every model tried (exploration, second
   * opinions), also when exact search answered after it; the kept answer's own are in `provenance.steps`.
   */
  trmSteps?: number;
  /** Ranked alternatives of a multi-sample task (ARC: pass@2 candidates per test input). */
  alternatives?: unknown;
  /** Cell-steps the TRM spent (steps x samples x cells), when a TRM ran. */
  cellSteps?: number;
}

export interface SolveSettings {
  solver: SolverChoice;
  /** A model folder, or the name of an installed model; default: the best installed model that can take the puzzle. */
  model?: string;
  /** Whether `model` may be a folder path (default true); false = only installed models' names (a server taking `model` from clients). */
  modelPaths?: boolean;
  /** Folders searched for models (`defaultModelDirs()`: the package's own, then the user's). */
  modelDirs: readonly string[];
  /** Intra-op threads per ONNX Runtime session (0 = ORT's default). */
  threads: number;
  halt?: HaltPolicy;
  maxSteps?: number;
  /** K more samples when the TRM answer fails verification (the task's symmetries, then noise); default the model's `halting.explore`. */
  explore?: number;
  /** Most samples per puzzle part for multi-sample tasks (ARC augmentations). */
  maxSamples?: number;
  trace: boolean;
  format: FormatStyle;
  timeoutMs?: number;
  /**
   * The server's caps on what one solve may spend (see `budget.ts`): a request over them is
   * refused before any step runs, the model's defaults are lowered to them, and the run cannot
   * spend more. Default: no caps (the CLI, the library).
   */
  limits?: ComputeLimits;
}

export interface SolveParsedOptions {
  signal?: AbortSignal;
  /** A cached listing of the installed models (the gateway's); default: `modelDirs` listed now. */
  catalog?: ModelCatalog;
}

/**
 * Solves an already parsed puzzle with the chosen solver (see the module comment).
 * Throws `NotSupportedError` (no exact solver, no model that can take the puzzle; `details.field`
 * names the setting), `InvalidInputError` (a named model that is not installed or solves
 * another task), `UnsolvableError`, `ModelLoadError`, `TimeoutError`, `AbortedError`.
 */
export async function solveParsed(parsed: AnyPuzzle, settings: SolveSettings, options: SolveParsedOptions = {}): Promise<SolveOutcome> {
  const task = getTask(parsed.task);
  const solveOptions: SolveOptions = {
    ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  const render = (solution: unknown): string => task.codec.formatSolution(solution, parsed.puzzle, settings.format);
  // Shared by every sample of the TRM run (a fallback's exact search is not charged).
  const budget = new ComputeBudget(settings.limits?.maxCellSteps ?? Number.POSITIVE_INFINITY);
  const done = (
    result: SolveResult<unknown> & { trace?: TraceStep[]; alternatives?: unknown },
    attempts: string[],
    trm: { trace?: TraceStep[] | undefined; provenance: Provenance } | undefined = result.provenance.kind === 'trm' ? result : undefined,
  ): SolveOutcome => ({
    task: task.name,
    solution: result.solution,
    rendered: render(result.solution),
    verified: result.verified,
    provenance: result.provenance,
    attempts,
    ...(trm?.trace === undefined ? {} : { trace: trm.trace }),
    ...(budget.steps === 0 ? {} : { trmSteps: budget.steps }),
    ...(result.alternatives === undefined ? {} : { alternatives: result.alternatives }),
    ...(trm === undefined && budget.used === 0 ? {} : { cellSteps: budget.used }),
  });

  if (settings.solver === 'exact') {
    const exact = await exactFor(task).solve(parsed.puzzle, solveOptions);
    return done(exact, [describeAttempt(task, exact)]);
  }

  const choice = await modelFor(task, parsed.puzzle, settings, options.catalog);
  if ('reason' in choice) {
    if (settings.solver === 'trm' || task.codec.exact === null) {
      throw new NotSupportedError(
        `No TRM model can answer this ${task.title}: ${choice.reason}${task.codec.exact === null ? ` (${task.codec.exactUnavailable ?? 'no exact solver'})` : '; use solver "auto" or "exact"'}`,
        {
          details: { task: task.name, field: settings.model !== undefined ? 'model' : choice.unfit ? 'puzzle' : 'solver' },
        },
      );
    }
    const exact = await exactFor(task).solve(parsed.puzzle, solveOptions);
    const note = `trm (${choice.reason})`;
    return done({ ...exact, provenance: { ...exact.provenance, fallbackFrom: [note] } }, [note, describeAttempt(task, exact)]);
  }

  // Second opinions: where answers can be verified, the other model families that take the
  // puzzle answer in turn when the chosen one's answer does not verify (before exact search).
  const others = task.codec.exact === null ? [] : (('alternatives' in choice ? choice.alternatives : undefined) ?? []);
  const entries = [choice.entry, ...others.slice(0, SECOND_OPINIONS)];
  // Where no family's answer verifies, spend more than the families' defaults (`exploreAsDeep`,
  // then `continueSamples`)? Only where the caller asked for the TRM's answer (solver `trm`: with
  // `auto`, exact search answers a failed puzzle at a tiny fraction of the cost), an answer can
  // verify (an unverifiable task's answers never do), the request left the steps and exploration
  // to the defaults (one that names either gets what it named) and no model was named (it
  // answers alone).
  const escalate =
    settings.solver === 'trm' && task.verifiable && settings.maxSteps === undefined && settings.explore === undefined && settings.model === undefined;
  const solverWith = async (entry: ModelEntry, run: { steps?: number | undefined; explore?: number | undefined; maxSamples?: number | undefined }) =>
    createTaskTrmSolver(task, await loadModel(entry.dir, { threads: settings.threads }), {
      ...(settings.halt === undefined ? {} : { halt: settings.halt }),
      ...(run.steps === undefined ? {} : { maxSteps: run.steps }),
      ...(run.explore === undefined ? {} : { explore: { k: run.explore } }),
      ...(run.maxSamples === undefined ? {} : { maxSamples: run.maxSamples }),
      trace: settings.trace,
      budget,
      resumable: escalate,
    });
  /** A family's solver, with the step cap and exploration it runs with (the request's, else its own defaults, fitted to the server's caps). */
  const solverFor = async (entry: ModelEntry): Promise<{ solver: TrmSolver<unknown, unknown>; explore: number; steps: number }> => {
    const run = budgeted(task, parsed.puzzle, entry.manifest, settings);
    const m = entry.manifest;
    return {
      solver: await solverWith(entry, run),
      explore: run.explore ?? m.halting?.explore ?? 0,
      steps: run.steps ?? m.halting?.maxSteps ?? m.recursion.haltMaxSteps,
    };
  };
  const first = await solverFor(choice.entry); // a model that cannot load fails the solve, as before
  const trmAttempts: string[] = [];
  const notes: string[] = []; // each model whose answer was not kept, as `fallbackFrom` names it
  type Unverified = { entry: ModelEntry; explored: number; steps: number; results: TrmSolveResult<unknown>[] };
  /**
   * No family's answer verified: those that explored less than the deepest run the samples they
   * had not, as deep (the most samples and steps any family ran; best-ranked first), as far as
   * the budget pays a first step for each. The first verified answer, if any.
   */
  const exploreAsDeep = async (unverified: Unverified[]): Promise<TrmSolveResult<unknown> | undefined> => {
    const deepest = Math.max(...unverified.map((u) => u.explored));
    const longest = Math.max(...unverified.map((u) => u.steps));
    for (const family of unverified) {
      const { entry, explored } = family;
      const k = Math.min(deepest, explored + Math.floor(budget.remaining / entry.manifest.seqLen));
      if (k <= explored) continue;
      try {
        const solver = await solverWith(entry, { steps: longest });
        const more = await solver.exploreMore?.(parsed.puzzle, { from: explored, k }, solveOptions);
        if (more === undefined) continue;
        trmAttempts.push(`${describeAttempt(task, more)} (${samplesLabel(more.samples, 'more ')})`);
        if (more.verified) return more;
        family.results.push(more);
      } catch (error) {
        if (endsTheSolve(error)) throw error;
        trmAttempts.push(`trm:${entry.manifest.name} (${samplesLabel(k - explored, 'more ')} ${failureNote(error)})`);
      }
    }
    return undefined;
  };
  /**
   * Still none: every sample of every family goes on from where it stopped, to DEEPEN times the
   * longest step cap (within the server's), best-ranked family first, as far as the budget pays.
   */
  const continueSamples = async (unverified: Unverified[]): Promise<TrmSolveResult<unknown> | undefined> => {
    const longest = Math.max(...unverified.map((u) => u.steps));
    const further = Math.min(DEEPEN * longest, settings.limits?.maxSteps ?? Number.POSITIVE_INFINITY);
    if (further <= longest) return undefined;
    for (const { entry, results } of unverified) {
      for (const result of results) {
        const most = Math.floor(budget.remaining / entry.manifest.seqLen);
        if (most === 0 || result.deepen === undefined) continue;
        try {
          const deeper = await result.deepen(further, most);
          if (deeper === undefined) continue;
          trmAttempts.push(`${describeAttempt(task, deeper)} (${samplesLabel(deeper.samples)} continued to ${further} steps)`);
          if (deeper.verified) return deeper;
        } catch (error) {
          if (endsTheSolve(error)) throw error;
          trmAttempts.push(`trm:${entry.manifest.name} (samples continued to ${further} steps ${failureNote(error)})`);
        }
      }
    }
    return undefined;
  };
  const runTrm = async (): Promise<TrmSolveResult<unknown>> => {
    let answer: TrmSolveResult<unknown> | undefined;
    let failure: unknown;
    const unverified: Unverified[] = [];
    for (const [i, entry] of entries.entries()) {
      if (i > 0 && budget.remaining < entry.manifest.seqLen) {
        // the models before it spent the solve's budget: not even one step of this one is paid for
        notes.push(`trm:${entry.manifest.name} (not tried: the compute budget is spent)`);
        trmAttempts.push(notes.at(-1) as string);
        continue;
      }
      try {
        const { solver, explore, steps } = i === 0 ? first : await solverFor(entry);
        const result = await solver.solve(parsed.puzzle, solveOptions);
        trmAttempts.push(describeAttempt(task, result));
        if (result.verified) return result;
        answer ??= result;
        unverified.push({ entry, explored: explore, steps, results: [result] });
        notes.push(`trm:${entry.manifest.name} (${failureNote(undefined)})`);
      } catch (error) {
        if (endsTheSolve(error)) throw error;
        failure ??= error;
        notes.push(`trm:${entry.manifest.name} (${failureNote(error)})`);
        trmAttempts.push(notes.at(-1) as string);
      }
    }
    if (escalate && unverified.length > 0) {
      const more = (await exploreAsDeep(unverified)) ?? (await continueSamples(unverified));
      if (more !== undefined) return more;
    }
    if (answer === undefined) throw failure;
    return answer; // no model's answer verified: the best-ranked model's
  };
  if (settings.solver === 'trm') return done(await runTrm(), trmAttempts);
  const { result: answered, trm: tried } = await withExactFallback(task.codec, first.solver.name, runTrm, parsed.puzzle, solveOptions);
  if (tried === answered) return done(answered, trmAttempts);
  // exact search answered: fallbackFrom names every model tried, not only the first
  const result = { ...answered, provenance: { ...answered.provenance, fallbackFrom: notes } };
  return done(result, [...trmAttempts, describeAttempt(task, result)], tried);
}

/** At most this many other model families answer after the chosen one's answer fails to verify. */
export const SECOND_OPINIONS = 2;

const samplesLabel = (n: number, kind = ''): string => `${n} ${kind}sample${n === 1 ? '' : 's'}`;

/** When no family's samples verified, they continue to this many times the longest step cap any family ran with. */
export const DEEPEN = 2;

/** The steps, exploration and plan samples a solve runs with: the request's, checked against the server's caps and fitted into them. */
function budgeted(
  task: AnyTaskDefinition,
  puzzle: unknown,
  manifest: TrmManifest,
  settings: SolveSettings,
): { steps: number | undefined; explore: number | undefined; maxSamples: number | undefined } {
  const asked = { steps: settings.maxSteps, explore: settings.explore, maxSamples: settings.maxSamples };
  if (settings.limits === undefined) return asked;
  const plan = task.trm.solve !== undefined;
  const fitted = fitBudget(
    {
      maxSteps: settings.maxSteps,
      explore: plan ? undefined : settings.explore,
      defaultSteps: manifest.halting?.maxSteps ?? manifest.recursion.haltMaxSteps,
      defaultExplore: manifest.halting?.explore ?? 0,
      trainedSteps: manifest.recursion.haltMaxSteps,
      cells: manifest.seqLen,
      planParts: plan ? (task.trm.parts?.(puzzle) ?? 1) : undefined,
      maxSamples: settings.maxSamples,
    },
    settings.limits,
  );
  return { steps: fitted.steps, explore: fitted.explore, maxSamples: fitted.maxSamples };
}

function exactFor(task: AnyTaskDefinition): Solver<unknown, unknown> {
  if (task.codec.exact === null) {
    throw new NotSupportedError(`${task.title} has no exact solver: ${task.codec.exactUnavailable ?? 'none exists'}`, {
      details: { task: task.name, field: 'solver' },
    });
  }
  return exactSolver(task.codec);
}

/**
 * The model to run: the named one (a folder, or an installed model's name; it must solve this
 * task and take this puzzle), else the best installed model that can take the puzzle.
 */
async function modelFor(task: AnyTaskDefinition, puzzle: unknown, settings: SolveSettings, catalog: ModelCatalog | undefined): Promise<ModelChoice> {
  const list = (): Promise<ModelEntry[]> => (catalog ?? createModelCatalog(settings.modelDirs)).list();
  if (settings.model === undefined) return chooseModel(await list(), task, puzzle);
  let entry: ModelEntry | undefined;
  // a path (or an existing folder) is a model folder; anything else names an installed model
  const isPath = /[/\\]|^\./.test(settings.model);
  if (isPath && settings.modelPaths === false) {
    throw new InvalidInputError(`model names an installed model (GET /v1/models), not a path: ${JSON.stringify(settings.model)}`, { field: 'model' });
  }
  if (settings.modelPaths !== false && (isPath || existsSync(join(settings.model, 'manifest.json')))) {
    const manifest = await readManifest(settings.model);
    if (manifest.learnedTask !== undefined) registerLearnedTask(manifest.learnedTask);
    entry = { dir: settings.model, manifest, root: settings.model, origin: 'user' };
  } else {
    const all = await list();
    entry = all.find((e) => e.manifest.name === settings.model || basename(e.dir) === settings.model);
    if (entry === undefined) {
      const installed = all.map((e) => e.manifest.name).join(', ') || 'none';
      throw new InvalidInputError(`No model folder or installed model is called ${JSON.stringify(settings.model)} (installed: ${installed})`, {
        field: 'model',
      });
    }
  }
  if (entry.manifest.task !== task.name) {
    throw new InvalidInputError(`Model ${entry.manifest.name} solves ${entry.manifest.task}, but the puzzle is a ${task.title}`, { field: 'model' });
  }
  const unfit = task.trm.unfit(entry.manifest, puzzle);
  return unfit === null ? { entry } : { reason: unfit, unfit: true };
}

/**
 * One attempt as a line: the solver, its steps or search nodes, and whether it verified (in the
 * task's own words when it did not).
 *
 * @example
 * describeAttempt(sudokuTask, result); // 'trm:sudoku-9x9-mlp-small, 3 TRM steps, halted by verified: verified'
 */
export function describeAttempt(task: Pick<AnyTaskDefinition, 'unverifiedLabel'>, result: Pick<SolveResult<unknown>, 'verified' | 'provenance'>): string {
  return `${describeProvenance(result.provenance, { latency: false })}: ${verificationLabel(task, result.verified)}`;
}
