/**
 * Parsing of ARC tasks and solutions from structured values or text (a JSON document, JSON in
 * a markdown code fence, or JSON inside prose), with typed errors that name the offending field.
 */
import { InvalidInputError } from '../../core/errors.js';
import { cloneArcGrid, validateArcGrid } from './grid.js';
import { findJsonValues } from './json-text.js';
import type { ArcPair, ArcSolution, ArcTask, ArcTestItem } from './types.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function looksLikeTask(value: unknown): boolean {
  return isRecord(value) && ('train' in value || 'test' in value);
}

/** `{ "<id>": { train, test } }` (one entry of a Kaggle challenges file) -> the task with its id. */
function unwrapSingleEntry(value: Record<string, unknown>): Record<string, unknown> {
  if (looksLikeTask(value)) return value;
  const keys = Object.keys(value);
  const only = keys.length === 1 ? keys[0] : undefined;
  const inner = only === undefined ? undefined : value[only];
  if (only !== undefined && isRecord(inner) && looksLikeTask(inner)) return { id: only, ...inner };
  return value;
}

function requireArray(value: unknown, field: string, what: string): unknown[] {
  if (value === undefined) throw new InvalidInputError(`ARC task is missing "${field}": ${what}`, { field });
  if (!Array.isArray(value)) throw new InvalidInputError(`"${field}" must be ${what}`, { field });
  if (value.length === 0) throw new InvalidInputError(`"${field}" is empty: it needs at least one item (${what})`, { field });
  return value;
}

function requireRecord(value: unknown, field: string, what: string): Record<string, unknown> {
  if (!isRecord(value)) throw new InvalidInputError(`${field} must be ${what}`, { field });
  return value;
}

/**
 * Validates a structured value as an ARC task and returns a fresh copy (unknown keys dropped).
 * Also accepts a one-entry Kaggle map `{ "<id>": { train, test } }`, taking the key as `id`.
 * `prefix` is put before every field name in errors (`"007bbfb7."` when loading a dataset).
 *
 * @example
 * arcTaskFromValue({ train: [{ input: [[1]], output: [[2]] }], test: [{ input: [[1]] }] });
 */
export function arcTaskFromValue(raw: unknown, prefix = ''): ArcTask {
  const at = (name: string): string => `${prefix}${name}`;
  if (!isRecord(raw)) {
    const got = Array.isArray(raw) ? 'an array (a bare grid is not a task)' : typeof raw;
    throw new InvalidInputError(`An ARC task must be a JSON object with "train" and "test", got ${got}`, {
      field: prefix === '' ? 'task' : prefix.slice(0, -1),
    });
  }
  const value = unwrapSingleEntry(raw);
  const id = value.id;
  if (id !== undefined && typeof id !== 'string') {
    throw new InvalidInputError('"id" of an ARC task must be a string', { field: at('id') });
  }
  const train: ArcPair[] = requireArray(value.train, at('train'), 'an array of {input, output} pairs').map((item, i) => {
    const pair = requireRecord(item, at(`train.${i}`), 'an object {input, output}');
    return {
      input: cloneArcGrid(validateArcGrid(pair.input, at(`train.${i}.input`))),
      output: cloneArcGrid(validateArcGrid(pair.output, at(`train.${i}.output`))),
    };
  });
  const test: ArcTestItem[] = requireArray(value.test, at('test'), 'an array of {input} items').map((item, i) => {
    const entry = requireRecord(item, at(`test.${i}`), 'an object {input} (with optional output)');
    const input = cloneArcGrid(validateArcGrid(entry.input, at(`test.${i}.input`)));
    if (entry.output === undefined || entry.output === null) return { input };
    return { input, output: cloneArcGrid(validateArcGrid(entry.output, at(`test.${i}.output`))) };
  });
  return id === undefined ? { train, test } : { id, train, test };
}

/** The JSON value in a text: the first task-looking object, else the first JSON value. */
function valueFromText(text: string, field: string, prefer: (value: unknown) => boolean): unknown {
  const spans = findJsonValues(text);
  const chosen = spans.find((span) => prefer(span.value)) ?? spans[0];
  if (chosen === undefined) {
    throw new InvalidInputError(`${field} is not JSON: expected a JSON value (bare, in a code fence, or in prose)`, {
      field,
      details: { length: text.length },
    });
  }
  return chosen.value;
}

/**
 * Parses an ARC task from a structured value or a JSON string (also inside a markdown code fence
 * or prose). Throws `InvalidInputError` naming the field (`train`, `test.0.input`, ...) and,
 * for grid problems, the cell `position`.
 *
 * @example
 * const task = parseArcTask('```json\n{"train":[{"input":[[1]],"output":[[2]]}],"test":[{"input":[[1]]}]}\n```');
 * task.train.length; // 1
 */
export function parseArcTask(input: unknown): ArcTask {
  if (typeof input === 'string') {
    return arcTaskFromValue(valueFromText(input, 'task', (value) => isRecord(value) && looksLikeTask(unwrapSingleEntry(value))));
  }
  return arcTaskFromValue(input);
}

function isGridLike(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0 && value.every((row) => Array.isArray(row) && row.every((c) => typeof c === 'number'));
}

/**
 * Parses a solution: an array of output grids (one per test input), or a single grid taken as
 * a one-grid solution; from a value or a JSON string (also in a code fence or prose).
 * Throws `InvalidInputError` with the field (`solution.1`) and cell of a problem.
 *
 * @example
 * parseArcSolution('[[1, 2], [3, 4]]');     // [[[1, 2], [3, 4]]]
 * parseArcSolution([[[1]], [[2]]]).length;  // 2
 */
export function parseArcSolution(input: unknown): ArcSolution {
  const value = typeof input === 'string' ? valueFromText(input, 'solution', Array.isArray) : input;
  if (!Array.isArray(value) || value.length === 0) {
    throw new InvalidInputError('An ARC solution must be a non-empty array of output grids (or one grid)', {
      field: 'solution',
    });
  }
  if (isGridLike(value)) return [cloneArcGrid(validateArcGrid(value, 'solution'))];
  return value.map((grid, i) => cloneArcGrid(validateArcGrid(grid, `solution.${i}`)));
}
