/**
 * The spec types every part of trm-router is written against: a task codec (how one puzzle
 * family is parsed, printed, verified, encoded to TRM tokens and solved exactly), a solver,
 * and the answer with provenance. Implementations live in `src/tasks`, `src/trm`, `src/llm`.
 */
import type { z } from 'zod';
import type { CellPosition } from './errors.js';

/** A registered task's name (`src/tasks/registry.ts` lists them; learned tasks join at load). */
export type TaskName = string;

/** A rectangular grid of small integers, row-major (`grid[row][col]`). */
export type Grid = number[][];

/** How strongly a piece of text looks like a puzzle of one task. */
export interface Detection {
  /** 0..1: 1 = unambiguous structure (an 81-digit line, ARC JSON); below 0.5 = a guess. */
  score: number;
  /** Character span of the puzzle inside the text (`text.slice(start, end)`). */
  start: number;
  end: number;
  /** Why it scored so, for logs and the router's plan. */
  reason: string;
  /**
   * The structure alone settles it: nothing but a puzzle of this task looks like this (a Sudoku
   * with the givens, digits and no conflicts that a puzzle with one solution has). Words around
   * it that usually mark a grid as no puzzle ("table", "const") then count for less; a request
   * that says it is not a puzzle still wins.
   */
  conclusive?: boolean;
}

/** One thing wrong with a candidate solution, located where possible. */
export interface VerifyProblem {
  /** Stable short kind: `row_conflict`, `given_changed`, `not_adjacent`, `wall`, ... */
  kind: string;
  message: string;
  cells?: CellPosition[];
}

/**
 * Result of checking a candidate solution. `strength` says what `ok` means: `full` = the
 * solution is proven correct; `format` = only well-formedness could be checked (ARC has no
 * verifier for correctness), so an `ok` there is never reported as "verified".
 */
export interface Verification {
  ok: boolean;
  strength: 'full' | 'format';
  problems: VerifyProblem[];
}

/** Search statistics of an exact solve. */
export interface ExactStats {
  /** Search nodes visited (the difficulty measure used by generators). */
  nodes: number;
}

/** A complete, deterministic solver for a task that has one (Sudoku: backtracking; maze: BFS). */
export interface ExactSolver<P, S> {
  readonly name: string;
  /** Solves or throws `UnsolvableError`; `InvalidInputError` for a malformed puzzle. */
  solve(puzzle: P, options?: { signal?: AbortSignal }): { solution: S; stats: ExactStats };
}

/** How a task maps to the official TRM token encoding. */
export interface TokenSpec {
  /** Sequence length S. */
  seqLen: number;
  /** Vocabulary size V (0 is PAD in every official encoding). */
  vocabSize: number;
  /** Canvas the tokens lay out on, rows x cols (9x9 for Sudoku, 30x30 for maze and ARC). */
  canvas: { rows: number; cols: number };
}

export type FormatStyle = 'pretty' | 'line';

/**
 * Everything the toolkit needs to know about one puzzle family.
 * `P` is the puzzle, `S` its solution.
 */
export interface TaskCodec<P, S> {
  readonly task: TaskName;
  /** One sentence for tool descriptions and help text. */
  readonly description: string;
  readonly puzzleSchema: z.ZodType<P>;
  readonly solutionSchema: z.ZodType<S>;
  /** Scores `text` (and finds the span) without throwing; `null` when nothing looks like this task. */
  detect(text: string): Detection | null;
  /** Parses text (any supported notation, possibly inside prose) or a structured value. */
  parse(input: unknown): P;
  /** Prints a puzzle. */
  format(puzzle: P, style?: FormatStyle): string;
  /** Prints a solution (in the context of its puzzle). */
  formatSolution(solution: S, puzzle: P, style?: FormatStyle): string;
  /** Checks a candidate solution against the puzzle; never throws on a wrong solution. */
  verify(puzzle: P, solution: S): Verification;
  readonly tokens: TokenSpec;
  /** The official TRM input tokens (length `tokens.seqLen`). */
  encode(puzzle: P): Int32Array;
  /** Reads a solution out of predicted tokens (length `tokens.seqLen`). */
  decode(tokens: ArrayLike<number>, puzzle: P): S;
  /**
   * The same task encoded on another canvas (a model trained on a smaller one, e.g. a 12x12
   * maze model), for tasks that allow it; encoding a puzzle that does not fit throws
   * `NotSupportedError`. Absent where the canvas is fixed (Sudoku, ARC).
   */
  onCanvas?(canvas: { rows: number; cols: number }): TaskCodec<P, S>;
  /**
   * Symmetries of the task, for exploration (`explore`): transforms of a puzzle whose solutions
   * map back to solutions of the original (a maze rotated or mirrored, or its start and goal
   * swapped). A model trained with
   * these augmentations answers each transform as a fresh attempt with its own tie-break and its
   * own mistakes, where a verifier picks the one that holds. Absent where none is known.
   */
  readonly symmetries?: readonly Symmetry<P, S>[];
  /** The exact solver, or `null` where none can exist (ARC); see `exactUnavailable`. */
  readonly exact: ExactSolver<P, S> | null;
  /** Why there is no exact solver, when `exact` is `null`. */
  readonly exactUnavailable?: string;
}

/**
 * A symmetry of a task: a transform of a puzzle and the way back for a solution of the
 * transformed puzzle.
 *
 * @example
 * const t = maze.symmetries?.[0]; // rot90
 * const solution = t?.restore(solveSomehow(t.apply(puzzle)), puzzle); // a path in puzzle's frame
 */
export interface Symmetry<P, S> {
  /** Names the transform in provenance and traces (`rot90`, `flip up-down`). */
  readonly name: string;
  apply(puzzle: P): P;
  /** Maps a solution of `apply(puzzle)` back to one of `puzzle`. */
  restore(solution: S, puzzle: P): S;
}

/** Which kind of reasoner produced something; `router` marks a note the router wrote itself. */
export type SolverKind = 'exact' | 'trm' | 'llm' | 'router';

/**
 * Why a TRM step loop stopped. `superseded`: an exploration sample ended because another sample
 * of the same solve verified first (never the sample an answer keeps).
 */
export const HALT_REASONS = ['max_steps', 'q_halt', 'verified', 'aborted', 'timeout', 'budget', 'superseded'] as const;
export type HaltReason = (typeof HALT_REASONS)[number];

/** Where an answer came from, attached to every solved part. */
export interface Provenance {
  solver: string;
  kind: SolverKind;
  /** Model name for TRM/LLM solvers. */
  model?: string;
  /** TRM supervision steps used. */
  steps?: number;
  haltedBy?: HaltReason;
  /** Mean halting probability or similar confidence in 0..1. */
  confidence?: number;
  /** Search nodes of an exact solve. */
  searchNodes?: number;
  /** True only when a full-strength verifier accepted the answer. */
  verified: boolean;
  latencyMs: number;
  /** Solvers tried before this one that failed, in order. */
  fallbackFrom?: string[];
  /** The exploration sample whose answer was kept, when not the first: a task symmetry (`rot90`) or `noise 2`. */
  sample?: string;
}

export interface SolveOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface SolveResult<S> {
  solution: S;
  verified: boolean;
  provenance: Provenance;
}

/** Anything that solves puzzles of one task: exact search, a TRM model, an LLM. */
export interface Solver<P, S> {
  readonly name: string;
  readonly kind: SolverKind;
  readonly task: TaskName;
  solve(puzzle: P, options?: SolveOptions): Promise<SolveResult<S>>;
}

/** Token and call counts of one request. */
export interface Usage {
  llmCalls: number;
  inputTokens: number;
  outputTokens: number;
  trmSteps: number;
}

/** A grid part of an answer: solved by a solver, verified where the task allows. */
export interface GridAnswerPart {
  kind: 'grid';
  task: TaskName;
  /** The puzzle as parsed (JSON value of the task's puzzle schema). */
  puzzle: unknown;
  /** The solution (JSON value of the task's solution schema). */
  solution: unknown;
  /** The solution printed by the task codec, inserted verbatim into the answer text. */
  rendered: string;
  verified: boolean;
  provenance: Provenance;
}

/** A free-text part of an answer, written by an LLM (or a note when none is configured). */
export interface TextAnswerPart {
  kind: 'text';
  text: string;
  provenance: Provenance;
}

export type AnswerPart = GridAnswerPart | TextAnswerPart;

/** One merged answer to one request. */
export interface Answer {
  text: string;
  parts: AnswerPart[];
  usage: Usage;
}
