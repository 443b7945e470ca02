/**
 * ARC data sets in the Kaggle layout (as distributed with the TRM code):
 * challenges `{ task_id: { train: [{input, output}], test: [{input}] } }` and solutions
 * `{ task_id: [output, ...] }`, one output per test input, in order.
 */
import { InvalidInputError } from '../../core/errors.js';
import { cloneArcGrid, validateArcGrid } from './grid.js';
import { arcTaskFromValue } from './parse.js';
import type { ArcTask } from './types.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Builds the tasks of a data set from parsed challenge and (optional) solution JSON values,
 * validating every grid. With solutions, every task must have exactly one output per test input
 * and those fill `test[i].output`. Errors name the field as `<task_id>.train.0.input` or
 * `solutions.<task_id>.0`.
 *
 * @example
 * const tasks = parseArcDataset(JSON.parse(challengesText), JSON.parse(solutionsText));
 * tasks.get('007bbfb7')?.test[0]?.output;
 */
export function parseArcDataset(challenges: unknown, solutions?: unknown): Map<string, ArcTask> {
  if (!isRecord(challenges)) {
    throw new InvalidInputError('ARC challenges must be a JSON object mapping task ids to tasks', {
      field: 'challenges',
    });
  }
  if (solutions !== undefined && !isRecord(solutions)) {
    throw new InvalidInputError('ARC solutions must be a JSON object mapping task ids to lists of output grids', {
      field: 'solutions',
    });
  }
  const tasks = new Map<string, ArcTask>();
  for (const [id, value] of Object.entries(challenges)) {
    const task = { ...arcTaskFromValue(value, `${id}.`), id };
    if (solutions !== undefined) {
      const outputs = solutions[id];
      if (!Array.isArray(outputs)) {
        throw new InvalidInputError(`ARC solutions have no list of outputs for task ${id}`, { field: `solutions.${id}` });
      }
      if (outputs.length !== task.test.length) {
        throw new InvalidInputError(`ARC solutions for task ${id} have ${outputs.length} outputs but the task has ${task.test.length} test inputs`, {
          field: `solutions.${id}`,
        });
      }
      task.test = task.test.map((item, i) => ({
        input: item.input,
        output: cloneArcGrid(validateArcGrid(outputs[i], `solutions.${id}.${i}`)),
      }));
    }
    tasks.set(id, task);
  }
  return tasks;
}
