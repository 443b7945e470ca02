/**
 * The local solver chain of the router: Sudoku and maze go to the TRM `auto` solver (a TRM
 * model when one is installed, verified, with exact search as fallback) or to exact search; an
 * ARC task goes to a TRM model only if one was trained on that task (its puzzle identifiers),
 * otherwise nothing local can solve it and the router asks the LLM. The TRM runtime (and
 * onnxruntime) is loaded only when a puzzle is solved, so planning stays light.
 *
 * @example
 * const solvers = createLocalSolvers({ modelsDir: 'models' });
 * const outcome = await solvers.solve(parseTask(text)); // undefined for an ARC task no model knows
 */
import type { FormatStyle, Provenance } from '../core/spec.js';
import { parseAugmentationName } from '../tasks/arc/index.js';
import type { AnyPuzzle } from '../tasks/registry.js';

/** What one local solve produced (JSON-safe). */
export interface GridSolveOutcome {
  solution: unknown;
  /** The solution printed by the task codec. */
  rendered: string;
  verified: boolean;
  provenance: Provenance;
}

export interface LocalSolveOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface LocalSolvers {
  /**
   * Solves a parsed puzzle locally; `undefined` when no local solver can (an ARC task that no
   * installed model was trained on). Throws `UnsolvableError`, `TimeoutError`, `AbortedError`, ...
   */
  solve(parsed: AnyPuzzle, options?: LocalSolveOptions): Promise<GridSolveOutcome | undefined>;
}

export interface LocalSolversOptions {
  /** Folder of TRM models (`TRM_ROUTER_MODELS_DIR`). */
  modelsDir: string;
  /** ONNX Runtime intra-op threads (0 = its default). */
  threads?: number;
  /** `auto`: TRM where a model exists, exact fallback (default); `exact`: exact search only. */
  solver?: 'auto' | 'exact';
  format?: FormatStyle;
}

/** Whether a manifest's puzzle identifiers include `taskId` (any augmentation of it). */
export function identifiersKnow(identifiers: readonly string[] | undefined, taskId: string | undefined): boolean {
  if (identifiers === undefined || taskId === undefined) return false;
  return identifiers.some((name) => {
    if (name === '<blank>') return false;
    try {
      return parseAugmentationName(name).taskId === taskId;
    } catch {
      return false;
    }
  });
}

/**
 * @example
 * const outcome = await createLocalSolvers({ modelsDir: 'models', solver: 'exact' }).solve(parseTask(text));
 */
export function createLocalSolvers(options: LocalSolversOptions): LocalSolvers {
  const settings = {
    solver: options.solver ?? 'auto',
    modelsDir: options.modelsDir,
    threads: options.threads ?? 0,
    trace: false,
    format: options.format === 'line' ? ('line' as const) : ('pretty' as const),
  };
  return {
    async solve(parsed, solveOptions = {}) {
      const trm = await import('../trm/index.js');
      const extra = {
        ...(solveOptions.timeoutMs === undefined ? {} : { timeoutMs: solveOptions.timeoutMs }),
      };
      const signal = solveOptions.signal === undefined ? {} : { signal: solveOptions.signal };
      if (parsed.task !== 'arc') return trm.solveParsed(parsed, { ...settings, ...extra }, signal);
      if (settings.solver === 'exact') return undefined;
      const models = (await trm.listModels(settings.modelsDir)).filter((m) => m.manifest.task === 'arc');
      const known = models.find((m) => identifiersKnow(m.manifest.identifiers, parsed.puzzle.id));
      if (known === undefined) return undefined;
      return trm.solveParsed(parsed, { ...settings, ...extra, solver: 'trm', model: known.dir }, signal);
    },
  };
}
