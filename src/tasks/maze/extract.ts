/**
 * Finds maze-shaped text inside free text, shared by `detect` and `parse`: JSON string arrays
 * (and the lists of Python or JavaScript code, rows as strings or as arrays of characters),
 * markdown code fences, markdown tables, the single-line `row/row/row` form, and blocks of
 * consecutive lines made of maze characters (`#`, ` `, `.`, `S`, `G`, `o`).
 *
 * Mazes written in another alphabet are read too and handed on in the canonical one (see
 * `canonicalMazeRows`): `█` (or `▓`, `■`) walls, `1` walls with `0` open cells (also with a
 * space between cells), and the start and goal letters people use (`S`/`E`, `S`/`F`, `S`/`X`,
 * `S`/`T`, `A`/`B`), each exactly once.
 */
import { findJsonish } from '../common/jsonish.js';
import { findMarkdownTables } from '../common/markdown-table.js';

/** Where a candidate came from. */
export type MazeCandidateKind = 'json' | 'table' | 'line' | 'block';

/** A piece of text that may be a maze. */
export interface MazeCandidate {
  kind: MazeCandidateKind;
  /** Raw rows, before rectangular checks. */
  rows: string[];
  /** Character span in the original text. */
  start: number;
  end: number;
  /** Inside a markdown code fence. */
  fenced: boolean;
  /** Rows that were accepted although they contain characters other than maze characters. */
  dirtyRows: number;
  /** The text wrote the maze in another alphabet; `rows` are in the canonical one. */
  alphabet?: string;
}

/** Wall characters besides `#` (block elements of drawings, and `1` in a 0/1 grid). */
const OTHER_WALLS = ['█', '▓', '■', '1'];
/** Start and goal letters people use, each pair as (start, goal). */
const LETTER_PAIRS: readonly (readonly [string, string])[] = [
  ['S', 'G'],
  ['S', 'E'],
  ['S', 'F'],
  ['S', 'X'],
  ['S', 'T'],
  ['A', 'B'],
];
/** Characters a maze row in any alphabet may hold. */
const ANY_ALPHABET_LINE = /^[ \t]*[#█▓■01 .SGEFXTAB]*[#█▓■01SGEFXTAB][#█▓■01 .SGEFXTAB]*[ \t]*$/;

/** `1 0 0 1` as `1001`: rows whose every other character is a space (cells written spaced). */
function unspaced(rows: readonly string[]): string[] | undefined {
  const trimmed = rows.map((row) => row.trim());
  const spaced = trimmed.every((row) => row.length >= 3 && [...row].every((ch, i) => (i % 2 === 1) === (ch === ' ')));
  return spaced ? trimmed.map((row) => [...row].filter((_, i) => i % 2 === 0).join('')) : undefined;
}

/**
 * Rows of a maze in any alphabet this module knows, in the canonical one (`#` wall, ` ` open,
 * `S` start, `G` goal), and the alphabet as words; `undefined` when the rows are no maze in a
 * known alphabet: more than one kind of wall, other characters, or not exactly one start and
 * one goal of one letter pair.
 *
 * @example
 * canonicalMazeRows(['11111', '1S0E1', '11111'])?.rows; // ['#####', '#S G#', '#####']
 */
export function canonicalMazeRows(input: readonly string[]): { rows: string[]; alphabet: string } | undefined {
  const collapsed = unspaced(input);
  const rows = collapsed !== undefined && collapsed.some((row) => /[0.]/.test(row)) ? collapsed : [...input];
  const chars = new Set(rows.join(''));
  const walls = ['#', ...OTHER_WALLS].filter((w) => chars.has(w));
  const wall = walls[0];
  if (wall === undefined || walls.length !== 1) return undefined;
  const letters = [...chars].filter((ch) => /[A-Z]/.test(ch));
  const pair = LETTER_PAIRS.find(([start, goal]) => letters.length === 2 && letters.includes(start) && letters.includes(goal));
  if (pair === undefined) return undefined;
  const [start, goal] = pair;
  const count = (ch: string) => rows.reduce((n, row) => n + row.split(ch).length - 1, 0);
  if (count(start) !== 1 || count(goal) !== 1) return undefined;
  const open = wall === '1' ? '0' : ' .';
  const map = (ch: string): string | undefined =>
    ch === wall ? '#' : open.includes(ch) || (wall !== '1' && ch === ' ') ? ' ' : ch === start ? 'S' : ch === goal ? 'G' : undefined;
  const out: string[] = [];
  for (const row of rows) {
    let line = '';
    for (const ch of row) {
      const mapped = map(ch);
      if (mapped === undefined) return undefined;
      line += mapped;
    }
    out.push(line);
  }
  const parts = [
    ...(wall === '#' ? [] : [`'${wall}' walls`]),
    ...(wall === '1' ? ["'0' open"] : []),
    ...(start === 'S' && goal === 'G' ? [] : [`${start}/${goal} for start/goal`]),
    ...(rows === collapsed ? ['cells spaced'] : []),
  ];
  return { rows: out, alphabet: parts.join(', ') };
}

const MAZE_CHAR = /[# .SGo]/;
const CLEAN_LINE = /^[# .SGo]*[#.SGo][# .SGo]*$/;
const LINE_FORM_LINE = /^[# .SGo]+(?:\/[# .SGo]+)+\/?$/;
const LINE_FORM_TOKEN = /(?<=^|[\s`'"(:])([#.SGo]+(?:\/[#.SGo]+)+)\/?(?=$|[\s`'".,;:!?)])/g;
const JSON_STRING_ARRAY = /\[\s*"(?:[^"\\\n]|\\.)*"(?:\s*,\s*"(?:[^"\\\n]|\\.)*")+\s*,?\s*\]/g;
const FENCE = /^([ \t]*)(`{3,}|~{3,})[^\n]*\n([\s\S]*?)\n?[ \t]*\2[ \t]*$/gm;

interface Line {
  text: string;
  start: number;
}

function splitLines(text: string, base: number): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    lines.push({ text: text.slice(start, end).replace(/\r$/, ''), start: base + start });
    if (nl < 0) return lines;
    start = nl + 1;
  }
}

function isWhitespace(text: string): boolean {
  return /^[ \t]*$/.test(text);
}

function isDirtyCandidate(text: string): boolean {
  if (!text.includes('#') || text.length < 3) return false;
  let maze = 0;
  for (const ch of text) if (MAZE_CHAR.test(ch)) maze++;
  return maze / text.length >= 0.6;
}

function rowsFromJson(source: string): string[] | null {
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length === 0) return null;
  const rows = value.map((row: unknown) =>
    typeof row === 'string' ? row : Array.isArray(row) && row.every((c) => typeof c === 'string') ? row.join('') : null,
  );
  return rows.every((row): row is string => row !== null) ? rows : null;
}

type LineClass = 'strong' | 'weak' | 'blank' | 'dirty' | 'other';

/**
 * `strong`: maze characters with a `#`, `S` or `G`; `weak`: maze characters without them
 * (an open row, or prose like `...`); `blank`: whitespace only (an all-open row, if any);
 * `dirty`: mostly maze characters with a `#` and something else (a typo to report).
 */
function classify(text: string): LineClass {
  if (CLEAN_LINE.test(text)) return /[#SG]/.test(text) ? 'strong' : 'weak';
  if (text.length >= 2 && isWhitespace(text)) return 'blank';
  return isDirtyCandidate(text) ? 'dirty' : 'other';
}

/**
 * Marks which lines belong to maze blocks: every strong line, and any weak, blank or dirty
 * line that is as long as an adjacent accepted line (dirty lines compare without trailing
 * whitespace; a blank line vouches only for other blank lines). Sweeps down and up until
 * nothing changes, so chains of such lines are linear work.
 */
function markMazeLines(lines: readonly Line[]): boolean[] {
  const kinds = lines.map((line) => classify(line.text));
  const accepted = kinds.map((kind) => kind === 'strong');
  const joins = (i: number, j: number): boolean => {
    const line = lines[i] as Line;
    const other = lines[j];
    if (other === undefined || !accepted[j] || (kinds[j] === 'blank' && kinds[i] !== 'blank')) return false;
    const same = line.text.length === other.text.length;
    const sameTrimmed = line.text.trimEnd().length === other.text.trimEnd().length;
    return kinds[i] === 'dirty' ? sameTrimmed : same || (kinds[i] === 'weak' && sameTrimmed);
  };
  const visit = (i: number): boolean => {
    const kind = kinds[i];
    if (accepted[i] || kind === 'other' || kind === 'strong' || !(joins(i, i - 1) || joins(i, i + 1))) return false;
    accepted[i] = true;
    return true;
  };
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = 0; i < lines.length; i++) if (visit(i)) changed = true;
    for (let i = lines.length - 1; i >= 0; i--) if (visit(i)) changed = true;
  }
  return accepted;
}

function commonIndent(rows: readonly string[]): number {
  let indent = Infinity;
  for (const row of rows) {
    if (isWhitespace(row)) continue;
    indent = Math.min(indent, row.length - row.trimStart().length);
  }
  return Number.isFinite(indent) ? indent : 0;
}

/**
 * Blocks of maze lines in `lines`. When a block is all the non-blank text of the region
 * (`lines`), it is taken verbatim, leading spaces included (they are open cells). A block
 * inside prose is de-indented by its common leading spaces (prose often indents code), so a
 * maze whose first column is open everywhere must then spell it `.` or sit in a fence.
 */
function blocksIn(lines: readonly Line[], fenced: boolean): MazeCandidate[] {
  const accepted = markMazeLines(lines);
  const blocks: MazeCandidate[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!accepted[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < lines.length && accepted[j]) j++;
    const blockLines = lines.slice(i, j);
    if (!blockLines.every((line) => isWhitespace(line.text))) {
      const whole = lines.every((line, k) => (k >= i && k < j) || isWhitespace(line.text));
      const raw = blockLines.map((line) => line.text);
      const indent = whole ? 0 : commonIndent(raw);
      const last = blockLines[blockLines.length - 1] as Line;
      blocks.push({
        kind: 'block',
        rows: raw.map((row) => row.slice(indent)),
        start: (blockLines[0] as Line).start,
        end: last.start + last.text.length,
        fenced,
        dirtyRows: raw.filter((row) => !CLEAN_LINE.test(row) && !isWhitespace(row)).length,
      });
    }
    i = j;
  }
  return blocks;
}

/**
 * Rows of a single-line maze; a sentence's full stop glued to the last row is dropped when
 * that makes the last row as long as the first.
 */
function lineRows(token: string): string[] {
  const rows = token.replace(/\/$/, '').split('/');
  const first = rows[0] ?? '';
  const last = rows[rows.length - 1] ?? '';
  if (last.length === first.length + 1 && last.endsWith('.')) rows[rows.length - 1] = last.slice(0, -1);
  return rows;
}

function lineForms(lines: readonly Line[], fenced: boolean): MazeCandidate[] {
  const found: MazeCandidate[] = [];
  // Inside prose (or with spaces) a single-line maze needs a wall, so that `S/G` or `S / G`
  // in a sentence is not taken for one; a line that is nothing but `[#.SGo/]` needs none.
  const add = (token: string, start: number, needsWall: boolean): void => {
    if (needsWall && !token.includes('#')) return;
    const rows = lineRows(token);
    const length = rows.join('/').length;
    found.push({ kind: 'line', rows, start, end: start + length, fenced, dirtyRows: 0 });
  };
  for (const line of lines) {
    const trimmed = line.text.trim();
    if (LINE_FORM_LINE.test(trimmed)) {
      add(trimmed, line.start + line.text.indexOf(trimmed), trimmed.includes(' '));
      continue;
    }
    for (const match of line.text.matchAll(LINE_FORM_TOKEN)) {
      add(match[1] as string, line.start + (match.index ?? 0), true);
    }
  }
  return found;
}

/** Rows of a JSON-like value: an array of row strings or of arrays of one-character strings. */
function rowsOfValue(value: unknown): string[] | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  const rows = value.map((row: unknown) =>
    typeof row === 'string' ? row : Array.isArray(row) && row.every((c) => typeof c === 'string' && c.length === 1) ? row.join('') : null,
  );
  return rows.every((row): row is string => row !== null) ? rows : null;
}

/** A candidate from rows found in JSON or a table: as written when canonical, else in the canonical alphabet; null when no maze. */
function fromRows(
  kind: 'json' | 'table',
  raw: readonly string[],
  span: { start: number; end: number },
  fenced: boolean,
  canonicalOnly: boolean,
): MazeCandidate | null {
  const other = canonicalMazeRows(raw);
  if (other !== undefined && other.alphabet !== '') return { kind, rows: other.rows, ...span, fenced, dirtyRows: 0, alphabet: other.alphabet };
  if (canonicalOnly || !raw.some((row) => row.includes('#') || row.includes('S'))) return null;
  return { kind, rows: [...raw], ...span, fenced, dirtyRows: 0 };
}

function jsonArrays(text: string, base: number, fenced: boolean): MazeCandidate[] {
  const found: MazeCandidate[] = [];
  for (const match of text.matchAll(JSON_STRING_ARRAY)) {
    const rows = rowsFromJson(match[0]);
    if (rows === null) continue;
    const start = base + (match.index ?? 0);
    const c = fromRows('json', rows, { start, end: start + match[0].length }, fenced, false);
    if (c !== null) found.push(c);
  }
  // Lists of code (single quotes, trailing commas) and arrays of characters, which the strict pattern above misses.
  for (const span of findJsonish(text, { maxStarts: 50 })) {
    // The rows, or the rows under one key of an object ({"maze": [[...], ...]}).
    const value = span.value;
    const inner =
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.values(value)
            .map(rowsOfValue)
            .filter((r) => r !== null)
        : [];
    const rows = rowsOfValue(value) ?? (inner.length === 1 ? (inner[0] ?? null) : null);
    const start = base + span.start;
    if (rows === null || found.some((c) => c.start === start)) continue;
    const c = fromRows('json', rows, { start, end: base + span.end }, fenced, false);
    if (c !== null) found.push(c);
  }
  return found;
}

/** Markdown tables whose body cells are one maze character each (an empty cell is open); the header line is labels, not a row. */
function tables(text: string, base: number, fenced: boolean): MazeCandidate[] {
  const found: MazeCandidate[] = [];
  for (const table of findMarkdownTables(text)) {
    if (!table.body.every((row) => row.every((cell) => cell.length <= 1))) continue;
    const rows = table.body.map((row) => row.map((cell) => (cell === '' ? ' ' : cell)).join(''));
    const c = fromRows('table', rows, { start: base + table.start, end: base + table.end }, fenced, false);
    if (c !== null && c.rows.join('').includes('#')) found.push(c);
  }
  return found;
}

/** Whether a line is mostly (60%) characters of some maze alphabet. */
function mostlyMaze(text: string): boolean {
  const t = text.trim();
  if (t.length < 3) return false;
  let maze = 0;
  for (const ch of t) if ('#█▓■01 .SGEFXTABo'.includes(ch)) maze++;
  return maze / t.length >= 0.6;
}

/**
 * Blocks of lines that are a maze in another alphabet (see `canonicalMazeRows`); a block whose
 * neighbouring line is as long and mostly maze characters is left out (a map with other
 * symbols, such as a dungeon's `@`, is no maze).
 */
function otherAlphabetBlocks(lines: readonly Line[], fenced: boolean): MazeCandidate[] {
  const found: MazeCandidate[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!ANY_ALPHABET_LINE.test((lines[i] as Line).text)) {
      i++;
      continue;
    }
    let j = i;
    while (j < lines.length && ANY_ALPHABET_LINE.test((lines[j] as Line).text)) j++;
    const block = lines.slice(i, j);
    const width = (line: Line | undefined) => line?.text.trim().length ?? -1;
    const dirtyNeighbour = [lines[i - 1], lines[j]].some(
      (n, k) => n !== undefined && mostlyMaze(n.text) && width(n) === width(k === 0 ? block[0] : block[block.length - 1]),
    );
    const whole = lines.every((line, k) => (k >= i && k < j) || isWhitespace(line.text));
    const raw = block.map((line) => line.text.trimEnd());
    const indent = whole ? 0 : commonIndent(raw);
    const other = dirtyNeighbour || block.length < 2 ? undefined : canonicalMazeRows(raw.map((row) => row.slice(indent)));
    if (other !== undefined && other.alphabet !== '') {
      const last = block[block.length - 1] as Line;
      found.push({
        kind: 'block',
        rows: other.rows,
        start: (block[0] as Line).start,
        end: last.start + last.text.trimEnd().length,
        fenced,
        dirtyRows: 0,
        alphabet: other.alphabet,
      });
    }
    i = j;
  }
  return found;
}

function candidatesIn(text: string, lines: readonly Line[], base: number, fenced: boolean): MazeCandidate[] {
  const json = [...jsonArrays(text, base, fenced), ...tables(text, base, fenced)];
  const inJson = (c: MazeCandidate): boolean => json.some((j) => c.start >= j.start && c.end <= j.end);
  return [...json, ...lineForms(lines, fenced).filter((c) => !inJson(c)), ...blocksIn(lines, fenced), ...otherAlphabetBlocks(lines, fenced)];
}

/**
 * Every maze-shaped piece of `text`, in no particular order. Never throws. Inside a fence,
 * the fence's own indentation is removed from its lines (as CommonMark does).
 *
 * @example
 * findMazeCandidates('Solve:\n#####\n#S G#\n#####\nthanks')[0]?.rows; // ['#####', '#S G#', '#####']
 */
export function findMazeCandidates(text: string): MazeCandidate[] {
  const candidates: MazeCandidate[] = [];
  const fences: { start: number; end: number }[] = [];
  for (const match of text.matchAll(FENCE)) {
    const at = match.index ?? 0;
    const indent = (match[1] as string).length;
    const body = match[3] as string;
    const bodyStart = at + match[0].indexOf('\n') + 1;
    fences.push({ start: at, end: at + match[0].length });
    const lines = splitLines(body, bodyStart).map((line) => {
      const cut = /^[ \t]*/.exec(line.text)?.[0].length ?? 0;
      const removed = Math.min(cut, indent);
      return { text: line.text.slice(removed), start: line.start + removed };
    });
    candidates.push(...candidatesIn(body, lines, bodyStart, true));
  }
  const outside = candidatesIn(text, splitLines(text, 0), 0, false).filter((c) => !fences.some((f) => c.start >= f.start && c.end <= f.end));
  return [...candidates, ...outside];
}

/** Counts of the maze characters that matter for ranking a candidate. */
export interface CandidateCounts {
  starts: number;
  goals: number;
  walls: number;
  cells: number;
}

/**
 * Counts `S`, `G`, `#` and all characters of a candidate's rows.
 *
 * @example
 * candidateCounts({ rows: ['#S', 'G#'] } as MazeCandidate); // { starts: 1, goals: 1, walls: 2, cells: 4 }
 */
export function candidateCounts(candidate: Pick<MazeCandidate, 'rows'>): CandidateCounts {
  const counts = { starts: 0, goals: 0, walls: 0, cells: 0 };
  for (const row of candidate.rows) {
    for (const ch of row) {
      counts.cells++;
      if (ch === 'S') counts.starts++;
      else if (ch === 'G') counts.goals++;
      else if (ch === '#') counts.walls++;
    }
  }
  return counts;
}

/**
 * The candidate `parse` should read: prefer one `S` and one `G`, then fenced, then JSON or
 * line forms, then fewer dirty rows, then more rows and cells; `null` when there is none.
 *
 * @example
 * bestMazeCandidate(findMazeCandidates(text))?.rows;
 */
export function bestMazeCandidate(candidates: readonly MazeCandidate[]): MazeCandidate | null {
  const key = (c: MazeCandidate): number[] => {
    const n = candidateCounts(c);
    return [
      n.starts === 1 && n.goals === 1 ? 1 : 0,
      c.rows.length >= 2 ? 1 : 0,
      c.fenced ? 1 : 0,
      n.starts > 0 || n.goals > 0 ? 1 : 0,
      -c.dirtyRows,
      c.kind === 'block' ? 0 : 1,
      n.cells,
    ];
  };
  let best: MazeCandidate | null = null;
  let bestKey: number[] = [];
  for (const c of candidates) {
    const k = key(c);
    if (best === null || compareKeys(k, bestKey) > 0) {
      best = c;
      bestKey = k;
    }
  }
  return best;
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
