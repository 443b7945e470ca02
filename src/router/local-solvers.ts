/**
 * The local solver chain of the router: the solve policy of `src/trm` (`solveParsed`) with the
 * `auto` solver (a TRM model that can take the puzzle, verified, exact search as fallback) or
 * exact search alone. A puzzle that nothing local can answer (an ARC task no installed model was
 * trained on, a learned task without its model) gives `undefined`, and the router asks the LLM.
 * The TRM runtime (and onnxruntime) is loaded only when a puzzle is solved, so planning stays
 * light.
 *
 * @example
 * const solvers = createLocalSolvers({ modelDirs: config.modelDirs });
 * const outcome = await solvers.solve(parseTask(text)); // undefined for an ARC task no model knows
 */
import { isTrmRouterError } from '../core/errors.js';
import type { FormatStyle, Provenance } from '../core/spec.js';
import type { AnyPuzzle } from '../tasks/registry.js';

/** What one local solve produced (JSON-safe). */
export interface GridSolveOutcome {
  solution: unknown;
  /** The solution printed by the task codec. */
  rendered: string;
  verified: boolean;
  provenance: Provenance;
  /** Supervision steps the TRM ran on this puzzle, every sample of every model tried (also when exact search answered after it). */
  trmSteps?: number;
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
  /** Folders of TRM models (the package's own, then the user's). */
  modelDirs: readonly string[];
  /** ONNX Runtime intra-op threads (0 = its default). */
  threads?: number;
  /** `auto`: TRM where a model can take the puzzle, exact fallback (default); `exact`: exact search only. */
  solver?: 'auto' | 'exact';
  format?: FormatStyle;
}

/**
 * @example
 * const outcome = await createLocalSolvers({ modelDirs: ['models'], solver: 'exact' }).solve(parseTask(text));
 */
export function createLocalSolvers(options: LocalSolversOptions): LocalSolvers {
  const settings = {
    solver: options.solver ?? 'auto',
    modelDirs: options.modelDirs,
    threads: options.threads ?? 0,
    trace: false,
    format: options.format ?? 'pretty',
  } as const;
  return {
    async solve(parsed, solveOptions = {}) {
      const trm = await import('../trm/index.js');
      try {
        const { solution, rendered, verified, provenance, trmSteps } = await trm.solveParsed(
          parsed,
          { ...settings, ...(solveOptions.timeoutMs === undefined ? {} : { timeoutMs: solveOptions.timeoutMs }) },
          solveOptions.signal === undefined ? {} : { signal: solveOptions.signal },
        );
        return { solution, rendered, verified, provenance, ...(trmSteps === undefined ? {} : { trmSteps }) };
      } catch (error) {
        if (isTrmRouterError(error) && error.code === 'not_supported') return undefined; // nothing local can answer it
        throw error;
      }
    },
  };
}
