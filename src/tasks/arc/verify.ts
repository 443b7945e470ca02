/**
 * Checking ARC answers. Without the expected outputs nothing can prove an ARC answer correct,
 * so `verifyArcSolution` checks well-formedness only (`strength: 'format'`). Scoring against
 * known outputs (evaluation sets) is `checkArcAnswer`: exact match, as the official evaluator.
 */
import { InvalidInputError } from '../../core/errors.js';
import type { Verification, VerifyProblem } from '../../core/spec.js';
import { arcGridsEqual, findArcGridProblem } from './grid.js';
import type { ArcGrid, ArcTask } from './types.js';

/**
 * Checks that a solution has one well-formed grid (1..30 x 1..30, rectangular, colours 0..9)
 * per test input. Never throws; `ok` never means "correct" (`strength` is always `'format'`).
 *
 * @example
 * verifyArcSolution(task, [[[1, 2]]]); // { ok: true, strength: 'format', problems: [] } for one test input
 */
export function verifyArcSolution(task: ArcTask, solution: unknown): Verification {
  const problems: VerifyProblem[] = [];
  if (!Array.isArray(solution)) {
    problems.push({ kind: 'not_a_solution', message: 'an ARC solution must be an array of output grids' });
    return { ok: false, strength: 'format', problems };
  }
  const grids: unknown[] = solution;
  if (grids.length !== task.test.length) {
    problems.push({
      kind: 'count_mismatch',
      message: `the task has ${task.test.length} test inputs but the solution has ${grids.length} grids`,
    });
  }
  grids.forEach((grid, i) => {
    const problem = findArcGridProblem(grid, `solution.${i}`);
    if (problem !== null) {
      problems.push({
        kind: problem.kind,
        message: problem.message,
        ...(problem.position === undefined ? {} : { cells: [problem.position] }),
      });
    }
  });
  return { ok: problems.length === 0, strength: 'format', problems };
}

/** Result of scoring a solution against known outputs. */
export interface ArcAnswerCheck {
  /** Every test input answered exactly. */
  correct: boolean;
  /** Exact match per test input, in order. */
  perTest: boolean[];
  /** Fraction of test inputs answered exactly (the official per-task score). */
  score: number;
}

/**
 * Scores a solution against the expected outputs by exact match (shape and every colour).
 * A missing grid counts as wrong.
 *
 * @example
 * checkArcAnswer([[[1]], [[2]]], [[[1]], [[3]]]); // { correct: false, perTest: [true, false], score: 0.5 }
 */
export function checkArcAnswer(solution: readonly ArcGrid[], expected: readonly ArcGrid[]): ArcAnswerCheck {
  const perTest = expected.map((want, i) => {
    const got = solution[i];
    return got !== undefined && arcGridsEqual(got, want);
  });
  const hits = perTest.filter(Boolean).length;
  return {
    correct: expected.length > 0 && hits === expected.length && solution.length === expected.length,
    perTest,
    score: expected.length === 0 ? 0 : hits / expected.length,
  };
}

/**
 * The known test outputs of a task (loaded with solutions); throws `InvalidInputError` naming
 * the first test item without one.
 *
 * @example
 * checkArcAnswer(solution, expectedArcOutputs(task));
 */
export function expectedArcOutputs(task: ArcTask): ArcGrid[] {
  return task.test.map((item, i) => {
    if (item.output === undefined) {
      throw new InvalidInputError(`ARC task${task.id === undefined ? '' : ` ${task.id}`} has no known output for test ${i}`, {
        field: `test.${i}.output`,
      });
    }
    return item.output;
  });
}
