/**
 * Halting as data: a sample's step loop stops at the first condition that says so, and that
 * condition's `reason` is reported as `haltedBy`.
 *
 * @example
 * const stop = haltingPolicy('adaptive', { maxSteps: 16 }); // [qHaltAbove(0), maxSteps(16)]
 * const custom = [verifiedStop(), qHaltAbove(2), maxSteps(8)];
 */
import { InvalidInputError } from '../core/index.js';
import type { HaltReason } from '../core/index.js';

/** What a stop condition sees after each supervision step of one sample. */
export interface SampleStepState {
  /** Supervision steps done so far (1 after the first). */
  step: number;
  /** Halting logit of this step (> 0: the Q head says halt). */
  qHalt: number;
  /** Argmax tokens predicted at this step. */
  tokens: Int32Array;
  /** Decodes and verifies the prediction (computed once per step, only when asked). */
  isVerified(): boolean;
}

export interface StopCondition {
  readonly reason: HaltReason;
  readonly description: string;
  shouldStop(state: SampleStepState): boolean;
}

/** Stops after `n` supervision steps (the official evaluation always runs the maximum). */
export function maxSteps(n: number): StopCondition {
  if (!Number.isInteger(n) || n < 1) throw new InvalidInputError(`maxSteps must be a positive integer (got ${n})`, { field: 'maxSteps' });
  return { reason: 'max_steps', description: `max ${n} steps`, shouldStop: (s) => s.step >= n };
}

/** Stops once the Q head's halting logit exceeds `threshold` (0 = probability 0.5). */
export function qHaltAbove(threshold = 0): StopCondition {
  return { reason: 'q_halt', description: `q_halt > ${threshold}`, shouldStop: (s) => s.qHalt > threshold };
}

/** Stops once the task verifier accepts the decoded prediction. */
export function verifiedStop(): StopCondition {
  return { reason: 'verified', description: 'verifier accepts', shouldStop: (s) => s.isVerified() };
}

export const HALT_POLICIES = ['fixed', 'adaptive', 'verified'] as const;
export type HaltPolicy = (typeof HALT_POLICIES)[number];

/**
 * The stop list of a named policy, always capped by `maxSteps`:
 * fixed = run every step; adaptive = stop when q_halt > threshold; verified = stop when the
 * verifier accepts (falls back to the cap).
 */
export function haltingPolicy(policy: HaltPolicy, options: { maxSteps: number; threshold?: number }): StopCondition[] {
  const cap = maxSteps(options.maxSteps);
  switch (policy) {
    case 'fixed':
      return [cap];
    case 'adaptive':
      return [qHaltAbove(options.threshold ?? 0), cap];
    case 'verified':
      return [verifiedStop(), cap];
  }
}

/** The first condition that fires, or `undefined`. */
export function firstStop(conditions: readonly StopCondition[], state: SampleStepState): StopCondition | undefined {
  return conditions.find((c) => c.shouldStop(state));
}
