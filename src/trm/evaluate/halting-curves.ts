/**
 * Halting measured in one pass: every puzzle runs all supervision steps once, and the
 * correctness and halting logit of each step give the accuracy-versus-steps curve of every
 * policy at once: fixed 1..max steps, adaptive halting at a sweep of q_halt thresholds, and the
 * verified stop. The default policy is then chosen from the curves (`chooseHalting`).
 *
 * @example
 * const points = haltingCurves(await recordSteps(model, items));
 * console.log(formatCurves(points, chooseHalting(points)));
 */
import { TrmEngine } from '../engine.js';
import type { TrmModel } from '../model.js';
import { maxSteps as maxStepsStop } from '../stop.js';
import { evalCodec } from './data.js';
import type { EvalItem } from './data.js';

export interface CurvePoint {
  policy: 'fixed' | 'adaptive' | 'verified';
  /** Step cap (fixed) or q_halt threshold (adaptive). */
  parameter: number;
  exact: number;
  meanSteps: number;
}

export const DEFAULT_THRESHOLDS = [-2, -1, 0, 1, 2, 4];

/** Per puzzle: correct at each step, halting logit at each step. */
export interface StepRecord {
  correct: boolean[];
  qHalt: number[];
}

export async function recordSteps(
  model: TrmModel,
  items: EvalItem[],
  options: { maxSteps?: number; batch?: number; onProgress?: ((done: number, total: number) => void) | undefined } = {},
): Promise<StepRecord[]> {
  const max = options.maxSteps ?? model.manifest.recursion.haltMaxSteps;
  const engine = new TrmEngine(model, { maxBatch: options.batch ?? 64 });
  const codec = evalCodec(model);
  let done = 0;
  return Promise.all(
    items.map(async (item) => {
      const r = await engine.run({ inputs: codec.encode(item), stop: [maxStepsStop(max)], trace: true });
      const trace = r.trace ?? [];
      const correct = trace.map((t) => codec.correct(item, t.tokens));
      options.onProgress?.(++done, items.length);
      return { correct, qHalt: trace.map((t) => t.qHalt) };
    }),
  );
}

/**
 * Every policy's accuracy and mean steps, from one pass of recorded steps. `verifiable: false`
 * (ARC, learned tasks) leaves out the verified stop: without a verifier it would stop on the
 * label, which inference does not have.
 */
export function haltingCurves(records: StepRecord[], thresholds: number[] = DEFAULT_THRESHOLDS, options: { verifiable?: boolean } = {}): CurvePoint[] {
  const n = Math.max(1, records.length);
  const max = Math.max(0, ...records.map((r) => r.correct.length));
  const points: CurvePoint[] = [];
  const stopAt = (r: StepRecord, pick: (k: number) => boolean): number => {
    for (let k = 0; k < r.correct.length; k++) if (pick(k)) return k;
    return r.correct.length - 1;
  };
  const point = (policy: CurvePoint['policy'], parameter: number, at: (r: StepRecord) => number): CurvePoint => {
    let exact = 0;
    let steps = 0;
    for (const r of records) {
      const k = at(r);
      if (r.correct[k] === true) exact++;
      steps += k + 1;
    }
    return { policy, parameter, exact: exact / n, meanSteps: steps / n };
  };
  for (let s = 1; s <= max; s++) points.push(point('fixed', s, (r) => Math.min(s, r.correct.length) - 1));
  for (const t of thresholds) points.push(point('adaptive', t, (r) => stopAt(r, (k) => (r.qHalt[k] ?? -Infinity) > t)));
  if (options.verifiable !== false) points.push(point('verified', max, (r) => stopAt(r, (k) => r.correct[k] === true)));
  return points;
}

/**
 * The default policy: the fewest mean steps among the policies whose exact accuracy is within
 * `tolerance` (0.005 = half a point) of the best.
 */
export function chooseHalting(points: CurvePoint[], tolerance = 0.005): CurvePoint {
  const best = Math.max(...points.map((p) => p.exact));
  const good = points.filter((p) => p.exact >= best - tolerance);
  return good.reduce((a, b) => (b.meanSteps < a.meanSteps ? b : a));
}

/**
 * The q_halt threshold for adaptive halting, by the same rule among the adaptive points only:
 * what `--halt adaptive` uses when the caller gives no threshold. `undefined` without such points.
 */
export function chooseAdaptive(points: CurvePoint[], tolerance = 0.005): CurvePoint | undefined {
  const adaptive = points.filter((p) => p.policy === 'adaptive');
  return adaptive.length === 0 ? undefined : chooseHalting(adaptive, tolerance);
}

export function formatCurves(points: CurvePoint[], chosen?: CurvePoint, adaptive?: CurvePoint): string {
  const rows = points.map((p) => [
    p.policy,
    p.policy === 'adaptive' ? `q_halt > ${p.parameter}` : p.policy === 'fixed' ? `${p.parameter} step${p.parameter === 1 ? '' : 's'}` : `max ${p.parameter}`,
    `${(p.exact * 100).toFixed(1)}%`,
    p.meanSteps.toFixed(2),
    p === chosen ? '<- default' : p === adaptive ? '<- adaptive threshold' : '',
  ]);
  const header = ['policy', 'setting', 'exact', 'mean steps', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 && i <= 3 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}
