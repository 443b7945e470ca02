/**
 * Finds JSON values (objects and arrays) embedded in free text: a bare JSON document, JSON in
 * a markdown code fence, or JSON inside prose. Used by ARC detection and parsing.
 */

/** One JSON value found in a text, with its character span. */
export interface JsonSpan {
  start: number;
  end: number;
  value: unknown;
}

/** How many opening brackets are tried before giving up (keeps worst-case text linear-ish). */
const MAX_STARTS = 200;

/** Index just past the bracket that closes the one at `start`, or -1; string-aware. */
function matchBracket(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return i + 1;
      if (depth < 0) return -1;
    }
  }
  return -1;
}

function tryParse(source: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(source) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * The top-level JSON objects and arrays in `text`, left to right (a value found is skipped
 * over, so its nested arrays are not reported again). Never throws.
 *
 * @example
 * findJsonValues('Solve this: {"train": [], "test": []} please')[0]?.value; // { train: [], test: [] }
 */
export function findJsonValues(text: string, limit = Infinity): JsonSpan[] {
  const found: JsonSpan[] = [];
  let starts = 0;
  let i = 0;
  while (i < text.length && found.length < limit && starts < MAX_STARTS) {
    const ch = text[i];
    if (ch !== '{' && ch !== '[') {
      i++;
      continue;
    }
    starts++;
    const end = matchBracket(text, i);
    if (end > 0) {
      const parsed = tryParse(text.slice(i, end));
      if (parsed.ok) {
        found.push({ start: i, end, value: parsed.value });
        i = end;
        continue;
      }
    }
    i++;
  }
  return found;
}
