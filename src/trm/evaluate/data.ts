/**
 * Evaluation data: a data file read through its task's `data` (the registry decides what a
 * file of each task looks like: `TaskDefinition.data`), and how one model scores an example:
 * its input tokens, its label tokens and whether predicted tokens answer it, all on the
 * model's canvas (a maze model trained on a smaller canvas gets its mazes there).
 *
 * @example
 * const model = await loadModel('models/sudoku-9x9-mlp-small');
 * const items = parseEvalData(text, model.manifest.task);
 * const codec = evalCodec(model);
 * codec.correct(items[0], predictedTokens);
 */
import { InvalidInputError } from '../../core/index.js';
import { getTask, listTasks, registerLearnedTask } from '../../tasks/index.js';
import type { AnyTaskDefinition } from '../../tasks/index.js';
import type { TrmModel } from '../model.js';
import { codecForModel } from '../solver.js';

/** One example of a data file, tagged with its task: the puzzle and its label. */
export interface EvalItem {
  task: string;
  puzzle: unknown;
  label: unknown;
}

/** How one model reads the items: input tokens, label tokens, and whether predicted tokens are right. */
export interface ItemCodec {
  encode(item: EvalItem): Int32Array;
  target(item: EvalItem): Int32Array;
  correct(item: EvalItem, tokens: ArrayLike<number>): boolean;
}

/** The task's data reader, or `InvalidInputError` (field `--model`) for a task without one. */
function dataOf(task: AnyTaskDefinition): NonNullable<AnyTaskDefinition['data']> {
  if (task.data === undefined) {
    const readable = listTasks()
      .filter((t) => t.data !== undefined)
      .map((t) => t.name);
    throw new InvalidInputError(`eval has no data format for ${task.title} models (it reads data of ${readable.join(', ')} and learned tasks)`, {
      field: '--model',
    });
  }
  return task.data;
}

/**
 * Parses a data file of `task` (a registered task's name). Throws `InvalidInputError` naming
 * the line.
 */
export function parseEvalData(text: string, task: string): EvalItem[] {
  const definition = getTask(task);
  return dataOf(definition)
    .read(text)
    .map((item) => ({ task: definition.name, puzzle: item.puzzle, label: item.label }));
}

/** The task a model answers, registering the learned task its manifest declares. */
export function modelTask(model: Pick<TrmModel, 'manifest'>): AnyTaskDefinition {
  const m = model.manifest;
  return m.learnedTask === undefined ? getTask(m.task) : registerLearnedTask(m.learnedTask);
}

/**
 * The `ItemCodec` of a model: its task's encoding on its canvas. A puzzle larger than the
 * canvas throws `NotSupportedError`.
 */
export function evalCodec(model: TrmModel): ItemCodec {
  const task = modelTask(model);
  const data = dataOf(task);
  const codec = codecForModel(task.codec, model);
  return {
    encode: (item) => codec.encode(item.puzzle),
    target: (item) => data.target(item, codec),
    correct: (item, tokens) => data.correct(item, tokens, codec),
  };
}
