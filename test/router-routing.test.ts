/**
 * The labelled routing set (test/fixtures/router): without any LLM, structural cases are routed
 * correctly at >= 99% and no look-alike reaches a solver. `npm run bench -- router` prints the
 * rates per category.
 */
import { describe, expect, it } from 'vitest';
import { planStructure } from '../src/router/plan.js';
import { loadRoutingSet, planLabels, reachesSolver, STRUCTURAL } from './support/routing-set.js';

const cases = loadRoutingSet();
const routed = cases.map((c) => {
  const plan = planStructure(c.text);
  return { c, plan, got: planLabels(plan) };
});
const correct = (r: (typeof routed)[number]) => JSON.stringify(r.got) === JSON.stringify(r.c.expect);

describe('routing set (no LLM)', () => {
  it('has at least 300 labelled inputs covering every category', () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
    const categories = new Set(cases.map((c) => c.category));
    expect([...categories].sort()).toEqual(['grid', 'invalid', 'lookalike', 'mixed', 'prose', 'text']);
    expect(cases.filter((c) => c.category === 'lookalike').length).toBeGreaterThanOrEqual(80);
  });

  it('routes the structural cases correctly at >= 99%', () => {
    const structural = routed.filter((r) => STRUCTURAL.includes(r.c.category));
    const wrong = structural.filter((r) => !correct(r)).map((r) => `${r.c.id}: expected ${r.c.expect.join(',')}, got ${r.got.join(',')}`);
    const rate = (structural.length - wrong.length) / structural.length;
    expect(wrong.length, wrong.join('\n')).toBeLessThanOrEqual(Math.floor(structural.length * 0.01));
    expect(rate).toBeGreaterThanOrEqual(0.99);
  });

  it('sends no look-alike (nor any text-only case) to a solver', () => {
    const leaks = routed.filter((r) => !r.c.expect.some((e) => ['sudoku', 'maze', 'arc'].includes(e)) && reachesSolver(r.plan)).map((r) => r.c.id);
    expect(leaks).toEqual([]);
  });

  it('marks puzzles described in words for LLM extraction', () => {
    const prose = routed.filter((r) => r.c.category === 'prose');
    const right = prose.filter(correct).length;
    expect(right / prose.length).toBeGreaterThanOrEqual(0.9);
  });
});
