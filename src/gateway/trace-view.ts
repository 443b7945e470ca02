/**
 * Display grids for the playground: the puzzle, the answer and, for each TRM supervision step,
 * the grid the model would answer at that step with each cell's confidence, cropped to the
 * puzzle. How a task's grids look is the task's own (`TaskDefinition.boards`).
 *
 * @example
 * const view = buildView(parsed, outcome.solution, outcome.trace ?? [], outcome.attempts);
 * view.frames[0].board.cells[0][0]; // '5'
 */
import type { Board } from '../core/task.js';
import type { TraceStep } from '../trm/index.js';
import { getTask } from '../tasks/index.js';
import type { AnyPuzzle } from '../tasks/index.js';

export type { Board } from '../core/task.js';

export interface TraceFrame {
  step: number;
  qHalt: number;
  haltProbability: number;
  board: Board;
  confidence: number[][];
  verified: boolean;
}

export interface SolveView {
  puzzle: Board[];
  answer: Board[];
  frames: TraceFrame[];
  attempts: string[];
  /** Whether the task's answers can be proven right at all (Sudoku, maze); ARC and learned tasks cannot. */
  verifiable: boolean;
  /** How an answer of this task is labelled when it is not verified ("NOT verified", "not verifiable"). */
  unverifiedLabel: string;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** One frame per trace step, cropped to the puzzle; empty for tasks whose steps have no single board (ARC). */
export function traceFrames(parsed: AnyPuzzle, trace: readonly TraceStep[]): TraceFrame[] {
  const { boards } = getTask(parsed.task);
  if (boards.step === undefined) return [];
  return trace.flatMap((s) => {
    const stride = Math.round(Math.sqrt(s.tokens.length));
    const frame = boards.step?.(parsed.puzzle, s.tokens, stride);
    if (frame === undefined) return [];
    const { rows, cols } = frame.board;
    const confidence = Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => round3(s.confidence[r * stride + c] ?? 0)));
    return [{ step: s.step, qHalt: round3(s.qHalt), haltProbability: round3(s.haltProbability), board: frame.board, confidence, verified: frame.verified }];
  });
}

/**
 * The whole view of a solve.
 *
 * @example
 * buildView(parsed, solution, trace, ['trm:sudoku-9x9-mlp-small, 8 TRM steps, halted by max_steps: NOT verified', 'sudoku-bitmask, 12 search nodes: verified']);
 */
export function buildView(parsed: AnyPuzzle, solution: unknown, trace: readonly TraceStep[], attempts: string[]): SolveView {
  const task = getTask(parsed.task);
  return {
    puzzle: task.boards.puzzle(parsed.puzzle),
    answer: task.boards.answer(parsed.puzzle, solution),
    frames: traceFrames(parsed, trace),
    attempts,
    verifiable: task.verifiable,
    unverifiedLabel: task.unverifiedLabel,
  };
}
