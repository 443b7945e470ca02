/**
 * Size limits of one routed request, checked before any detection or LLM call
 * (`TRM_ROUTER_MAX_INPUT_CHARS`, `TRM_ROUTER_MAX_GRID_PARTS` in config).
 *
 * @example
 * checkInputSize(text, { maxInputChars: 10_000, maxGridParts: 4 }); // throws InvalidInputError if longer
 */
import { InvalidInputError } from '../core/errors.js';

export interface RouterLimits {
  /** Longest request, in characters. */
  maxInputChars: number;
  /** Most puzzles in one request. */
  maxGridParts: number;
}

export const DEFAULT_LIMITS: RouterLimits = { maxInputChars: 100_000, maxGridParts: 8 };

/** Refuses empty input and input longer than `maxInputChars`, with a clear `InvalidInputError`. */
export function checkInputSize(text: string, limits: RouterLimits): void {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new InvalidInputError('The request is empty', { field: 'input' });
  }
  if (text.length > limits.maxInputChars) {
    throw new InvalidInputError(`The request is ${text.length} characters long; the limit is ${limits.maxInputChars} (TRM_ROUTER_MAX_INPUT_CHARS)`, {
      field: 'input',
      details: { length: text.length, limit: limits.maxInputChars, setting: 'TRM_ROUTER_MAX_INPUT_CHARS' },
    });
  }
}
