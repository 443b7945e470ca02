/**
 * Puzzles described in words rather than drawn ("row 1 is 5 3 _ _ 7 _ _ _ _, row 2 ...",
 * "the start is at (0,0), walls at ..."). Their structure cannot be read locally without
 * guessing, so they become grid parts that the LLM extracts into the task's schema; without
 * an LLM the answer says so. Only the pattern is detected here, never the puzzle.
 */
import type { TaskName } from '../core/spec.js';
import { mentionsTask } from './context.js';

export interface ProseDescription {
  task: TaskName;
  start: number;
  end: number;
  confidence: number;
  reason: string;
}

const ROW_WORD = '(?:\\d|one|two|three|four|five|six|seven|eight|nine|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|top|bottom|last)';
/** "row 1 is ...", "the first row: ...", "R3 = ...", "row three has ..." */
const ROW_STATEMENT = new RegExp(`\\b(?:row\\s*${ROW_WORD}|${ROW_WORD}(?:st|nd|rd|th)?\\s+row|r[1-9])\\b\\s*(?:is|reads|has|contains|goes|:|=|-)`, 'gi');
/** "r1c1 = 5", "cell (2,3) is 7", "row 2 column 4 is a 9" */
const CELL_STATEMENT = /\b(?:r\d\s*c\d|cell\s*\(?\s*\d\s*,\s*\d\s*\)?|row\s*\d+\s*,?\s*col(?:umn)?\s*\d+)\s*(?:is|=|:|has|contains)?\s*(?:an?\s+)?\d/gi;
/** "(0, 3)" coordinates, "row 2 col 5" */
const COORDINATE = /\(\s*\d+\s*,\s*\d+\s*\)|\brow\s*\d+\s*,?\s*col(?:umn)?\s*\d+/gi;
const MAZE_WORDS = /\b(?:start|entrance|begin|goal|exit|finish|end)\b/i;
const WALL_WORDS = /\b(?:walls?|blocked|obstacles?|open cells?|passages?|corridors?)\b/i;
const ARC_GRID_WORDS = /\b(?:input|output)s?\b[^.\n]{0,60}\b(?:grid|cells?|pixels?|colou?rs?)\b/i;
const SIZE_WORDS = /\b(?:9\s*[x×]\s*9|6\s*[x×]\s*6|4\s*[x×]\s*4)\b/i;

function spanOf(text: string, pattern: RegExp): { count: number; start: number; end: number } {
  let count = 0;
  let start = text.length;
  let end = 0;
  for (const m of text.matchAll(pattern)) {
    count++;
    start = Math.min(start, m.index);
    end = Math.max(end, m.index + m[0].length);
  }
  return { count, start, end };
}

/** Extends `[start, end)` to whole sentences (or lines). */
function toSentences(text: string, start: number, end: number): { start: number; end: number } {
  let s = start;
  while (s > 0 && !/[.!?\n]/.test(text.charAt(s - 1))) s--;
  let e = end;
  while (e < text.length && !/[.!?\n]/.test(text.charAt(e))) e++;
  if (e < text.length) e++;
  while (s < e && /\s/.test(text.charAt(s))) s++;
  return { start: s, end: e };
}

/**
 * A puzzle described in prose, if the text looks like one; `null` otherwise. Only tasks
 * in `skip` (already found as drawn grids) are not reported again.
 *
 * @example
 * describeProsePuzzle('My sudoku: row 1 is 5 3 _ _ 7 _ _ _ _, row 2 is 6 _ _ 1 9 5 _ _ _, row 3 is ...');
 * // { task: 'sudoku', confidence: 0.7, ... }
 */
export function describeProsePuzzle(text: string, skip: ReadonlySet<TaskName> = new Set()): ProseDescription | null {
  if (!skip.has('sudoku')) {
    const rows = spanOf(text, ROW_STATEMENT);
    const cells = spanOf(text, CELL_STATEMENT);
    const named = mentionsTask(text, 'sudoku');
    const evidence = rows.count >= 3 ? rows : cells.count >= 3 ? cells : undefined;
    if (evidence !== undefined && (named || SIZE_WORDS.test(text))) {
      const span = toSentences(text, evidence.start, evidence.end);
      const how = evidence === rows ? `${rows.count} rows described in words` : `${cells.count} cells given in words`;
      return { task: 'sudoku', ...span, confidence: named ? 0.7 : 0.55, reason: `sudoku described in prose: ${how}` };
    }
  }
  if (!skip.has('maze') && mentionsTask(text, 'maze')) {
    const coordinates = spanOf(text, COORDINATE);
    if (coordinates.count >= 2 && MAZE_WORDS.test(text) && WALL_WORDS.test(text)) {
      const span = toSentences(text, coordinates.start, coordinates.end);
      return { task: 'maze', ...span, confidence: 0.65, reason: `maze described in prose: ${coordinates.count} coordinates, start/goal and walls` };
    }
  }
  if (!skip.has('arc') && mentionsTask(text, 'arc') && ARC_GRID_WORDS.test(text)) {
    const m = ARC_GRID_WORDS.exec(text);
    if (m !== null && /\btest\b/i.test(text)) {
      return { task: 'arc', start: 0, end: text.length, confidence: 0.55, reason: 'ARC task described in prose (input/output grids in words)' };
    }
  }
  return null;
}
