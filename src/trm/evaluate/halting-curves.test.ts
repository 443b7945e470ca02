import { describe, expect, it } from 'vitest';
import { chooseHalting, haltingCurves } from './halting-curves.js';

// Three puzzles, 3 steps: A right from step 2 (Q head halts at 2), B right only at step 3,
// C never right (Q head halts at 1).
const records = [
  { correct: [false, true, true], qHalt: [-3, 1.5, 3] },
  { correct: [false, false, true], qHalt: [-4, -2, 0.5] },
  { correct: [false, false, false], qHalt: [0.5, 0.7, 0.9] },
];

describe('haltingCurves', () => {
  const points = haltingCurves(records, [0, 1]);
  const find = (policy: string, parameter: number) => points.find((p) => p.policy === policy && p.parameter === parameter);

  it('fixed k: accuracy at step k, k steps each', () => {
    expect(find('fixed', 1)).toMatchObject({ exact: 0, meanSteps: 1 });
    expect(find('fixed', 2)).toMatchObject({ exact: 1 / 3, meanSteps: 2 });
    expect(find('fixed', 3)).toMatchObject({ exact: 2 / 3, meanSteps: 3 });
  });

  it('adaptive: first step with q_halt above the threshold, else the last', () => {
    // t=0: A stops at 2 (right), B at 3 (right), C at 1 (wrong)
    expect(find('adaptive', 0)).toMatchObject({ exact: 2 / 3, meanSteps: 2 });
    // t=1: A at 2 (right), B at 3 (right, last), C at 3 (wrong, last)
    expect(find('adaptive', 1)!.meanSteps).toBeCloseTo(8 / 3);
  });

  it('verified: first correct step, else the last', () => {
    expect(find('verified', 3)).toMatchObject({ exact: 2 / 3, meanSteps: (2 + 3 + 3) / 3 });
  });

  it('chooses the fewest steps among the most accurate', () => {
    expect(chooseHalting(points)).toMatchObject({ policy: 'adaptive', parameter: 0 });
  });
});
