/**
 * The compute budget of one solve, in cell-steps: each supervision step of one sample costs the
 * model's sequence length (its cells), so a solve costs steps x samples x cells. A server sets
 * caps a request cannot raise (`ComputeLimits`: most steps, most exploration, most cell-steps);
 * `solveParsed` refuses a request whose worst case is over them before any step runs, lowers a
 * model's own defaults to them, and gives the run a `ComputeBudget` the engine charges before
 * every step, so no plan (ARC's many samples included) can spend more.
 *
 * @example
 * const budget = new ComputeBudget(50_000);
 * await engine.run({ inputs, stop, budget }); // halted by 'budget' if it ran out
 * budget.used; // cell-steps spent
 * budget.steps; // supervision steps, every sample's
 */
import { InvalidInputError } from '../core/index.js';

/** What one solve may spend; the server's caps (`TRM_ROUTER_MAX_STEPS`, `TRM_ROUTER_MAX_EXPLORE`, `TRM_ROUTER_SOLVE_BUDGET`). */
export interface ComputeLimits {
  /** Most supervision steps a request may ask for (a model's larger default is lowered to it). */
  maxSteps: number;
  /** Most exploration samples (`explore`) a request may ask for; a model's larger default is lowered to it. */
  maxExplore: number;
  /** Most cell-steps (steps x samples x cells) one solve may spend. */
  maxCellSteps: number;
}

/** Cell-steps left to a solve, shared by all its samples and charged before each step. */
export class ComputeBudget {
  readonly limit: number;
  /** Cell-steps spent. */
  used = 0;
  /** Supervision steps paid for, over every sample (what `used` bought). */
  steps = 0;

  constructor(limit: number) {
    if (Number.isNaN(limit) || limit < 0) throw new InvalidInputError(`A compute budget must be a number >= 0 (got ${limit})`, { field: 'budget' });
    this.limit = limit;
  }

  get remaining(): number {
    return this.limit - this.used;
  }

  /** Pays for `cells` if the budget can; false (nothing charged) if not. */
  charge(cells: number): boolean {
    if (this.used + cells > this.limit) return false;
    this.used += cells;
    this.steps++;
    return true;
  }
}

/** What a request asked for, and the model it runs on. */
export interface BudgetRequest {
  /** Supervision steps the request asked for (`undefined`: the model's default, `defaultSteps`). */
  maxSteps: number | undefined;
  /** Noisy re-runs the request asked for (single-sample tasks). */
  explore: number | undefined;
  /** The model's own step cap (its measured halting policy's, else its recursion's). */
  defaultSteps: number;
  /** The model's own exploration (`halting.explore`; 0 = none), used when the request asks for none. */
  defaultExplore?: number;
  /**
   * The step cap the model was trained with (`recursion.haltMaxSteps`): where the budget cannot
   * pay for the default exploration at the default steps, the steps are lowered toward it before
   * the exploration is (each exploration sample is a fresh attempt; steps past the trained ones
   * add less).
   */
  trainedSteps?: number;
  /** The model's cells (sequence length): the cost of one step of one sample. */
  cells: number;
  /** Puzzle parts a multi-sample plan answers (ARC: test inputs); `undefined` for single-sample tasks. */
  planParts: number | undefined;
  /** Most samples per part the caller allows a plan (default all). */
  maxSamples: number | undefined;
}

/** The settings a solve runs with under `limits`: steps, exploration, plan samples per part. */
export interface BudgetedRun {
  steps: number;
  /** Exploration samples (single-sample tasks): the request's, or the model's default lowered to what the budget pays for. */
  explore: number | undefined;
  /** Samples per part (plans), lowered to what the budget pays for. */
  maxSamples: number | undefined;
}

const refuse = (field: string, message: string, details: Record<string, unknown>): InvalidInputError => new InvalidInputError(message, { field, details });

/**
 * Checks a request against the server's caps and fits the model's defaults into them: an
 * explicit `maxSteps` or `explore` over its cap, or a worst case (steps x samples x cells) over
 * the budget, is refused (`InvalidInputError` naming the field and the setting); a default is
 * lowered instead (steps to the cap and to what the budget pays for; then the model's default
 * exploration to the cap and, when the budget cannot pay for it, first the default steps toward
 * the trained ones (`trainedSteps`), then the exploration to what the budget pays for at those
 * steps; a plan's samples per part to what the budget pays for).
 *
 * @example
 * fitBudget({ maxSteps: 256, explore: 16, defaultSteps: 8, cells: 81, planParts: undefined, maxSamples: undefined }, limits); // throws: maxSteps
 */
export function fitBudget(r: BudgetRequest, limits: ComputeLimits): BudgetedRun {
  if (r.maxSteps !== undefined && r.maxSteps > limits.maxSteps) {
    throw refuse('maxSteps', `maxSteps ${r.maxSteps} is over this server's cap of ${limits.maxSteps} (TRM_ROUTER_MAX_STEPS)`, {
      requested: r.maxSteps,
      limit: limits.maxSteps,
      setting: 'TRM_ROUTER_MAX_STEPS',
    });
  }
  if (r.explore !== undefined && r.explore > limits.maxExplore) {
    throw refuse('explore', `explore ${r.explore} is over this server's cap of ${limits.maxExplore} (TRM_ROUTER_MAX_EXPLORE)`, {
      requested: r.explore,
      limit: limits.maxExplore,
      setting: 'TRM_ROUTER_MAX_EXPLORE',
    });
  }
  const budget = limits.maxCellSteps;
  if (r.cells > budget) {
    throw refuse('model', `One step of this model costs ${r.cells} cell-steps, more than this server's budget of ${budget} (TRM_ROUTER_SOLVE_BUDGET)`, {
      cells: r.cells,
      budget,
      setting: 'TRM_ROUTER_SOLVE_BUDGET',
    });
  }
  const parts = r.planParts;
  const samples = parts === undefined ? 1 + (r.explore ?? 0) : parts;
  // The most steps the budget pays for with at least one sample per part.
  const affordable = Math.floor(budget / (samples * r.cells));
  const steps = r.maxSteps ?? Math.max(1, Math.min(r.defaultSteps, limits.maxSteps, affordable));
  const cost = steps * samples * r.cells;
  if (cost > budget) {
    const field = parts === undefined && (r.explore ?? 0) > 0 ? 'explore' : r.maxSteps !== undefined ? 'maxSteps' : 'puzzle';
    throw refuse(
      field,
      `This solve could cost ${cost} cell-steps (${steps} steps x ${samples} samples x ${r.cells} cells), over this server's budget of ${budget} (TRM_ROUTER_SOLVE_BUDGET): ask for fewer steps or less exploration`,
      { cost, budget, steps, samples, cells: r.cells, setting: 'TRM_ROUTER_SOLVE_BUDGET' },
    );
  }
  if (parts === undefined) {
    if (r.explore !== undefined || (r.defaultExplore ?? 0) === 0) return { steps, explore: r.explore, maxSamples: undefined };
    const wanted = Math.min(r.defaultExplore ?? 0, limits.maxExplore);
    // a default step cap gives way to the default exploration, down to the trained steps at most
    let fitted = steps;
    const lowest = r.maxSteps === undefined ? Math.min(steps, r.trainedSteps ?? steps) : steps;
    while (fitted > lowest && (1 + wanted) * fitted * r.cells > budget) fitted--;
    const more = Math.max(0, Math.floor(budget / (fitted * r.cells)) - 1);
    return { steps: fitted, explore: Math.min(wanted, more), maxSamples: undefined };
  }
  const perPart = Math.max(1, Math.floor(budget / (steps * parts * r.cells)));
  return { steps, explore: undefined, maxSamples: Math.min(r.maxSamples ?? perPart, perPart) };
}
