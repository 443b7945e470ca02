/**
 * What the toolkit knows about one task, in one place: the codec, the words that name it, its
 * LLM tool, how its puzzles are drawn, how a TRM answers it and how its data files read. Every
 * layer above reaches a task only through its definition (see `src/tasks/registry.ts`), so a
 * new task is one folder plus one line, and a learned task (declared by a model's manifest)
 * joins at load time like any other.
 */
import type { z } from 'zod';
import type { SolveOptions, TaskCodec } from './spec.js';

/** A grid as a person sees it: cell labels, optionally which cells the puzzle gave. */
export interface Board {
  rows: number;
  cols: number;
  cells: string[][];
  /** How the cells are drawn: digits (Sudoku, with box lines when `box` is set), characters (maze), colours 0..9 (ARC). */
  style: 'digits' | 'chars' | 'colours';
  /** Sudoku box shape, for the box lines. */
  box?: { rows: number; cols: number };
  givens?: boolean[][];
}

/** One LLM tool of a task: a zod object schema is its single definition. */
export interface TaskTool<P> {
  /** `solve_sudoku`, `solve_fill_enclosed`, ... */
  readonly name: string;
  readonly description: string;
  readonly input: z.ZodObject;
  /** What a model should send instead, when its arguments were wrong. */
  readonly hint: string;
  /** Validated arguments to a puzzle; throws `InvalidInputError` naming the field. */
  toPuzzle(args: Record<string, unknown>): P;
}

/** How a task's puzzles and answers are drawn (playground, traces). */
export interface TaskBoards<P, S> {
  puzzle(puzzle: P): Board[];
  answer(puzzle: P, solution: S): Board[];
  /**
   * The board of one TRM step's predicted tokens on a canvas `stride` cells wide, cropped to
   * the puzzle, and whether the task's verifier accepts it. `undefined` when a step of this
   * task has no single board (ARC votes over many samples).
   */
  step?(puzzle: P, tokens: ArrayLike<number>, stride: number): { board: Board; verified: boolean } | undefined;
}

/** What the router needs to know about a task beyond its codec. */
export interface TaskRouting {
  /** Words that name the task in a request. */
  readonly mentions: RegExp;
  /**
   * A puzzle of this task described in words rather than drawn, if the text holds one (the
   * LLM extracts it); `null` otherwise.
   */
  describedInProse?(text: string): { start: number; end: number; confidence: number; reason: string } | null;
  /** Whether a region the codec rejects was meant as a puzzle of this task (default: yes). */
  attempted?(region: string): boolean;
  /** Whether an ambiguous region of this task needs structure-level confidence before it is offered to the LLM classifier. */
  readonly ambiguousNeedsStructure?: boolean;
  /** Splits a region the codec rejects into several puzzles (several one-line Sudokus), or returns it whole. */
  split?(text: string, start: number, end: number): { start: number; end: number }[];
}

/** The parts of a model manifest a task needs to judge whether the model can answer a puzzle. */
export interface ModelFacts {
  readonly name: string;
  readonly task: string;
  readonly canvas: { rows: number; cols: number };
  readonly seqLen: number;
  readonly vocabSize: number;
  /** Puzzle-embedding names (ARC: one per task and augmentation). */
  readonly identifiers?: readonly string[] | undefined;
}

/** One TRM sample's result, as the TRM runtime reports it. */
export interface TrmSampleResult {
  tokens: Int32Array;
  qHalt: number;
  haltProbability: number;
  steps: number;
}

/** Runs one sample through a loaded model with the solve's halting policy and deadline. */
export type TrmSampleRunner = (sample: { inputs: Int32Array; puzzleIdentifier: number }, options?: SolveOptions) => Promise<TrmSampleResult>;

/** A task's answer read out of several TRM samples (ARC: every augmentation, voted). */
export interface TrmPlanAnswer<S> {
  solution: S;
  /** Confidence in 0..1 (mean halting probability of the chosen answers). */
  confidence: number;
  steps: number;
  samples: number;
  /** Ranked alternatives (ARC: pass@2 candidates per test input). */
  alternatives?: unknown;
}

/** Options of a multi-sample TRM answer. */
export interface TrmPlanOptions extends SolveOptions {
  /** Most samples per puzzle part (ARC: augmentations per test input, identity first); default all. */
  maxSamples?: number;
}

/** How a TRM answers a task. */
export interface TaskTrm<P, S> {
  /** Why `model` cannot answer `puzzle` (a 4x4 Sudoku on a 9x9 model, an ARC task it never saw); `null` when it can. */
  unfit(model: ModelFacts, puzzle: P): string | null;
  /**
   * Answers from several samples; absent for tasks a single sample answers through the codec
   * (encode, run, decode, verify), which also get exploration.
   */
  solve?(model: ModelFacts, puzzle: P, run: TrmSampleRunner, options?: TrmPlanOptions): Promise<TrmPlanAnswer<S>>;
  /** How many puzzle parts `solve` answers, each with up to `maxSamples` samples (ARC: test inputs); default 1. For compute budgets. */
  parts?(puzzle: P): number;
}

/** One example of a task's data file: a puzzle and its label (what the label tokens are made of). */
export interface TaskDataItem<P, L = unknown> {
  puzzle: P;
  /** The expected answer as the data file gives it (Sudoku: the solution grid; maze: the solved rows; a learned task: the output grid). */
  label: L;
}

/**
 * How a task's data files read and score (`trm-router eval`, the halting curves, the shipped
 * models' checks), and how its data sets are built (`trm-router data`). `codec` is the task's
 * codec on the model's canvas (`codecForModel`).
 */
export interface TaskData<P, S, L = unknown> {
  /** What a data file of the task holds, one line for help text. */
  readonly formats: string;
  /** The examples of a data file's text; throws `InvalidInputError` naming the line (`data line 3: ...`). */
  read(text: string): TaskDataItem<P, L>[];
  /** The label tokens on the codec's canvas (0 = PAD: not scored). */
  target(item: TaskDataItem<P, L>, codec: TaskCodec<P, S>): Int32Array;
  /**
   * Whether predicted tokens answer the example (the `exact` figure): the task's verifier where
   * it has one, else every label token right (the whole output grid, its shape included).
   */
  correct(item: TaskDataItem<P, L>, tokens: ArrayLike<number>, codec: TaskCodec<P, S>): boolean;
  /** Builds the task's data sets (`trm-router data NAME`); absent = none. */
  readonly builder?: DataBuilder;
}

/** An option of a data builder: `--NAME VALUE` (or a flag) of `trm-router data NAME`. */
export interface DataBuildOption {
  readonly type: 'string' | 'boolean';
  /** The value's placeholder in help (`A-B`, `N`). */
  readonly value?: string;
  readonly description: string;
  /** The default as help prints it. */
  readonly default?: string;
}

/** What one data set is built from. */
export interface DataBuildRequest {
  count: number;
  seed: number;
  /** The builder's own options as given (`undefined` when absent). */
  options: Readonly<Record<string, string | boolean | undefined>>;
  /** Data files whose examples must not appear, also not as an augmented copy: a name for errors, and the text. */
  exclude: readonly { name: string; text: string }[];
}

export interface DataBuildResult {
  /** One JSON document per line, reproducible by the request. */
  lines: string[];
  /** What was skipped, for the report (`skipped 2 excluded, 0 duplicates`). */
  skipped: string;
  /** The learned-task spec the data teaches (example families), for `--spec FILE`. */
  spec?: unknown;
}

/**
 * Builds reproducible data sets: a built-in task's puzzles with their solutions, or an example
 * family's input/output pairs for a learned task.
 */
export interface DataBuilder {
  /** The name `trm-router data NAME` takes. */
  readonly name: string;
  /** One line for help text. */
  readonly summary: string;
  /** What one line of the output holds, for help text. */
  readonly line: string;
  /** What a line is called in reports: `puzzles`, `pairs`. */
  readonly unit: string;
  /** Options beyond `--count`, `--seed`, `--out`, `--exclude`, `--spec`. */
  readonly options: Readonly<Record<string, DataBuildOption>>;
  /** Throws `InvalidInputError` (field `--OPTION`) for bad options or exclude files. */
  build(request: DataBuildRequest): DataBuildResult;
}

/** How an LLM can answer a task when nothing local can (ARC tasks no installed model knows). */
export interface TaskLlm<P, S> {
  /** The prompt template in `prompts/` (`solve-arc`). */
  readonly prompt: string;
  /** The reply's name and zod schema (structured output). */
  readonly replyName: string;
  readonly reply: z.ZodType<Record<string, unknown>>;
  /** The prompt's variables for one puzzle. */
  variables(puzzle: P): Record<string, string>;
  /** The solution in a validated reply (checked by the codec's verifier afterwards). */
  solution(reply: Record<string, unknown>): S;
}

/** A playground example. */
export interface TaskExample {
  id: string;
  title: string;
  /** The puzzle as a user would paste it. */
  input: string;
}

/**
 * Everything task-specific, reached through the registry.
 * `P` is the puzzle, `S` its solution.
 */
export interface TaskDefinition<P = unknown, S = unknown> {
  /** The task name: `sudoku`, `maze`, `arc`, or a learned task's name. */
  readonly name: string;
  /** Title for people: `Sudoku`, `Maze`, `ARC task`. */
  readonly title: string;
  /** What its input looks like, for "nothing recognised" messages: `a Sudoku (81 digits or a 9-line grid)`. */
  readonly notation: string;
  /** Built into the toolkit, or declared by a model's manifest. */
  readonly origin: 'builtin' | 'learned';
  readonly codec: TaskCodec<P, S>;
  /** Whether an answer can be proven right (Sudoku, maze); ARC and learned tasks cannot. */
  readonly verifiable: boolean;
  /** How an unverified answer of this task is labelled (`NOT verified`, `not verifiable`). */
  readonly unverifiedLabel: string;
  /** Canonical form of a puzzle, for caches ("the same Sudoku written twice"). */
  cacheKey(puzzle: P): string;
  readonly tool: TaskTool<P>;
  readonly boards: TaskBoards<P, S>;
  readonly routing: TaskRouting;
  readonly trm: TaskTrm<P, S>;
  readonly data?: TaskData<P, S>;
  /** How an LLM answers the task when nothing local can; absent = the LLM is not asked. */
  readonly llm?: TaskLlm<P, S>;
  readonly examples?: readonly TaskExample[];
}

/** The label of an answer: `verified`, or the task's own word for an unverified one. */
export function verificationLabel(task: Pick<TaskDefinition, 'unverifiedLabel'>, verified: boolean): string {
  return verified ? 'verified' : task.unverifiedLabel;
}
