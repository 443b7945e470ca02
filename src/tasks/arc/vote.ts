/**
 * Voting over candidate answers for one ARC test input, as the official evaluator
 * (TinyRecursiveModels evaluators/arc.py) does: candidates (one per augmented copy, already
 * mapped back to the original task) are grouped by identical grid; groups rank by vote count,
 * then by the mean halting probability sigmoid(q_halt) of their members, highest first; equal
 * groups keep the order in which their grid first appeared. pass@k counts the test input
 * solved when the expected grid is among the first k groups.
 */
import { arcGridKey, arcGridsEqual } from './grid.js';
import type { ArcGrid } from './types.js';

/** One candidate answer for one test input. */
export interface ArcCandidate {
  grid: ArcGrid;
  /** Halting logit of the TRM run that produced it; its confidence is sigmoid(qHalt). */
  qHalt?: number;
  /** Confidence in 0..1 directly (used instead of `qHalt` when both are given). */
  confidence?: number;
}

/** One group of identical candidate grids. */
export interface ArcVote {
  grid: ArcGrid;
  /** How many candidates gave this grid. */
  count: number;
  /** Mean confidence of those candidates (a candidate with none counts as 0). */
  meanConfidence: number;
}

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

function confidenceOf(candidate: ArcCandidate): number {
  if (candidate.confidence !== undefined && Number.isFinite(candidate.confidence)) return candidate.confidence;
  if (candidate.qHalt !== undefined && !Number.isNaN(candidate.qHalt)) return sigmoid(candidate.qHalt);
  return 0;
}

/**
 * Groups identical grids and ranks the groups by count, then mean confidence (official order).
 *
 * @example
 * voteArcCandidates([
 *   { grid: [[1]], qHalt: 2 },
 *   { grid: [[2]], qHalt: 5 },
 *   { grid: [[1]], qHalt: -1 },
 * ]).map((v) => v.count); // [2, 1]
 */
export function voteArcCandidates(candidates: readonly ArcCandidate[]): ArcVote[] {
  const groups = new Map<string, { grid: ArcGrid; count: number; total: number; order: number }>();
  candidates.forEach((candidate) => {
    const key = arcGridKey(candidate.grid);
    const group = groups.get(key);
    const confidence = confidenceOf(candidate);
    if (group === undefined) {
      groups.set(key, { grid: candidate.grid, count: 1, total: confidence, order: groups.size });
    } else {
      group.count += 1;
      group.total += confidence;
    }
  });
  return [...groups.values()]
    .map((group) => ({ ...group, mean: group.total / group.count }))
    .sort((a, b) => b.count - a.count || b.mean - a.mean || a.order - b.order)
    .map((group) => ({ grid: group.grid, count: group.count, meanConfidence: group.mean }));
}

/**
 * Whether the expected grid is among the first `k` ranked answers (pass@k for one test input;
 * the official task score is the mean over its test inputs).
 *
 * @example
 * scoreArcPassK(voteArcCandidates(candidates), expected, 2); // true when a top-2 grid matches
 */
export function scoreArcPassK(ranked: readonly { grid: ArcGrid }[], expected: ArcGrid, k: number): boolean {
  return ranked.slice(0, Math.max(0, Math.floor(k))).some((vote) => arcGridsEqual(vote.grid, expected));
}
