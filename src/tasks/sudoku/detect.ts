/**
 * `detectSudoku`: how much a text looks like a Sudoku, and where it is. Never throws.
 */
import type { Detection } from '../../core/spec.js';
import { findSudokuConflicts } from './conflicts.js';
import type { SudokuGrid } from './grid.js';
import type { SudokuLocation, SudokuLocationSource } from './locate.js';
import { locateSudoku } from './locate.js';

/** Base score per source for a 9x9 grid. */
const SOURCE_SCORE: Record<SudokuLocationSource, number> = { text: 1, json: 0.95, table: 0.95, fence: 0.95, block: 0.9, inline: 0.85 };

/** Smaller grids are more often something else (a 16-digit number, a 4-line table). */
const SIZE_FACTOR: Record<number, number> = { 9: 1, 6: 0.9, 4: 0.75 };

/**
 * The same for a small grid written as a puzzle is written (see `isWellPosed`): with blanks
 * spelled `.`, `_`, `*`, `?` or left empty, nothing else looks like that; with blanks spelled
 * `0`, a sparse matrix of small digits still might (the words around it then decide).
 */
const WELL_POSED_FACTOR: Record<number, { symbols: number; zeros: number }> = {
  9: { symbols: 1, zeros: 1 },
  6: { symbols: 1, zeros: 0.95 },
  4: { symbols: 1, zeros: 0.85 },
};

/** Fewest givens of a puzzle with one solution (17 is the proven minimum for 9x9). */
const MIN_GIVENS: Record<number, number> = { 9: 17, 6: 8, 4: 4 };

/**
 * Whether a grid is what a puzzle with one solution must be: some blanks, at least the fewest
 * givens such a puzzle has, and at least n-1 different digits among them (with two digits
 * missing, swapping them gives a second solution). A matrix of 0s and 1s, a single row of
 * data or a grid of one colour is not.
 */
function isWellPosed(grid: SudokuGrid): boolean {
  const givens = grid.cells.filter((v) => v > 0);
  if (givens.length === grid.cells.length || givens.length < (MIN_GIVENS[grid.size] ?? 0)) return false;
  return new Set(givens).size >= grid.size - 1;
}

/** Fewest cells for a malformed region to count as an attempted sudoku. */
const MIN_ATTEMPT_CELLS = 12;

/** Whether blanks are spelled `0` in the region (a matrix of small digits spells its zeros so too). */
function zeroBlanks(at: SudokuLocation, text: string): boolean {
  return text.slice(at.start, at.end).includes('0');
}

/** Whether a one-line grid has its line to itself, or after a label (`1)`, `Puzzle 2:`): no sentence around it. */
function aloneOnLine(at: SudokuLocation, text: string): boolean {
  const lineStart = text.lastIndexOf('\n', at.start - 1) + 1;
  const lineEnd = text.indexOf('\n', at.end);
  const before = text.slice(lineStart, at.start).trim();
  const after = text.slice(at.end, lineEnd < 0 ? text.length : lineEnd).trim();
  return (before === '' || /^[\p{L}\p{N}#\s]{0,20}[:)]$/u.test(before)) && /^[.!]?$/.test(after);
}

/**
 * Whether the grid alone says it is a Sudoku: drawn as a grid, alone on its line, or with
 * blanks spelled other than `0` (a run of digits in a sentence may be an id or a number,
 * whatever its digits; one with dots for blanks is not), well posed, no conflicts, and not a small
 * grid of 0s (a 4x4 of 0..4 can be a sparse matrix).
 */
function conclusive(at: SudokuLocation & { grid: SudokuGrid }, text: string): boolean {
  if ((at.source === 'inline' && !aloneOnLine(at, text) && zeroBlanks(at, text)) || !isWellPosed(at.grid) || findSudokuConflicts(at.grid).length > 0)
    return false;
  return at.grid.size !== 4 || !zeroBlanks(at, text);
}

function scoreOf(at: SudokuLocation & { grid: SudokuGrid }, text: string): number {
  let size = SIZE_FACTOR[at.grid.size] ?? 0.5;
  if (isWellPosed(at.grid) && findSudokuConflicts(at.grid).length === 0) {
    const factor = WELL_POSED_FACTOR[at.grid.size];
    if (factor !== undefined) size = Math.max(size, zeroBlanks(at, text) ? factor.zeros : factor.symbols);
  }
  let score = SOURCE_SCORE[at.source] * size;
  if (at.grid.size === 4 && !at.grid.cells.includes(0)) score *= 0.7;
  if (at.grid.cells.every((v) => v === 0)) score *= 0.5;
  return score;
}

function describe(at: SudokuLocation & { grid: SudokuGrid }): string {
  const where = {
    text: 'the whole input',
    json: 'JSON',
    table: 'a markdown table',
    fence: 'a code fence',
    block: 'a block of lines',
    inline: 'a line of prose',
  }[at.source];
  return `${at.grid.size}x${at.grid.size} sudoku in ${where}`;
}

/**
 * Scores `text` as a Sudoku: 1 for a bare 81-cell line or clean 9-line grid; about 0.85-0.95
 * for a grid in JSON, a code fence or prose; less for 6x6 and 4x4; about 0.3-0.5 for something
 * that looks like an attempted sudoku but does not parse. `null` when nothing looks like one.
 *
 * @example
 * detectSudoku('53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79');
 * // { score: 1, start: 0, end: 81, reason: '9x9 sudoku in the whole input' }
 */
export function detectSudoku(text: string): Detection | null {
  let found: SudokuLocation[];
  try {
    found = typeof text === 'string' ? locateSudoku(text) : [];
  } catch {
    return null;
  }
  const grids = found.filter((at): at is SudokuLocation & { grid: SudokuGrid } => at.grid !== undefined);
  const distinct = new Set(grids.map((g) => `${g.grid.size}:${g.grid.cells.join('')}`)).size;
  const best = [...grids].sort((a, b) => scoreOf(b, text) - scoreOf(a, text))[0];
  if (best !== undefined) {
    let score = scoreOf(best, text);
    let reason = describe(best);
    if (findSudokuConflicts(best.grid).length > 0) {
      score *= 0.6;
      reason += ', but its givens conflict';
    }
    if (distinct > 1) {
      score *= 0.7;
      reason += ` (${distinct} different grids found)`;
    }
    const sure = distinct === 1 && conclusive(best, text);
    return { score: Math.round(score * 1000) / 1000, start: best.start, end: best.end, reason, ...(sure ? { conclusive: true } : {}) };
  }
  const attempt = found.filter((at) => at.error !== undefined && at.cellCount >= MIN_ATTEMPT_CELLS).sort((a, b) => b.cellCount - a.cellCount)[0];
  if (attempt?.error === undefined) return null;
  const score = attempt.source === 'text' || attempt.source === 'fence' ? 0.4 : 0.3;
  return { score, start: attempt.start, end: attempt.end, reason: `looks like a sudoku but does not parse: ${attempt.error.message}` };
}
