/**
 * Finds JSON values (objects and arrays) embedded in free text: a bare JSON document, JSON in
 * a markdown code fence, or JSON inside prose; also the near-JSON people paste from code
 * (a Python dict with single quotes, a JavaScript object with unquoted keys and trailing
 * commas, see `parseJsonish`). Used by ARC detection and parsing.
 */
import { findJsonish } from '../common/jsonish.js';
import type { JsonishSpan } from '../common/jsonish.js';

/** One JSON value found in a text, with its character span. */
export type JsonSpan = JsonishSpan;

/**
 * The top-level JSON (or JSON-like) objects and arrays in `text`, left to right (a value found
 * is skipped over, so its nested arrays are not reported again). Never throws.
 *
 * @example
 * findJsonValues('Solve this: {"train": [], "test": []} please')[0]?.value; // { train: [], test: [] }
 * findJsonValues("task = {'train': [], 'test': []}")[0]?.value;             // { train: [], test: [] }
 */
export function findJsonValues(text: string, limit = Infinity): JsonSpan[] {
  return findJsonish(text, { limit });
}
