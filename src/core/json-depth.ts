/**
 * Nesting depth of JSON, measured without recursion, so that input nested thousands deep is
 * refused before anything recursive (a parser's consumer, `JSON.stringify`, a validator, an
 * SDK serialising a request) can overflow the stack on it.
 *
 * @example
 * jsonTextDepth('{"a": [[1]]}'); // 3
 * jsonTextDepth('['.repeat(9000), 64); // 65: scanning stops as soon as the limit is passed
 * valueDepth({ a: [[1]] }); // 3
 */
import { InvalidInputError } from './errors.js';

/** Containers are counted; a scalar is depth 0. Most JSON that people and SDKs write stays under 20. */
export const DEFAULT_MAX_JSON_DEPTH = 64;

/**
 * The deepest nesting of `[` and `{` in JSON text (brackets inside strings do not count). Stops
 * scanning and returns `stopAbove + 1` once the depth passes `stopAbove`.
 */
export function jsonTextDepth(text: string, stopAbove = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c)
        i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) {
      inString = true;
    } else if (ch === 0x5b || ch === 0x7b) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > stopAbove) return max;
      }
    } else if (ch === 0x5d || ch === 0x7d) {
      depth--;
    }
  }
  return max;
}

/**
 * The deepest nesting of arrays and objects in a value (iterative). Stops once past
 * `stopAbove`; nothing tracks visited objects, so a cycle is caught only by that limit or, with
 * no limit, after 10 million visits (reported as infinitely deep, as is a huge shared graph).
 */
export function valueDepth(value: unknown, stopAbove = Number.POSITIVE_INFINITY): number {
  let max = 0;
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  let visited = 0;
  while (stack.length > 0) {
    const { value: v, depth } = stack.pop() as { value: unknown; depth: number };
    if (v === null || typeof v !== 'object') continue;
    const here = depth + 1;
    if (here > max) {
      max = here;
      if (max > stopAbove) return max;
    }
    if (++visited > 10_000_000) return Number.POSITIVE_INFINITY; // a cycle (or absurd size): nothing serialisable
    for (const child of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) {
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: here });
    }
  }
  return max;
}

/**
 * Why `value` is too long to look at (text, or a grid or task as JSON, longer than `limit`
 * characters), naming `field`; undefined when it fits. The gateway's puzzle and the tools'
 * arguments both use it, before any parser sees the value.
 *
 * @example
 * const error = inputTooLong(args, 100_000, 'arguments'); // undefined or an InvalidInputError
 */
export function inputTooLong(value: unknown, limit: number, field: string): InvalidInputError | undefined {
  const length = typeof value === 'string' ? value.length : (JSON.stringify(value)?.length ?? 0);
  if (length <= limit) return undefined;
  const noun = field === 'arguments' ? 'The arguments are' : `The ${field} is`;
  return new InvalidInputError(`${noun} ${length} characters long; the limit is ${limit} (TRM_ROUTER_MAX_INPUT_CHARS)`, {
    field,
    details: { length, limit, setting: 'TRM_ROUTER_MAX_INPUT_CHARS' },
  });
}
