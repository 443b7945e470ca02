import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/random.js';
import { augmentGrid, inverseAugmentGrid, randomAugmentation } from './augment.js';
import { decodeArcGrid, encodeArcGrid } from './encode.js';
import type { ArcCandidate } from './vote.js';
import { scoreArcPassK, voteArcCandidates } from './vote.js';

const A = [[1, 1]];
const B = [[2], [2]];
const C = [[3]];
const D = [[4, 0]];

describe('voteArcCandidates', () => {
  it('groups identical grids and ranks by count first', () => {
    const ranked = voteArcCandidates([
      { grid: B, qHalt: 10 },
      { grid: A, qHalt: -5 },
      { grid: [[1, 1]], qHalt: -5 },
      { grid: C, qHalt: 3 },
      { grid: A, qHalt: -5 },
    ]);
    expect(ranked.map((v) => [v.grid, v.count])).toEqual([
      [A, 3],
      [B, 1],
      [C, 1],
    ]);
  });

  it('breaks count ties by the mean of sigmoid(q_halt), as the official evaluator', () => {
    const ranked = voteArcCandidates([
      { grid: A, qHalt: 4 },
      { grid: A, qHalt: -4 },
      { grid: B, qHalt: 1 },
      { grid: B, qHalt: 0 },
    ]);
    // A: mean(sigmoid(4), sigmoid(-4)) = 0.5; B: mean(0.731, 0.5) = 0.616
    expect(ranked.map((v) => v.grid)).toEqual([B, A]);
    expect(ranked[1]?.meanConfidence).toBeCloseTo(0.5, 12);
    expect(ranked[0]?.meanConfidence).toBeCloseTo((1 / (1 + Math.exp(-1)) + 0.5) / 2, 12);
  });

  it('picks the pass@2 attempts as the official evaluator: a count tie broken by mean sigmoid(q_halt), not by arrival', () => {
    // Eight augmented copies of one test input, mapped back. The official evaluator (evaluators/arc.py
    // result()) sums count and sigmoid(q) per grid, divides, sorts by (count, mean) descending, stably,
    // and takes the first two as attempts: here A (3 votes), then C, whose 2 votes tie with B's and D's
    // but whose mean probability is highest, although B and D arrived first.
    const predictions: [ArcCandidate['grid'], number][] = [
      [B, 0.2],
      [A, 1],
      [D, -3],
      [B, -0.6],
      [C, 2],
      [A, -1],
      [D, 4],
      [C, -0.5],
      [A, 0],
    ];
    const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
    const ranked = voteArcCandidates(predictions.map(([grid, qHalt]) => ({ grid, qHalt })));
    // B: (0.550 + 0.354) / 2 = 0.452; C: (0.881 + 0.378) / 2 = 0.629; D: (0.047 + 0.982) / 2 = 0.515
    expect(ranked.map((v) => [v.grid, v.count])).toEqual([
      [A, 3],
      [C, 2],
      [D, 2],
      [B, 2],
    ]);
    expect(ranked[1]?.meanConfidence).toBeCloseTo((sigmoid(2) + sigmoid(-0.5)) / 2, 12);
    expect(scoreArcPassK(ranked, C, 2)).toBe(true);
    expect(scoreArcPassK(ranked, D, 2)).toBe(false);
    expect(scoreArcPassK(ranked, B, 3)).toBe(false);
  });

  it('averages probabilities, not logits', () => {
    // logit means: A = 0.5 > B = 0.4, but probability means: A ~ 0.5 < B ~ 0.599
    const ranked = voteArcCandidates([
      { grid: A, qHalt: 20 },
      { grid: A, qHalt: -19 },
      { grid: B, qHalt: 0.4 },
      { grid: B, qHalt: 0.4 },
    ]);
    expect(ranked[0]?.grid).toEqual(B);
  });

  it('uses a given confidence, counts a missing one as 0, and keeps first-seen order on full ties', () => {
    const ranked = voteArcCandidates([{ grid: C }, { grid: A, confidence: 0.9 }, { grid: B }]);
    expect(ranked.map((v) => v.grid)).toEqual([A, C, B]);
    expect(ranked.map((v) => v.meanConfidence)).toEqual([0.9, 0, 0]);
    expect(voteArcCandidates([])).toEqual([]);
  });

  it('keeps degenerate (empty) crops as candidates, as the official evaluator does', () => {
    const ranked = voteArcCandidates([{ grid: [] }, { grid: [] }, { grid: A }]);
    expect(ranked[0]).toEqual({ grid: [], count: 2, meanConfidence: 0 });
  });
});

describe('scoreArcPassK', () => {
  const ranked = voteArcCandidates([{ grid: A }, { grid: A }, { grid: B }, { grid: C }]);

  it('scores pass@1 and pass@2', () => {
    expect(scoreArcPassK(ranked, [[1, 1]], 1)).toBe(true);
    expect(scoreArcPassK(ranked, B, 1)).toBe(false);
    expect(scoreArcPassK(ranked, B, 2)).toBe(true);
    expect(scoreArcPassK(ranked, C, 2)).toBe(false);
    expect(scoreArcPassK(ranked, C, 3)).toBe(true);
    expect(scoreArcPassK(ranked, [[1], [1]], 2)).toBe(false);
    expect(scoreArcPassK(ranked, A, 0)).toBe(false);
  });

  it('votes through the whole augment -> encode -> crop -> inverse pipeline', () => {
    const expected = [
      [0, 3, 3],
      [4, 0, 0],
    ];
    const rng = createRng(11);
    const candidates: ArcCandidate[] = [];
    for (let i = 0; i < 8; i++) {
      const aug = randomAugmentation(rng);
      // a model that is right on 5 of 8 augmented copies and confidently wrong on the others
      const predicted = i < 5 ? augmentGrid(expected, aug) : [[9]];
      const cropped = decodeArcGrid(encodeArcGrid(predicted));
      candidates.push({ grid: inverseAugmentGrid(cropped, aug), qHalt: i < 5 ? 0 : 5 });
    }
    const ranked = voteArcCandidates(candidates);
    expect(ranked[0]?.count).toBe(5);
    expect(scoreArcPassK(ranked, expected, 1)).toBe(true);
  });
});
