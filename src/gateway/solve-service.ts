/**
 * Solving for the gateway: `solveParsed` (the same path as the CLI and the tools) plus what an
 * HTTP service needs around it: the installed models listed once per few seconds instead of on
 * every request, requests the installed models cannot serve answered as 400s naming the field
 * to change (an exact ARC solver, a TRM-only solve with no model, an ARC task no model was
 * trained on), display grids, and the solver metrics.
 *
 * @example
 * const service = createSolveService({ modelDirs: defaultModelDirs(), threads: 0, timeoutMs: 60_000 });
 * const outcome = await service.solve(parseTask(text), { solver: 'auto', trace: false, view: true, format: 'pretty' });
 */
import { InvalidInputError, isTrmRouterError } from '../core/errors.js';
import type { GridSolveOutcome, LocalSolvers } from '../router/index.js';
import { getTask } from '../tasks/index.js';
import type { AnyPuzzle } from '../tasks/index.js';
import { createModelCatalog, loadModel, scanModels, solveParsed } from '../trm/index.js';
import type { ComputeLimits, HaltPolicy, ModelEntry, SolveOutcome, SolveSettings, SolverChoice } from '../trm/index.js';
import type { GatewayMetrics } from './middleware/metrics.js';
import { buildView } from './trace-view.js';
import type { SolveView } from './trace-view.js';

export interface SolveRequestSettings {
  solver: SolverChoice;
  /** An installed model's name (manifest name or folder name). */
  model?: string;
  halt?: HaltPolicy;
  maxSteps?: number;
  explore?: number;
  trace: boolean;
  view: boolean;
  format: 'pretty' | 'line';
}

export interface GatewaySolveOutcome extends SolveOutcome {
  view?: SolveView;
}

export interface ReadyReport {
  ready: boolean;
  models: { name: string; task: string; loaded: boolean; error?: string }[];
}

export interface SolveServiceOptions {
  /** Folders searched for models (the package's own, then the user's). */
  modelDirs: readonly string[];
  threads: number;
  /** Deadline of one solve, ms. */
  timeoutMs: number;
  metrics?: GatewayMetrics;
  /** What one solve may spend (caps a request cannot raise); default none. */
  limits?: ComputeLimits;
  /** How long the list of installed models is reused, ms (default 5000). */
  modelListTtlMs?: number;
}

export interface SolveService {
  readonly modelDirs: readonly string[];
  /** Installed models (cached for `modelListTtlMs`). */
  models(): Promise<ModelEntry[]>;
  /** Solves with the request's settings. Throws `InvalidInputError` for what the installed models cannot serve. */
  solve(parsed: AnyPuzzle, settings: SolveRequestSettings, options?: { signal?: AbortSignal }): Promise<GatewaySolveOutcome>;
  /** The router's local solvers on this service (`undefined` for an ARC task no model knows). */
  localSolvers(): LocalSolvers;
  /** Loads every installed model (once; later calls return the same report). */
  warmUp(): Promise<ReadyReport>;
  /** The warm-up report so far (`undefined` before it finished). */
  readiness(): ReadyReport | undefined;
}

export function createSolveService(options: SolveServiceOptions): SolveService {
  const { modelDirs, threads, timeoutMs, metrics, limits } = options;
  const catalog = createModelCatalog(modelDirs, { ttlMs: options.modelListTtlMs ?? 5_000 });
  let warm: Promise<ReadyReport> | undefined;
  let report: ReadyReport | undefined;

  const settingsOf = (s: SolveRequestSettings): SolveSettings => ({
    solver: s.solver,
    modelDirs,
    threads,
    trace: s.trace || s.view,
    format: s.format,
    timeoutMs,
    ...(limits === undefined ? {} : { limits }),
    ...(s.model === undefined ? {} : { model: s.model, modelPaths: false }),
    ...(s.halt === undefined ? {} : { halt: s.halt }),
    ...(s.maxSteps === undefined ? {} : { maxSteps: s.maxSteps }),
    ...(s.explore === undefined ? {} : { explore: s.explore }),
  });

  /** The policy's "cannot serve this request" becomes a 400 naming the field the client should change. */
  async function run(parsed: AnyPuzzle, s: SolveRequestSettings, signal: AbortSignal | undefined): Promise<SolveOutcome> {
    try {
      return await solveParsed(parsed, settingsOf(s), { catalog, ...(signal === undefined ? {} : { signal }) });
    } catch (error) {
      const field = isTrmRouterError(error) && error.code === 'not_supported' ? error.details.field : undefined;
      if (typeof field !== 'string') throw error;
      throw new InvalidInputError(`${error instanceof Error ? error.message : String(error)} (GET /v1/models lists the installed models)`, {
        field,
        details: { task: parsed.task },
        cause: error,
      });
    }
  }

  function record(task: string, outcome: SolveOutcome, seconds: number): void {
    if (metrics === undefined) return;
    const p = outcome.provenance;
    metrics.solves.inc({ task, solver: p.kind, verified: String(outcome.verified) });
    metrics.solveDuration.observe({ task }, seconds);
    if (outcome.trmSteps !== undefined) metrics.trmSteps.observe({ task }, outcome.trmSteps);
    if (outcome.cellSteps !== undefined) metrics.cellSteps.observe({ task }, outcome.cellSteps);
    if (p.haltedBy !== undefined) metrics.halts.inc({ task, halted_by: p.haltedBy });
    for (const from of p.fallbackFrom ?? []) metrics.fallbacks.inc({ task, from: from.split(' ')[0] ?? from });
  }

  /** One solve with its metrics recorded: the whole outcome (the REST answer leaves out what its schema has not). */
  async function runRecorded(parsed: AnyPuzzle, settings: SolveRequestSettings, signal: AbortSignal | undefined): Promise<SolveOutcome> {
    const started = performance.now();
    const outcome = await run(parsed, settings, signal);
    record(parsed.task, outcome, (performance.now() - started) / 1000);
    return outcome;
  }

  const service: SolveService = {
    modelDirs,
    models: () => catalog.list(),
    async solve(parsed, settings, solveOptions = {}) {
      const outcome = await runRecorded(parsed, settings, solveOptions.signal);
      const { trace, trmSteps: _steps, ...rest } = outcome;
      return {
        ...rest,
        ...(settings.trace && trace !== undefined ? { trace } : {}),
        ...(settings.view ? { view: buildView(parsed, outcome.solution, trace ?? [], outcome.attempts) } : {}),
      };
    },
    localSolvers() {
      return {
        async solve(parsed, o = {}): Promise<GridSolveOutcome | undefined> {
          try {
            const { solution, rendered, verified, provenance, trmSteps } = await runRecorded(
              parsed,
              { solver: 'auto', trace: false, view: false, format: 'pretty' },
              o.signal,
            );
            return { solution, rendered, verified, provenance, ...(trmSteps === undefined ? {} : { trmSteps }) };
          } catch (error) {
            // nothing local can answer this puzzle (an ARC task no installed model knows): the router asks the LLM
            if (
              error instanceof InvalidInputError &&
              isTrmRouterError(error.cause) &&
              error.cause.code === 'not_supported' &&
              getTask(parsed.task).codec.exact === null
            )
              return undefined;
            throw error;
          }
        },
      };
    },
    warmUp() {
      warm ??= (async () => {
        const entries = scanModels(modelDirs).models;
        const loaded = await Promise.all(
          entries.map(async (e) => {
            try {
              await loadModel(e.dir, { threads });
              return { name: e.manifest.name, task: e.manifest.task, loaded: true };
            } catch (error) {
              return { name: e.manifest.name, task: e.manifest.task, loaded: false, error: error instanceof Error ? error.message : String(error) };
            }
          }),
        );
        report = { ready: loaded.every((m) => m.loaded), models: loaded };
        return report;
      })();
      return warm;
    },
    readiness: () => report,
  };
  return service;
}
