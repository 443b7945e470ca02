/**
 * The task registry: every codec the toolkit knows, detection across all of them, and typed
 * "any task" parsing for the CLI, the router and the tools.
 *
 * @example
 * const [best] = detectTasks(text);          // ranked by score
 * const parsed = parseTask(text, 'auto');    // { task: 'sudoku', puzzle } | { task: 'maze', ... } | ...
 */
import { InvalidInputError, TASK_NAMES } from '../core/index.js';
import type { Detection, TaskCodec, TaskName } from '../core/index.js';
import { arc } from './arc/index.js';
import type { ArcSolution, ArcTask } from './arc/index.js';
import { maze } from './maze/index.js';
import type { MazePuzzle, MazeSolution } from './maze/index.js';
import { sudoku } from './sudoku/index.js';
import type { SudokuGrid } from './sudoku/index.js';

/** Puzzle and solution types per task. */
export interface TaskTypes {
  sudoku: { puzzle: SudokuGrid; solution: SudokuGrid };
  maze: { puzzle: MazePuzzle; solution: MazeSolution };
  arc: { puzzle: ArcTask; solution: ArcSolution };
}

export type PuzzleOf<T extends TaskName> = TaskTypes[T]['puzzle'];
export type SolutionOf<T extends TaskName> = TaskTypes[T]['solution'];
export type CodecOf<T extends TaskName> = TaskCodec<PuzzleOf<T>, SolutionOf<T>>;

/** A parsed puzzle tagged with its task (a discriminated union over all tasks). */
export type AnyPuzzle = { [T in TaskName]: { task: T; puzzle: PuzzleOf<T> } }[TaskName];
/** A solution tagged with its task. */
export type AnySolution = { [T in TaskName]: { task: T; solution: SolutionOf<T> } }[TaskName];

const CODECS: { [T in TaskName]: CodecOf<T> } = { sudoku, maze, arc };

/** The codec of one task. */
export function getCodec<T extends TaskName>(task: T): CodecOf<T> {
  return CODECS[task];
}

/** Every registered codec, in a stable order. */
export function listCodecs(): CodecOf<TaskName>[] {
  return TASK_NAMES.map((t) => CODECS[t] as CodecOf<TaskName>);
}

export function isTaskName(value: unknown): value is TaskName {
  return typeof value === 'string' && (TASK_NAMES as readonly string[]).includes(value);
}

export interface TaskDetection extends Detection {
  task: TaskName;
}

/** Scores `text` with every codec; best first. Never throws. */
export function detectTasks(text: string): TaskDetection[] {
  const found: TaskDetection[] = [];
  for (const task of TASK_NAMES) {
    const detection = safeDetect(CODECS[task], text);
    if (detection !== null && detection.score > 0) found.push({ ...detection, task });
  }
  return found.sort((a, b) => b.score - a.score);
}

function safeDetect(codec: CodecOf<TaskName>, text: string): Detection | null {
  try {
    return codec.detect(text);
  } catch {
    return null; // detect must never throw; a buggy codec must not break detection for the others
  }
}

/** The lowest detection score `parseTask(..., 'auto')` accepts. */
export const AUTO_DETECT_MIN_SCORE = 0.3;

/**
 * Parses `input` as the given task, or detects the task (`'auto'`) from text.
 * Throws `InvalidInputError` when nothing is recognised or the named task's parser rejects it.
 */
export function parseTask(input: unknown, task: TaskName | 'auto' = 'auto'): AnyPuzzle {
  if (task !== 'auto') return tag(task, input);
  if (typeof input !== 'string') {
    const text = JSON.stringify(input);
    if (text === undefined) throw new InvalidInputError('Input is empty', { field: 'input' });
    return parseTask(text, 'auto');
  }
  const ranked = detectTasks(input).filter((d) => d.score >= AUTO_DETECT_MIN_SCORE);
  if (ranked.length === 0) {
    throw new InvalidInputError(
      'No puzzle recognised: expected a Sudoku (81 digits or a 9-line grid), an ASCII maze (# walls, S start, G goal) or ARC task JSON',
      { field: 'input' },
    );
  }
  const errors: string[] = [];
  for (const detection of ranked) {
    try {
      return tag(detection.task, input);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      // The best-scoring task explains the failure; lower ones only if it was a weak guess.
      if (errors.length === 0 && detection.score >= 0.9) throw error;
      errors.push(`${detection.task}: ${error.message}`);
    }
  }
  throw new InvalidInputError(`Input looks like a puzzle but could not be parsed (${errors.join('; ')})`, {
    field: 'input',
  });
}

function tag(task: TaskName, input: unknown): AnyPuzzle {
  switch (task) {
    case 'sudoku':
      return { task, puzzle: sudoku.parse(input) };
    case 'maze':
      return { task, puzzle: maze.parse(input) };
    case 'arc':
      return { task, puzzle: arc.parse(input) };
  }
}
