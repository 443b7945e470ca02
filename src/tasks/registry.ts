/**
 * The task registry: every task the toolkit knows, built in or learned, and the one place
 * that lists them. Built-in tasks are one line each below; a learned task joins when a model
 * whose manifest declares it is found (`registerLearnedTask`). Everything else (router, tools,
 * gateway schemas, CLI choices, manifest validation) asks the registry.
 *
 * @example
 * const [best] = detectTasks(text);          // ranked by score
 * const parsed = parseTask(text, 'auto');    // { task: 'sudoku', puzzle }
 * getTask(parsed.task).tool.name;            // 'solve_sudoku'
 */
import { InvalidInputError } from '../core/errors.js';
import { DEFAULT_MAX_JSON_DEPTH, valueDepth } from '../core/json-depth.js';
import type { Detection, TaskCodec } from '../core/spec.js';
import type { TaskDefinition } from '../core/task.js';
import { arcTask } from './arc/definition.js';
import { learnedTask } from './learned/definition.js';
import { learnedTaskSpecSchema } from './learned/spec.js';
import type { LearnedTaskSpec } from './learned/spec.js';
import { mazeTask } from './maze/definition.js';
import { sudokuTask } from './sudoku/definition.js';

/** A task definition with its types erased, as the registry hands it out (each is typed in its own folder). */
export type AnyTaskDefinition = TaskDefinition<unknown, unknown>;

/** The built-in tasks, in a stable order: a new built-in task is one folder plus one line here. */
const BUILTIN: readonly AnyTaskDefinition[] = [sudokuTask, mazeTask, arcTask];

const registered = new Map<string, AnyTaskDefinition>(BUILTIN.map((t) => [t.name, t]));
const learnedSpecs = new Map<string, string>();

/** A parsed puzzle tagged with its task's name. */
export interface AnyPuzzle {
  task: string;
  puzzle: unknown;
}

/** The names of the built-in tasks. */
export function builtinTaskNames(): string[] {
  return BUILTIN.map((t) => t.name);
}

/** Every registered task (built-in first, then learned ones in the order they joined). */
export function listTasks(): AnyTaskDefinition[] {
  return [...registered.values()];
}

/** The names of every registered task. */
export function taskNames(): string[] {
  return [...registered.keys()];
}

export function isTaskName(value: unknown): value is string {
  return typeof value === 'string' && registered.has(value);
}

/** The definition of a task, or `undefined`. */
export function findTask(name: string): AnyTaskDefinition | undefined {
  return registered.get(name);
}

/** The definition of a task; `InvalidInputError` (field `task`) naming the known ones otherwise. */
export function getTask(name: string): AnyTaskDefinition {
  const task = registered.get(name);
  if (task === undefined) {
    throw new InvalidInputError(`Unknown task ${JSON.stringify(name)}: known tasks are ${taskNames().join(', ')}`, { field: 'task' });
  }
  return task;
}

/** The codec of a task. */
export function getCodec(name: string): TaskCodec<unknown, unknown> {
  return getTask(name).codec;
}

/** Every registered codec, in registry order. */
export function listCodecs(): TaskCodec<unknown, unknown>[] {
  return listTasks().map((t) => t.codec);
}

/**
 * Registers the task a model's manifest declares (see `LearnedTaskSpec`). Registering the same
 * spec again returns the task already there; another spec under a name already taken (a
 * built-in task, or a different learned one) throws `InvalidInputError` (field `learnedTask`).
 *
 * @example
 * const task = registerLearnedTask(manifest.learnedTask);
 * task.tool.name; // 'solve_fill_enclosed'
 */
export function registerLearnedTask(spec: unknown): AnyTaskDefinition {
  const parsed = learnedTaskSpecSchema.safeParse(spec);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? 'learnedTask' : `learnedTask.${issue.path.join('.')}`;
    throw new InvalidInputError(`Invalid learned task: ${where}: ${issue?.message ?? 'invalid'}`, { field: where });
  }
  const s: LearnedTaskSpec = parsed.data;
  const key = JSON.stringify(s);
  const existing = registered.get(s.name);
  if (existing !== undefined) {
    if (learnedSpecs.get(s.name) === key) return existing;
    const why = existing.origin === 'builtin' ? 'is a built-in task' : 'is already declared differently by another model';
    throw new InvalidInputError(`Learned task ${JSON.stringify(s.name)} ${why}`, { field: 'learnedTask.name' });
  }
  const task = learnedTask(s);
  registered.set(s.name, task);
  learnedSpecs.set(s.name, key);
  return task;
}

export interface TaskDetection extends Detection {
  task: string;
}

/** Scores `text` with every task's codec; best first. Never throws. */
export function detectTasks(text: string): TaskDetection[] {
  const found: TaskDetection[] = [];
  for (const task of registered.values()) {
    const detection = safeDetect(task.codec, text);
    if (detection !== null && detection.score > 0) found.push({ ...detection, task: task.name });
  }
  return found.sort((a, b) => b.score - a.score);
}

function safeDetect(codec: TaskCodec<unknown, unknown>, text: string): Detection | null {
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
export function parseTask(input: unknown, task = 'auto'): AnyPuzzle {
  if (typeof input === 'object' && input !== null && valueDepth(input, DEFAULT_MAX_JSON_DEPTH) > DEFAULT_MAX_JSON_DEPTH) {
    throw new InvalidInputError(`Input is nested more than ${DEFAULT_MAX_JSON_DEPTH} levels deep: no puzzle is`, { field: 'input' });
  }
  if (task !== 'auto') return { task, puzzle: getTask(task).codec.parse(input) };
  if (typeof input !== 'string') {
    const text = JSON.stringify(input);
    if (text === undefined) throw new InvalidInputError('Input is empty', { field: 'input' });
    return parseTask(text, 'auto');
  }
  const ranked = detectTasks(input).filter((d) => d.score >= AUTO_DETECT_MIN_SCORE);
  if (ranked.length === 0) {
    const expected = listTasks()
      .filter((t) => t.origin === 'builtin')
      .map((t) => t.notation);
    const list = expected.length > 1 ? `${expected.slice(0, -1).join(', ')} or ${expected.at(-1) ?? ''}` : expected.join('');
    throw new InvalidInputError(`No puzzle recognised: expected ${list}`, { field: 'input' });
  }
  const errors: string[] = [];
  for (const detection of ranked) {
    try {
      return { task: detection.task, puzzle: getTask(detection.task).codec.parse(input) };
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      // The best-scoring task explains the failure; lower ones only if it was a weak guess.
      if (errors.length === 0 && detection.score >= 0.9) throw error;
      errors.push(`${detection.task}: ${error.message}`);
    }
  }
  throw new InvalidInputError(`Input looks like a puzzle but could not be parsed (${errors.join('; ')})`, { field: 'input' });
}
