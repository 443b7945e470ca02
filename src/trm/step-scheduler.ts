/**
 * Fair sharing of the CPU between engines: one ORT step runs at a time in the process (each run
 * already uses every intra-op thread, so running two at once only makes them fight over cores),
 * and the next step goes to the engine that has had the least time per request it serves
 * (start-time fair queueing, weighted by the solves in the engine's batch). Without it, an
 * engine serving one expensive request (a 30x30 maze run at the compute budget) takes as much
 * CPU as another serving sixty cheap ones (Sudokus); with it, every solve gets about the same
 * share, so cheap requests are not slowed down by a few costly ones.
 *
 * @example
 * const scheduler = new StepScheduler();
 * const engine = new TrmEngine(model, { scheduler });
 * // inside the engine: await scheduler.run(this, solvesInBatch, () => this.stepBatch(batch));
 */

interface Waiter {
  start: number;
  grant: () => void;
}

export class StepScheduler {
  private readonly now: () => number;
  private busy = false;
  private readonly waiting: Waiter[] = [];
  /** Each owner's virtual finish time: its time so far divided by its weights. */
  private readonly finish = new WeakMap<object, number>();
  private clock = 0;
  /** Steps run, and steps that had to wait for another owner's (for tests and benchmarks). */
  readonly stats = { steps: 0, waited: 0 };

  /** `now`: the clock steps are timed with, ms (default `performance.now`; tests pass their own). */
  constructor(options: { now?: () => number } = {}) {
    this.now = options.now ?? (() => performance.now());
  }

  /**
   * Runs `step` for `owner` when its turn comes; its duration is charged to `owner` divided by
   * `weight` (the requests the step serves), so an owner serving more requests gets more turns.
   */
  async run<T>(owner: object, weight: number, step: () => Promise<T>): Promise<T> {
    const start = Math.max(this.clock, this.finish.get(owner) ?? 0);
    if (this.busy || this.waiting.length > 0) {
      this.stats.waited += 1;
      await new Promise<void>((grant) => {
        const at = this.waiting.findIndex((w) => w.start > start);
        this.waiting.splice(at < 0 ? this.waiting.length : at, 0, { start, grant });
      });
    }
    this.busy = true;
    this.clock = Math.max(this.clock, start);
    this.stats.steps += 1;
    const began = this.now();
    try {
      return await step();
    } finally {
      this.finish.set(owner, start + (this.now() - began) / Math.max(1, weight));
      this.busy = false;
      // The next turn is chosen a tick later, once the owner that just ran has asked for its next one too.
      if (this.waiting.length > 0) setImmediate(() => this.dispatch());
    }
  }

  private dispatch(): void {
    if (this.busy) return;
    const next = this.waiting.shift();
    if (next === undefined) return;
    this.busy = true;
    next.grant();
  }
}

/** The scheduler every engine shares unless given its own. */
export const sharedStepScheduler = new StepScheduler();
