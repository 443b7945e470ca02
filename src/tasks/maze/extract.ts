/**
 * Finds maze-shaped text inside free text, shared by `detect` and `parse`: JSON string arrays,
 * markdown code fences, the single-line `row/row/row` form, and blocks of consecutive lines
 * made of maze characters (`#`, ` `, `.`, `S`, `G`, `o`).
 */

/** Where a candidate came from. */
export type MazeCandidateKind = 'json' | 'line' | 'block';

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

function jsonArrays(text: string, base: number, fenced: boolean): MazeCandidate[] {
  const found: MazeCandidate[] = [];
  for (const match of text.matchAll(JSON_STRING_ARRAY)) {
    const rows = rowsFromJson(match[0]);
    if (rows === null || !rows.some((row) => row.includes('#') || row.includes('S'))) continue;
    const start = base + (match.index ?? 0);
    found.push({ kind: 'json', rows, start, end: start + match[0].length, fenced, dirtyRows: 0 });
  }
  return found;
}

function candidatesIn(text: string, lines: readonly Line[], base: number, fenced: boolean): MazeCandidate[] {
  const json = jsonArrays(text, base, fenced);
  const inJson = (c: MazeCandidate): boolean => json.some((j) => c.start >= j.start && c.end <= j.end);
  return [...json, ...lineForms(lines, fenced).filter((c) => !inJson(c)), ...blocksIn(lines, fenced)];
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
