/**
 * JSON as people paste it from code: strict JSON, and the near-JSON of Python, JavaScript and
 * C literals (single-quoted strings, unquoted keys, trailing commas, `None`/`True`/`False`,
 * `//`, `/* *\/` and `#` comments, `{1, 2, 3}` brace arrays). Shared by the tasks whose puzzles
 * are written as arrays or objects. Never throws.
 *
 * @example
 * parseJsonish("{'train': [{'input': [[1]], 'output': [[2]]}], 'test': [{'input': [[1]]},]}"); // { ok: true, value: {...} }
 * parseJsonish('{{5, 3, 0}, {6, 0, 0}}');                                                   // { ok: true, value: [[5,3,0],[6,0,0]] }
 */

/** A value found in text, with its character span. */
export interface JsonishSpan {
  start: number;
  end: number;
  value: unknown;
}

const MAX_DEPTH = 64;

class Reader {
  i = 0;
  constructor(readonly text: string) {}

  fail(): never {
    throw new SyntaxError(`not JSON-like at ${this.i}`);
  }

  space(): void {
    const t = this.text;
    for (;;) {
      const ch = t.charAt(this.i);
      if (ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t' || ch === '\u00a0') this.i++;
      else if (ch === '#' || (ch === '/' && t.charAt(this.i + 1) === '/')) {
        while (this.i < t.length && t.charAt(this.i) !== '\n') this.i++;
      } else if (ch === '/' && t.charAt(this.i + 1) === '*') {
        const close = t.indexOf('*/', this.i + 2);
        if (close < 0) this.fail();
        this.i = close + 2;
      } else return;
    }
  }

  value(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail();
    this.space();
    const ch = this.text.charAt(this.i);
    if (ch === '[') return this.list(']', depth);
    if (ch === '{') return this.braces(depth);
    if (ch === '"' || ch === "'") return this.string();
    if (ch === '-' || ch === '+' || (ch >= '0' && ch <= '9') || ch === '.') return this.number();
    const word = /^[A-Za-z_$][\w$]*/.exec(this.text.slice(this.i, this.i + 40))?.[0];
    const literals: Record<string, unknown> = { true: true, false: false, null: null, True: true, False: false, None: null };
    if (word === undefined || !(word in literals)) this.fail();
    this.i += word.length;
    return literals[word];
  }

  /** `[a, b, c,]` (or the items of a brace array up to `}`). */
  list(close: string, depth: number): unknown[] {
    this.i++; // the opening bracket
    const items: unknown[] = [];
    for (;;) {
      this.space();
      if (this.text.charAt(this.i) === close) {
        this.i++;
        return items;
      }
      items.push(this.value(depth + 1));
      this.space();
      const ch = this.text.charAt(this.i);
      if (ch === ',') this.i++;
      else if (ch !== close) this.fail();
    }
  }

  /** An object `{key: value, ...}`, or a C brace array `{1, 2, {3}}`. */
  braces(depth: number): unknown {
    const start = this.i;
    this.i++;
    this.space();
    if (this.text.charAt(this.i) === '}') {
      this.i++;
      return {};
    }
    const keyStart = this.i;
    let isObject: boolean;
    try {
      this.key();
      this.space();
      isObject = this.text.charAt(this.i) === ':';
    } catch {
      isObject = false;
    }
    this.i = isObject ? keyStart : start;
    if (!isObject) return this.list('}', depth);
    const object: Record<string, unknown> = {};
    for (;;) {
      this.space();
      if (this.text.charAt(this.i) === '}') {
        this.i++;
        return object;
      }
      const key = this.key();
      this.space();
      if (this.text.charAt(this.i) !== ':') this.fail();
      this.i++;
      object[key] = this.value(depth + 1);
      this.space();
      const ch = this.text.charAt(this.i);
      if (ch === ',') this.i++;
      else if (ch !== '}') this.fail();
    }
  }

  key(): string {
    const ch = this.text.charAt(this.i);
    if (ch === '"' || ch === "'") return this.string();
    const word = /^[A-Za-z_$][\w$-]*/.exec(this.text.slice(this.i, this.i + 200))?.[0];
    if (word === undefined) this.fail();
    this.i += word.length;
    return word;
  }

  string(): string {
    const quote = this.text.charAt(this.i);
    let out = '';
    for (let i = this.i + 1; i < this.text.length; i++) {
      const ch = this.text.charAt(i);
      if (ch === '\n') break;
      if (ch === quote) {
        this.i = i + 1;
        return out;
      }
      if (ch === '\\') {
        const next = this.text.charAt(++i);
        const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };
        if (next === 'u') {
          out += String.fromCharCode(parseInt(this.text.slice(i + 1, i + 5), 16));
          i += 4;
        } else out += escapes[next] ?? next;
      } else out += ch;
    }
    return this.fail();
  }

  number(): number {
    const match = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/.exec(this.text.slice(this.i, this.i + 40));
    if (match === null) this.fail();
    this.i += match[0].length;
    return Number(match[0]);
  }
}

/**
 * `text` (a whole value, surrounding whitespace allowed) as strict JSON, else as JSON-like
 * code. `{ ok: false }` when it is neither.
 */
export function parseJsonish(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    // not strict JSON: try the code literal forms
  }
  try {
    const reader = new Reader(text);
    const value = reader.value(0);
    reader.space();
    return reader.i === text.length ? { ok: true, value } : { ok: false };
  } catch {
    return { ok: false };
  }
}

/** Characters the bracket matching of one `findJsonish` call may still scan (keeps it linear in the text). */
interface Budget {
  left: number;
}

/** Index just past the bracket that closes the one at `start`, or -1; skips strings in `quotes`. */
function matchBracket(text: string, start: number, quotes: string, maxLength: number, budget: Budget): number {
  let depth = 0;
  let quote = '';
  const end = Math.min(text.length, start + maxLength, start + Math.max(0, budget.left));
  budget.left -= end - start;
  for (let i = start; i < end; i++) {
    const ch = text.charAt(i);
    if (quote !== '') {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
      else if (ch === '\n') return -1;
      continue;
    }
    if (quotes.includes(ch)) quote = ch;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return i + 1;
      if (depth < 0) return -1;
    }
  }
  return -1;
}

export interface FindJsonishOptions {
  /** Most values returned. */
  limit?: number;
  /** Most opening brackets tried (keeps the worst case linear-ish). Default 200. */
  maxStarts?: number;
  /** Longest value searched for, in characters. Default 200,000. */
  maxLength?: number;
}

/**
 * The top-level JSON or JSON-like arrays and objects in `text`, left to right (a value found
 * is skipped over, so its nested values are not reported again). Never throws.
 *
 * @example
 * findJsonish("grid = ['53..7....', '6..195...']  # and so on")[0]?.value; // ['53..7....', '6..195...']
 */
export function findJsonish(text: string, options: FindJsonishOptions = {}): JsonishSpan[] {
  const limit = options.limit ?? Infinity;
  const maxStarts = options.maxStarts ?? 200;
  const maxLength = options.maxLength ?? 200_000;
  // Unclosed brackets would make every start scan to the end: all starts together scan at most
  // a few times the text (enough for every value of ordinary text, nested ones included).
  const budget: Budget = { left: 8 * text.length + 100_000 };
  const found: JsonishSpan[] = [];
  let starts = 0;
  let i = 0;
  while (i < text.length && found.length < limit && starts < maxStarts && budget.left > 0) {
    const ch = text.charAt(i);
    if (ch !== '{' && ch !== '[') {
      i++;
      continue;
    }
    starts++;
    let hit: JsonishSpan | undefined;
    for (const quotes of ['"\'', '"']) {
      const end = matchBracket(text, i, quotes, maxLength, budget);
      if (end < 0) continue;
      const parsed = parseJsonish(text.slice(i, end));
      if (parsed.ok) {
        hit = { start: i, end, value: parsed.value };
        break;
      }
    }
    if (hit !== undefined) {
      found.push(hit);
      i = hit.end;
    } else i++;
  }
  return found;
}
