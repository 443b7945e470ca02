/**
 * The routing benchmark (test/fixtures/routing-bench, issue 20): at least 500 labelled requests,
 * a third of them look-alikes, covering every notation of every task and every look-alike
 * family; planned without an LLM, the held-out split (frozen before the detection rules were
 * tuned) reaches recall >= 99% and sends no look-alike to a solver, and so does the tuning
 * split. `npm run bench -- router` prints the figures per task, notation and family.
 */
import { describe, expect, it } from 'vitest';
import { isLookalike, loadBench } from './support/routing-bench/cases.js';
import { LOOKALIKE_FAMILIES } from './support/routing-bench/lookalikes.js';
import { ARC_NOTATIONS, LEARNED_NOTATIONS, MAZE_NOTATIONS, SUDOKU_NOTATIONS } from './support/routing-bench/render.js';
import { recall, runCase, tally } from './support/routing-bench/score.js';

const cases = loadBench();
const results = cases.map(runCase);

describe('routing benchmark', () => {
  it('has at least 500 cases, a third of them look-alikes, every notation and look-alike family in both splits', () => {
    expect(cases.length).toBeGreaterThanOrEqual(500);
    expect(cases.filter(isLookalike).length).toBeGreaterThanOrEqual(cases.length / 3);
    const labels = [
      ...SUDOKU_NOTATIONS.map((n) => `sudoku/${n}`),
      ...MAZE_NOTATIONS.map((n) => `maze/${n}`),
      ...ARC_NOTATIONS.map((n) => `arc/${n}`),
      ...LEARNED_NOTATIONS.map((n) => `learned/${n}`),
      'several/same-task',
      'several/mixed-tasks',
      ...LOOKALIKE_FAMILIES.map((f) => `lookalike/${f}`),
    ];
    for (const split of ['tuning', 'heldout'] as const) {
      const present = new Set(cases.filter((c) => c.split === split).map((c) => c.label));
      expect(
        labels.filter((l) => !present.has(l)),
        split,
      ).toEqual([]);
    }
  });

  for (const split of ['heldout', 'tuning'] as const) {
    it(`${split}: recall >= 99% and no look-alike sent to a solver`, () => {
      const of = results.filter((r) => r.c.split === split);
      const t = tally(of);
      const missed = of.filter((r) => r.missed.length > 0 || r.wrong.length > 0).map((r) => r.c.id);
      expect(recall(t) ?? 0, `missed or wrong: ${missed.join(', ')}`).toBeGreaterThanOrEqual(0.99);
      expect(of.filter((r) => isLookalike(r.c) && r.got.length > 0).map((r) => r.c.id)).toEqual([]);
      // no stray grid beside a right one: every grid sent to a solver is an expected puzzle
      expect(of.filter((r) => r.wrong.length > 0).map((r) => r.c.id)).toEqual([]);
    });
  }
});
