/**
 * Solving for the gateway: `solveParsed` (the same path as the CLI and the tools) plus what an
 * HTTP service needs around it: the installed models listed once per few seconds instead of on
 * every request, requests the installed models cannot serve refused up front as 400s naming the
 * field (an exact ARC solver, a TRM-only solve with no model, an ARC task no model was trained
 * on), the TRM trace kept when `auto` falls back to exact search (so the playground shows what
 * the model tried), display grids, and the solver metrics.
 *
 * @example
 * const service = createSolveService({ modelsDir: 'models', threads: 0, timeoutMs: 60_000 });
 * const outcome = await service.solve(parseTask(text), { solver: 'auto', trace: false, view: true, format: 'pretty' });
 */
import { basename } from 'node:path';
import { InvalidInputError, isTrmRouterError } from '../core/errors.js';
import type { TaskName } from '../core/spec.js';
import { identifiersKnow } from '../router/index.js';
import type { GridSolveOutcome, LocalSolvers } from '../router/index.js';
import type { AnyPuzzle } from '../tasks/index.js';
import { listModels, loadModel, solveParsed } from '../trm/index.js';
import type { HaltPolicy, ModelEntry, SolveOutcome, SolveSettings, TrmManifest } from '../trm/index.js';
import type { GatewayMetrics } from './middleware/metrics.js';
import { buildView } from './trace-view.js';
import type { SolveView } from './trace-view.js';

export interface SolveRequestSettings {
  solver: 'auto' | 'trm' | 'exact';
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
  models: { name: string; task: TaskName; loaded: boolean; error?: string }[];
}

export interface SolveServiceOptions {
  modelsDir: string;
  threads: number;
  /** Deadline of one solve, ms. */
  timeoutMs: number;
  metrics?: GatewayMetrics;
  /** How long the list of installed models is reused, ms (default 5000). */
  modelListTtlMs?: number;
}

export interface SolveService {
  readonly modelsDir: string;
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

/** Best measured exact accuracy first, then the largest model (as `findModelForTask`). */
function rank(m: TrmManifest): number {
  if (m.accuracy === null) return -1;
  const list = Array.isArray(m.accuracy) ? m.accuracy : [m.accuracy];
  return Math.max(...list.map((a) => a.exact));
}

function bestFor(models: readonly ModelEntry[], task: TaskName): ModelEntry | undefined {
  return models
    .filter((e) => e.manifest.task === task)
    .sort((a, b) => rank(b.manifest) - rank(a.manifest) || b.manifest.parameters - a.manifest.parameters)[0];
}

const describeRun = (o: SolveOutcome): string => {
  const p = o.provenance;
  const steps = p.steps === undefined ? '' : `: ${p.steps} steps${p.haltedBy === undefined ? '' : `, halted by ${p.haltedBy}`}`;
  return `${p.solver}${steps}, ${o.verified ? 'verified' : 'not verified'}`;
};

export function createSolveService(options: SolveServiceOptions): SolveService {
  const { modelsDir, threads, timeoutMs, metrics } = options;
  const ttl = options.modelListTtlMs ?? 5_000;
  let listed: { at: number; models: Promise<ModelEntry[]> } | undefined;
  let warm: Promise<ReadyReport> | undefined;
  let report: ReadyReport | undefined;

  const models = (): Promise<ModelEntry[]> => {
    const now = Date.now();
    if (listed === undefined || now - listed.at > ttl) listed = { at: now, models: listModels(modelsDir) };
    return listed.models;
  };

  const base = (s: SolveRequestSettings): SolveSettings => ({
    solver: s.solver,
    modelsDir,
    threads,
    trace: s.trace || s.view,
    format: s.format,
    timeoutMs,
    ...(s.halt === undefined ? {} : { halt: s.halt }),
    ...(s.maxSteps === undefined ? {} : { maxSteps: s.maxSteps }),
    ...(s.explore === undefined ? {} : { explore: s.explore }),
  });

  function pickModel(all: ModelEntry[], parsed: AnyPuzzle, name: string | undefined): ModelEntry | undefined {
    if (name === undefined) return undefined;
    const entry = all.find((e) => e.manifest.name === name || basename(e.dir) === name);
    const installed = all.map((e) => e.manifest.name).join(', ') || 'none';
    if (entry === undefined) throw new InvalidInputError(`No installed model is called ${JSON.stringify(name)} (installed: ${installed})`, { field: 'model' });
    if (entry.manifest.task !== parsed.task) {
      throw new InvalidInputError(`Model ${name} solves ${entry.manifest.task}, but the puzzle is a ${parsed.task}`, { field: 'model' });
    }
    return entry;
  }

  async function run(parsed: AnyPuzzle, s: SolveRequestSettings, signal: AbortSignal | undefined): Promise<{ outcome: SolveOutcome; attempts: string[]; trmSteps?: number }> {
    const all = await models();
    const named = pickModel(all, parsed, s.model);
    const settings = base(s);
    const opts = signal === undefined ? {} : { signal };
    if (parsed.task === 'arc') {
      if (s.solver === 'exact') throw new InvalidInputError('ARC has no exact solver: use solver "auto" or "trm" with a model trained on the task', { field: 'solver' });
      const known = named ?? all.find((e) => e.manifest.task === 'arc' && identifiersKnow(e.manifest.identifiers, parsed.puzzle.id));
      if (known === undefined || !identifiersKnow(known.manifest.identifiers, parsed.puzzle.id)) {
        throw new InvalidInputError(
          `No installed TRM model was trained on ARC task ${parsed.puzzle.id ?? '(no id: give the task as {"<id>": {train, test}})'}: ARC tasks need a model trained on them (GET /v1/models), or an LLM (POST /v1/chat/completions)`,
          { field: 'puzzle', details: { task: 'arc', taskId: parsed.puzzle.id ?? null } },
        );
      }
      const outcome = await solveParsed(parsed, { ...settings, solver: 'trm', model: known.dir }, opts);
      return { outcome, attempts: [describeRun(outcome)] };
    }
    const chosen = named ?? bestFor(all, parsed.task);
    const nineByNine = parsed.task !== 'sudoku' || parsed.puzzle.size === 9;
    if (s.solver === 'trm' && (chosen === undefined || !nineByNine)) {
      const why = chosen === undefined ? `no TRM model for ${parsed.task} is installed` : 'TRM models solve 9x9 Sudoku only';
      throw new InvalidInputError(`solver "trm" cannot answer this: ${why}; use solver "auto" or "exact"`, { field: 'solver' });
    }
    if (s.solver === 'exact' || chosen === undefined || !nineByNine) {
      const exact = await solveParsed(parsed, { ...settings, solver: 'exact' }, opts);
      if (s.solver === 'exact') return { outcome: exact, attempts: [describeRun(exact)] };
      const reason = chosen === undefined ? `trm (no ${parsed.task} model installed)` : 'trm (9x9 Sudoku only)';
      return { outcome: { ...exact, provenance: { ...exact.provenance, fallbackFrom: [reason] } }, attempts: [reason, describeRun(exact)] };
    }
    if (s.solver === 'trm' || !settings.trace) {
      const outcome = await solveParsed(parsed, { ...settings, model: chosen.dir }, opts);
      const first = outcome.provenance.fallbackFrom?.[0];
      const trmSteps = first === undefined ? outcome.provenance.steps : undefined;
      return { outcome, attempts: first === undefined ? [describeRun(outcome)] : [first, describeRun(outcome)], ...(trmSteps === undefined ? {} : { trmSteps }) };
    }
    // auto with a trace: run the TRM alone, keep its trace, and fall back to exact search ourselves.
    let trm: SolveOutcome | undefined;
    let failure: string | undefined;
    try {
      trm = await solveParsed(parsed, { ...settings, solver: 'trm', model: chosen.dir }, opts);
      if (trm.verified) return { outcome: trm, attempts: [describeRun(trm)], ...(trm.provenance.steps === undefined ? {} : { trmSteps: trm.provenance.steps }) };
    } catch (error) {
      if (isTrmRouterError(error) && (error.code === 'aborted' || error.code === 'invalid_input' || error.code === 'timeout')) throw error;
      failure = `trm:${chosen.manifest.name} failed (${isTrmRouterError(error) ? error.code : 'error'})`;
    }
    const exact = await solveParsed(parsed, { ...settings, solver: 'exact' }, opts);
    const from = trm === undefined ? (failure as string) : `${trm.provenance.solver} (not verified)`;
    const outcome: SolveOutcome = {
      ...exact,
      provenance: { ...exact.provenance, fallbackFrom: [from] },
      ...(trm?.trace === undefined ? {} : { trace: trm.trace }),
    };
    return { outcome, attempts: [trm === undefined ? from : describeRun(trm), describeRun(exact)], ...(trm?.provenance.steps === undefined ? {} : { trmSteps: trm.provenance.steps }) };
  }

  function record(task: TaskName, outcome: SolveOutcome, seconds: number, trmSteps: number | undefined): void {
    if (metrics === undefined) return;
    const p = outcome.provenance;
    metrics.solves.inc({ task, solver: p.kind, verified: String(outcome.verified) });
    metrics.solveDuration.observe({ task }, seconds);
    const steps = trmSteps ?? (p.kind === 'trm' ? p.steps : undefined);
    if (steps !== undefined) metrics.trmSteps.observe({ task }, steps);
    if (p.haltedBy !== undefined) metrics.halts.inc({ task, halted_by: p.haltedBy });
    for (const from of p.fallbackFrom ?? []) metrics.fallbacks.inc({ task, from: from.split(' ')[0] ?? from });
  }

  const service: SolveService = {
    modelsDir,
    models,
    async solve(parsed, settings, solveOptions = {}) {
      const started = performance.now();
      const { outcome, attempts, trmSteps } = await run(parsed, settings, solveOptions.signal);
      record(parsed.task, outcome, (performance.now() - started) / 1000, trmSteps);
      const { trace, ...rest } = outcome;
      return {
        ...rest,
        ...(settings.trace && trace !== undefined ? { trace } : {}),
        ...(settings.view ? { view: buildView(parsed, outcome.solution, trace ?? [], attempts) } : {}),
      };
    },
    localSolvers() {
      return {
        async solve(parsed, o = {}): Promise<GridSolveOutcome | undefined> {
          if (parsed.task === 'arc' && !(await models()).some((e) => e.manifest.task === 'arc' && identifiersKnow(e.manifest.identifiers, parsed.puzzle.id))) {
            return undefined;
          }
          const { solution, rendered, verified, provenance } = await service.solve(parsed, { solver: 'auto', trace: false, view: false, format: 'pretty' }, o.signal === undefined ? {} : { signal: o.signal });
          return { solution, rendered, verified, provenance };
        },
      };
    },
    warmUp() {
      warm ??= (async () => {
        const entries = await listModels(modelsDir);
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
