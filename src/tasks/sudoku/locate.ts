/**
 * Finding Sudoku grids inside text: a bare grid (the whole input), JSON arrays (and the arrays
 * of code: Python or JavaScript lists, C brace arrays), markdown tables, blocks of grid lines
 * (also inside markdown code fences, and with `Row 1:` labels) and one-line grids inside prose.
 * Shared by `parse` (which needs exactly one) and `detect` (which scores what it finds).
 */
import { InvalidInputError } from '../../core/errors.js';
import { parseJsonish } from '../common/jsonish.js';
import { findMarkdownTables } from '../common/markdown-table.js';
import type { SudokuGrid } from './grid.js';
import { sizeForCellCount } from './grid.js';
import { gridFromValue } from './structured.js';
import type { TextLine } from './text-grid.js';
import { cellValue, gridFromLines, isSeparator, isSpace, splitLines } from './text-grid.js';

/** Where a candidate came from, strongest first. */
export type SudokuLocationSource = 'text' | 'json' | 'table' | 'fence' | 'block' | 'inline';

/** One grid-like region of the text: parsed to a grid, or the error that region gives. */
export interface SudokuLocation {
  start: number;
  end: number;
  source: SudokuLocationSource;
  /** Cells in the region (how much it looks like a grid even when it does not parse). */
  cellCount: number;
  grid?: SudokuGrid;
  error?: InvalidInputError;
}

/** Fewest cells an unparseable region in prose needs before it counts as an attempted grid. */
const MIN_NEAR_CELLS = 12;
const MAX_JSON_STARTS = 200;
/** Longest JSON value searched for (an indented 9x9 array is about 2,000 characters). */
const MAX_JSON_LENGTH = 20_000;

function attempt(start: number, end: number, source: SudokuLocationSource, cellCount: number, read: () => SudokuGrid): SudokuLocation {
  try {
    return { start, end, source, cellCount, grid: read() };
  } catch (error) {
    if (error instanceof InvalidInputError) return { start, end, source, cellCount, error };
    throw error;
  }
}

function countCells(text: string): number {
  let n = 0;
  for (const ch of text) if (cellValue(ch) >= 0) n++;
  return n;
}

function isFence(line: TextLine): boolean {
  return /^\s*(```|~~~)/.test(line.text);
}

type LineKind = 'empty' | 'grid' | 'rule' | 'prose' | 'fence';

/** A spreadsheet row of empty fields (`,,,` or `, , , , , , , ,`): a row of blanks when it has n-1 commas for a Sudoku side n. */
function isEmptyFieldRow(text: string): boolean {
  if (!/^[\s,]+$/.test(text)) return false;
  const commas = (text.match(/,/g) ?? []).length;
  return sizeForCellCount((commas + 1) ** 2) !== undefined;
}

function lineKind(line: TextLine): LineKind {
  if (isFence(line)) return 'fence';
  let cells = 0;
  let other = false;
  for (const ch of line.text) {
    if (cellValue(ch) >= 0) cells++;
    else if (!isSeparator(ch) && !isSpace(ch)) other = true;
  }
  if (other) return 'prose';
  if (cells > 0 || isEmptyFieldRow(line.text)) return 'grid';
  return line.text.trim() === '' ? 'empty' : 'rule';
}

/** True when the text has no prose: every line is mostly cells and separators, with no words. */
function isBareGrid(lines: readonly TextLine[]): boolean {
  let any = false;
  for (const line of lines) {
    if (isFence(line)) continue;
    const text = line.text.trim();
    if (text === '') continue;
    any = true;
    if (/[A-Za-z]{2,}|[`[\]{}]/.test(text)) return false;
    const visible = [...text].filter((ch) => !isSpace(ch));
    const gridLike = visible.filter((ch) => cellValue(ch) >= 0 || isSeparator(ch)).length;
    if (gridLike < 0.6 * visible.length) return false;
  }
  return any;
}

function spanOf(lines: readonly TextLine[]): { start: number; end: number } {
  const first = lines[0];
  const last = lines[lines.length - 1];
  if (first === undefined || last === undefined) return { start: 0, end: 0 };
  const lead = first.text.length - first.text.trimStart().length;
  return { start: first.offset + lead, end: last.offset + last.text.trimEnd().length };
}

/** Index of the bracket closing the one at `open`, or -1. Ignores brackets inside strings. */
function matchBracket(text: string, open: number): number {
  let depth = 0;
  let inString = false;
  for (let i = open, end = Math.min(text.length, open + MAX_JSON_LENGTH); i < end; i++) {
    const ch = text.charAt(i);
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Whether a JSON value is meant as a grid; `anyLength` accepts flat arrays of any length. */
function looksLikeGridValue(value: unknown, anyLength = false): boolean {
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((row) => Array.isArray(row))) return true;
    // n rows as strings: ["53..7....", "6..195...", ...]
    if (sizeForCellCount(value.length ** 2) !== undefined && value.every((row) => typeof row === 'string' && countCells(row) > 1)) return true;
    const cells = value.every((v) => typeof v === 'number' || v === null || typeof v === 'string');
    return cells && (anyLength ? value.length > 0 : sizeForCellCount(value.length) !== undefined);
  }
  return typeof value === 'object' && value !== null && 'cells' in value;
}

/** The grid-like direct properties of a JSON object (`{"puzzle": [[...]]}`). */
function gridProperties(value: unknown): unknown[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.values(value).filter((v) => looksLikeGridValue(v));
}

/** Grids in a JSON value: the value itself, grid-like properties, or grid text in string properties. */
function jsonGrids(value: unknown, start: number, end: number, cells: number, anyLength: boolean): SudokuLocation[] {
  if (looksLikeGridValue(value, anyLength)) return [attempt(start, end, 'json', cells, () => gridFromValue(value))];
  const found = gridProperties(value).map((grid) => attempt(start, end, 'json', cells, () => gridFromValue(grid)));
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const text of Object.values(value)) {
      if (typeof text !== 'string' || text.length < 16) continue;
      for (const at of locateSudoku(text)) found.push({ ...at, start, end, source: 'json' });
    }
  }
  return found;
}

/** JSON grids inside the text; their spans are blanked out of `masked` so lines skip them. */
function findJson(text: string, found: SudokuLocation[]): string {
  let masked = text;
  let starts = 0;
  for (let i = 0; i < text.length && starts < MAX_JSON_STARTS; i++) {
    const ch = text.charAt(i);
    if (ch !== '[' && ch !== '{') continue;
    starts++;
    const close = matchBracket(text, i);
    if (close < 0) continue;
    const body = text.slice(i, close + 1);
    const parsed = parseJsonish(body);
    if (!parsed.ok) continue;
    const value = parsed.value;
    // A grid, or an object holding grids directly ({"puzzle": [[...]]}); other JSON is skipped whole.
    found.push(...jsonGrids(value, i, close + 1, countCells(body.replace(/"[^"]*"\s*:/g, '')), false));
    masked = masked.slice(0, i) + ' '.repeat(close + 1 - i) + masked.slice(close + 1);
    i = close;
  }
  return masked;
}

const TRAILING_ROW = /[0-9._*?](?:[0-9._*?|, \t]*[0-9._*?])?\s*$/;
const LEADING_ROW = /^\s*([0-9._*?](?:[0-9._*?|, \t]*[0-9._*?])?)/;

/** The row of exactly `width` cells that ends (or starts) a line of prose, as its own line. */
function proseRow(line: TextLine | undefined, width: number, end: 'trailing' | 'leading'): TextLine | undefined {
  if (line === undefined || lineKind(line) !== 'prose') return undefined;
  const match = end === 'trailing' ? TRAILING_ROW.exec(line.text) : LEADING_ROW.exec(line.text);
  if (match === null) return undefined;
  let text = (end === 'trailing' ? match[0] : (match[1] ?? '')).trimEnd();
  const index = end === 'trailing' ? match.index : line.text.indexOf(text);
  if (countCells(text) === width + 1 && end === 'leading' && text.endsWith('.')) text = text.slice(0, -1);
  return countCells(text) === width ? { text, offset: line.offset + index, lineNo: line.lineNo } : undefined;
}

/**
 * A block one row short whose missing row sits in the adjacent prose ("Solve this: 530070000"
 * followed by eight rows) gets that row; only when exactly one side supplies it.
 */
function withProseRow(lines: readonly TextLine[], block: TextLine[], cellRows: TextLine[]): TextLine[] {
  const width = countCells(cellRows[0]?.text ?? '');
  if (cellRows.length + 1 !== width || sizeForCellCount(width * width) === undefined) return block;
  if (!cellRows.every((l) => countCells(l.text) === width)) return block;
  const before = proseRow(lines[(block[0]?.lineNo ?? 0) - 1], width, 'trailing');
  const after = proseRow(lines[(block[block.length - 1]?.lineNo ?? 0) + 1], width, 'leading');
  if (before !== undefined && after === undefined) return [before, ...block];
  if (after !== undefined && before === undefined) return [...block, after];
  return block;
}

/** Blocks of consecutive grid lines (single blank lines inside a block are allowed). */
function findBlocks(lines: readonly TextLine[], inFence: readonly boolean[], found: SudokuLocation[]): void {
  let block: TextLine[] = [];
  const flush = (): void => {
    while (block.length > 0 && lineKind(block[block.length - 1] as TextLine) !== 'grid') block.pop();
    while (block.length > 0 && lineKind(block[0] as TextLine) !== 'grid') block.shift();
    const cellRows = block.filter((l) => lineKind(l) === 'grid');
    if (cellRows.length >= 2) block = withProseRow(lines, block, cellRows);
    if (cellRows.length >= 2) {
      const { start, end } = spanOf(block);
      const fenced = inFence[block[0]?.lineNo ?? 0] === true;
      const lines = block;
      found.push(attempt(start, end, fenced ? 'fence' : 'block', countCells(lines.map((l) => l.text).join('')), () => gridFromLines(lines)));
    } else if (cellRows.length === 1) {
      const line = cellRows[0] as TextLine;
      findInline(line, found, inFence[line.lineNo] === true ? 'fence' : 'inline');
    }
    block = [];
  };
  for (const line of lines) {
    const kind = lineKind(line);
    // One blank line may sit inside a block (between boxes); two end it (a grid found elsewhere, blanked out, leaves many).
    const secondBlank = kind === 'empty' && block.length > 0 && lineKind(block[block.length - 1] as TextLine) === 'empty';
    if (kind === 'grid' || kind === 'rule' || (kind === 'empty' && block.length > 0 && !secondBlank)) block.push(line);
    else flush();
  }
  flush();
}

const INLINE_SPAN = /[0-9._*?](?:[0-9._*?|, \t]*[0-9._*?])?/g;
const MAX_WORDS = 200;

/**
 * The grid inside one span of cell characters: the run of whole words with the most cells
 * that makes a 16-, 36- or 81-cell line (a trailing sentence period may be dropped), provided
 * exactly one run has that many; otherwise none.
 */
function bestRun(span: string): { start: number; end: number; cells: number } | undefined {
  const words = [...span.matchAll(/\S+/g)].slice(0, MAX_WORDS).map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    cells: countCells(m[0]),
    period: m[0].endsWith('.'),
  }));
  let best: { start: number; end: number; cells: number } | undefined;
  let ties = 0;
  for (let i = 0; i < words.length; i++) {
    let cells = 0;
    for (let j = i; j < words.length; j++) {
      const last = words[j];
      const first = words[i];
      if (last === undefined || first === undefined) break;
      cells += last.cells;
      let run: { start: number; end: number; cells: number } | undefined;
      if (sizeForCellCount(cells) !== undefined) run = { start: first.start, end: last.end, cells };
      else if (last.period && sizeForCellCount(cells - 1) !== undefined) run = { start: first.start, end: last.end - 1, cells: cells - 1 };
      if (run === undefined) continue;
      if (best === undefined || run.cells > best.cells) {
        best = run;
        ties = 0;
      } else if (run.cells === best.cells) ties++;
    }
  }
  return ties === 0 ? best : undefined;
}

/** One-line grids inside a line of prose (or a lone grid line). */
function findInline(line: TextLine, found: SudokuLocation[], source: SudokuLocationSource): void {
  for (const match of line.text.matchAll(INLINE_SPAN)) {
    const span = match[0];
    const at = line.offset + match.index;
    const run = bestRun(span);
    const region = run === undefined ? { start: 0, end: span.length } : run;
    const text = span.slice(region.start, region.end);
    const cells = countCells(text);
    // A run of dots with no digit is an ellipsis or a maze corridor, not a sudoku.
    if ((run === undefined && cells < MIN_NEAR_CELLS) || !/[1-9]/.test(text)) continue;
    const lines: TextLine[] = [{ text, offset: at + region.start, lineNo: line.lineNo }];
    found.push(attempt(at + region.start, at + region.end, source, cells, () => gridFromLines(lines)));
  }
}

/**
 * A bare grid that does not read whole because of a stray short paragraph beside it (a lone
 * `?` or `...` line, separated by a blank line): the one paragraph that reads as a grid, when
 * all the others together hold fewer than `MIN_NEAR_CELLS` cells; otherwise undefined.
 */
function strayParagraphs(lines: readonly TextLine[], source: SudokuLocationSource): SudokuLocation | undefined {
  const paragraphs: TextLine[][] = [[]];
  for (const line of lines) {
    if (isFence(line)) continue;
    if (line.text.trim() === '') paragraphs.push([]);
    else paragraphs[paragraphs.length - 1]?.push(line);
  }
  const filled = paragraphs.filter((p) => p.length > 0);
  if (filled.length < 2) return undefined;
  const cells = filled.map((p) => countCells(p.map((l) => l.text).join('')));
  const total = cells.reduce((a, b) => a + b, 0);
  const readable = filled
    .map((p, i) => ({ p, cells: cells[i] as number }))
    .filter(({ cells: n }) => total - n < MIN_NEAR_CELLS && n >= MIN_NEAR_CELLS)
    .map(({ p, cells: n }) => {
      const { start, end } = spanOf(p);
      return attempt(start, end, source, n, () => gridFromLines(p));
    })
    .filter((at) => at.grid !== undefined);
  return readable.length === 1 ? readable[0] : undefined;
}

/** A markdown table cell as a Sudoku cell: its digit, 0 for a blank (empty, `.`, `_`...), -1 when it is no cell. */
function tableCell(cell: string): number {
  if (cell === '') return 0;
  return cell.length === 1 ? cellValue(cell) : -1;
}

/** Whether a column of table cells is row labels (`1 2 3 ...`, `A B C ...`, `r1 r2 ...`). */
function isLabelColumn(cells: readonly string[]): boolean {
  return cells.every((c, i) => c.toLowerCase() === String.fromCharCode(97 + i) || c === String(i + 1) || c.toLowerCase() === `r${i + 1}`);
}

/** The grid of a markdown table: its body (the header too, when it is a row of cells), without a column of row labels. */
function tableGrid(header: readonly string[], body: readonly string[][]): { rows: number[][]; cells: number } | undefined {
  let rows = body.map((r) => [...r]);
  let headerRow = [...header];
  const width = rows[0]?.length ?? 0;
  if (sizeForCellCount((width - 1) ** 2) !== undefined && isLabelColumn(rows.map((r) => r[0] ?? ''))) {
    rows = rows.map((r) => r.slice(1));
    headerRow = headerRow.slice(1);
  }
  const n = rows[0]?.length ?? 0;
  if (rows.length === n - 1 && headerRow.every((c) => tableCell(c) >= 0) && headerRow.some((c) => c !== '')) rows = [headerRow, ...rows];
  if (!rows.every((r) => r.length === n)) return undefined;
  const values = rows.map((r) => r.map(tableCell));
  if (values.some((r) => r.some((v) => v < 0))) return undefined;
  return { rows: values, cells: values.flat().filter((v) => v > 0).length };
}

/** Markdown tables of cells; their spans are blanked out of the returned text so lines skip them. */
function findTables(text: string, found: SudokuLocation[]): string {
  let masked = text;
  for (const table of findMarkdownTables(text)) {
    const grid = tableGrid(table.header, table.body);
    if (grid === undefined || sizeForCellCount(grid.rows.length ** 2) === undefined) continue;
    found.push(attempt(table.start, table.end, 'table', grid.cells, () => gridFromValue(grid.rows)));
    masked = masked.slice(0, table.start) + masked.slice(table.start, table.end).replace(/[^\n]/g, ' ') + masked.slice(table.end);
  }
  return masked;
}

const ROW_LABEL = /^(\s*(?:row\s*|r)([1-9])\s*[:.)=-]?\s*)(?=[0-9._*?])/i;

/**
 * Rows written with labels (`Row 1: 5 3 . . 7 ...`, `R2: 6..195...`): a run of lines labelled
 * 1, 2, 3, ... in order whose rest is all cells, with the labels blanked out (so the lines read
 * as a block of grid lines).
 */
function withoutRowLabels(text: string): string {
  const lines = text.split('\n');
  let run: { index: number; label: number }[] = [];
  const flush = (): void => {
    if (run.length >= 4) for (const { index, label } of run) lines[index] = ' '.repeat(label) + (lines[index] ?? '').slice(label);
    run = [];
  };
  lines.forEach((line, index) => {
    const match = ROW_LABEL.exec(line);
    const label = match?.[1]?.length ?? 0;
    const cellsOnly = match !== null && [...line.slice(label).replace(/\r$/, '')].every((ch) => cellValue(ch) >= 0 || isSeparator(ch) || isSpace(ch));
    const next = cellsOnly && Number(match[2]) === run.length + 1;
    if (!next) flush();
    if (cellsOnly && Number(match[2]) === run.length + 1) run.push({ index, label });
  });
  flush();
  return lines.join('\n');
}

/**
 * Every grid-like region of `text`, in text order. A text that is nothing but a grid is read
 * strictly as one region (so an illegal character is reported, not skipped); otherwise grids
 * are searched in JSON, line blocks, code fences and prose. Never throws.
 *
 * @example
 * locateSudoku('Please solve 53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79 thanks');
 * // [{ source: 'inline', start: 13, end: 94, grid: {...}, cellCount: 81 }]
 */
export function locateSudoku(text: string): SudokuLocation[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const lead = text.length - text.trimStart().length;
  if ((trimmed.startsWith('[') && trimmed.endsWith(']')) || (trimmed.startsWith('{') && trimmed.endsWith('}'))) {
    const parsed = parseJsonish(trimmed);
    if (parsed.ok) return jsonGrids(parsed.value, lead, lead + trimmed.length, countCells(trimmed), true);
  }
  const found: SudokuLocation[] = [];
  if (/^\[\s*\[|^\{\s*"/.test(trimmed) && !parseJsonish(trimmed).ok) {
    try {
      JSON.parse(trimmed);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const broken = new InvalidInputError(`The input looks like JSON but does not parse: ${reason}`, { field: 'input', cause: error });
      found.push({ start: lead, end: lead + trimmed.length, source: 'json', cellCount: countCells(trimmed), error: broken });
    }
  }
  const tables: SudokuLocation[] = [];
  if (findTables(text, tables).trim() === '' && tables.length > 0) return tables; // the text is one markdown table
  const lines = splitLines(text);
  if (isBareGrid(lines)) {
    const body = lines.filter((l) => !isFence(l) && l.text.trim() !== '');
    const { start, end } = spanOf(body);
    const source = lines.some(isFence) ? 'fence' : 'text';
    const whole = attempt(start, end, source, countCells(body.map((l) => l.text).join('')), () => gridFromLines(body));
    return [whole.grid === undefined ? (strayParagraphs(lines, source) ?? whole) : whole];
  }
  const masked = splitLines(withoutRowLabels(findTables(findJson(text, found), found)));
  const inFence: boolean[] = [];
  let open = false;
  for (const line of masked) {
    if (isFence(line)) {
      open = !open;
      inFence.push(false);
    } else inFence.push(open);
  }
  findBlocks(masked, inFence, found);
  for (const line of masked) {
    if (lineKind(line) === 'prose') findInline(line, found, inFence[line.lineNo] === true ? 'fence' : 'inline');
  }
  return found.sort((a, b) => a.start - b.start);
}
