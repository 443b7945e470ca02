/**
 * The Sudoku task as the registry knows it: the codec plus what the router, the tools, the
 * playground and the TRM runtime need (mention words, prose descriptions, the `solve_sudoku`
 * tool, boards, which models fit).
 *
 * @example
 * import { sudokuTask } from 'trm-router/tasks/sudoku';
 * sudokuTask.tool.name; // 'solve_sudoku'
 */
import { z } from 'zod';
import type { Board, TaskDefinition } from '../../core/task.js';
import { describedBy, sentenceSpan, textInput } from '../common/routing-text.js';
import { sudokuData } from './data.js';
import { sudoku } from './codec.js';
import { boxShape } from './grid.js';
import type { SudokuGrid } from './grid.js';
import { SUDOKU_EXAMPLES } from './examples.js';

const MENTIONS = /\b(?:su-?dokus?|number[- ]place|killer sudoku|latin square puzzle)\b/i;

const ROW_WORD = '(?:\\d|one|two|three|four|five|six|seven|eight|nine|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|top|bottom|last)';
/** "row 1 is ...", "the first row: ...", "R3 = ...", "row three has ..." */
const ROW_STATEMENT = new RegExp(`\\b(?:row\\s*${ROW_WORD}|${ROW_WORD}(?:st|nd|rd|th)?\\s+row|r[1-9])\\b\\s*(?:is|reads|has|contains|goes|:|=|-)`, 'gi');
/** "r1c1 = 5", "cell (2,3) is 7", "row 2 column 4 is a 9" */
const CELL_STATEMENT = /\b(?:r\d\s*c\d|cell\s*\(?\s*\d\s*,\s*\d\s*\)?|row\s*\d+\s*,?\s*col(?:umn)?\s*\d+)\s*(?:is|=|:|has|contains)?\s*(?:an?\s+)?\d/gi;
const SIZE_WORDS = /\b(?:9\s*[x×]\s*9|6\s*[x×]\s*6|4\s*[x×]\s*4)\b/i;

// --- the solve_sudoku tool ----------------------------------------------------------------------

const CELL_ERROR = 'a Sudoku cell is a digit 1-9, or 0, null or "." for a blank';

const cell = z.union(
  [z.int({ error: CELL_ERROR }).min(0, { error: CELL_ERROR }).max(9, { error: CELL_ERROR }), z.string().max(1, { error: CELL_ERROR }), z.null()],
  { error: CELL_ERROR },
);

const row = z.union(
  [
    z.string().max(40, { error: 'a Sudoku row as text has at most 9 cells (plus separators)' }),
    z.array(cell).max(9, { error: 'a Sudoku row has at most 9 cells' }),
  ],
  { error: 'a Sudoku row is a string like "53..7...." or an array like [5,3,0,0,7,0,0,0,0]' },
);

/**
 * Input of `solve_sudoku`.
 *
 * @example
 * solveSudokuInput.parse({ puzzle: [[5, 3, 0, 0, 7, 0, 0, 0, 0], ...] });
 */
export const solveSudokuInput = z.object({
  puzzle: z
    .union(
      [
        textInput('puzzle'),
        z.array(row).min(1, { error: 'puzzle has no rows' }).max(9, { error: 'a Sudoku has at most 9 rows: send the 9 rows (or the 81 cells as one string)' }),
      ],
      { error: 'puzzle must be the grid as text, or an array of rows' },
    )
    .describe(
      'The Sudoku (9x9; 4x4 and 6x6 work too). Either text: 81 characters with 0 or . for blanks, or 9 lines ' +
        '(separators | - + and spaces are fine); or rows as strings ["53..7....", ...]; or rows as arrays of ' +
        'digits [[5,3,0,0,7,0,0,0,0], ...] with 0 or null for blanks.',
    ),
});
export type SolveSudokuInput = z.infer<typeof solveSudokuInput>;

/** Rows as strings join into text (the text parser knows every notation); mixed rows become cells. */
function sudokuValue(puzzle: SolveSudokuInput['puzzle']): unknown {
  if (typeof puzzle === 'string') return puzzle;
  if (puzzle.every((r) => typeof r === 'string')) return puzzle.join('\n');
  return puzzle.map((r) => (typeof r === 'string' ? [...r.replace(/[\s|,+]/g, '')] : r.map((c) => c ?? 0)));
}

// --- boards -------------------------------------------------------------------------------------

function reshape<T>(flat: ArrayLike<T>, n: number): T[][] {
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => flat[r * n + c] as T));
}

function sudokuBoard(grid: SudokuGrid, givens: SudokuGrid): Board {
  const n = grid.size;
  const box = boxShape(grid.size);
  return {
    rows: n,
    cols: n,
    style: 'digits',
    box: { rows: box.rows, cols: box.cols },
    cells: reshape(
      grid.cells.map((d) => (d >= 1 ? String(d) : '')),
      n,
    ),
    givens: reshape(
      givens.cells.map((d) => d >= 1),
      n,
    ),
  };
}

/**
 * The Sudoku task definition.
 *
 * @example
 * sudokuTask.cacheKey(sudoku.parse('53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79'));
 */
export const sudokuTask: TaskDefinition<SudokuGrid, SudokuGrid> = {
  name: sudoku.task,
  title: 'Sudoku',
  notation: 'a Sudoku (81 digits or a 9-line grid)',
  origin: 'builtin',
  codec: sudoku,
  verifiable: true,
  unverifiedLabel: 'NOT verified',
  cacheKey: (p) => `${sudoku.task}:${p.size}:${p.cells.join('')}`,
  tool: {
    name: 'solve_sudoku',
    description: 'Solve a Sudoku exactly (LLMs cannot solve hard Sudoku reliably; this tool can). Give the grid as text or rows.',
    input: solveSudokuInput,
    hint: 'Call solve_sudoku again with {"puzzle": "<81 characters, 0 or . for blanks>"} or {"puzzle": [[5,3,0,...], ...]} (9 rows of 9 digits).',
    toPuzzle: (args) => sudoku.parse(sudokuValue((args as SolveSudokuInput).puzzle)),
  },
  boards: {
    puzzle: (p) => [sudokuBoard(p, p)],
    answer: (p, s) => [sudokuBoard(s, p)],
    step(p, tokens) {
      const decoded = sudoku.decode(tokens, p);
      const v = sudoku.verify(p, decoded);
      return { board: sudokuBoard(decoded, p), verified: v.ok && v.strength === 'full' };
    },
  },
  routing: {
    mentions: MENTIONS,
    describedInProse(text) {
      const rows = sentenceSpan(text, ROW_STATEMENT);
      const cells = sentenceSpan(text, CELL_STATEMENT);
      const named = MENTIONS.test(text);
      const evidence = rows.count >= 3 ? rows : cells.count >= 3 ? cells : undefined;
      if (evidence === undefined || !(named || SIZE_WORDS.test(text))) return null;
      const how = evidence === rows ? `${rows.count} rows described in words` : `${cells.count} cells given in words`;
      return describedBy(text, evidence, named ? 0.7 : 0.55, `sudoku described in prose: ${how}`);
    },
    split(text, start, end) {
      // A list of one-line Sudokus reads as one block of lines, which the codec rejects: when
      // every line of the region is a Sudoku on its own, each line is its own puzzle. A list
      // marker (`1.`, `2)`, `-`) before a line is not part of its puzzle (but is part of its line).
      // Grids one after another with only a blank line between them read as one block too:
      // when every paragraph of the region is a Sudoku, each is its own puzzle.
      const region = text.slice(start, end);
      if (!region.includes('\n') || parses(region)) return [{ start, end }];
      const paragraphs = [...region.matchAll(/\S(?:[^\n]|\n(?![ \t]*\r?\n))*/g)].map((m) => ({
        start: start + m.index,
        end: start + m.index + m[0].trimEnd().length,
      }));
      if (paragraphs.length >= 2 && paragraphs.every((p) => parses(text.slice(p.start, p.end)))) return paragraphs;
      const lines = [...region.matchAll(/[^\r\n]+/g)]
        .filter((m) => m[0].trim() !== '')
        .map((m) => {
          const lead = m[0].length - m[0].trimStart().length;
          const marker = LIST_MARKER.exec(m[0].trimStart())?.[0].length ?? 0;
          return { start: start + m.index + lead, end: start + m.index + m[0].trimEnd().length, marker };
        });
      return lines.length >= 2 && lines.every((l) => parses(text.slice(l.start + l.marker, l.end)))
        ? lines.map(({ start: s, end: e }) => ({ start: s, end: e }))
        : [{ start, end }];
    },
  },
  trm: {
    unfit(model, puzzle) {
      const side = model.canvas.rows;
      if (model.canvas.cols !== side || side * side !== model.seqLen) return `model ${model.name} has no square Sudoku canvas`;
      return puzzle.size === side ? null : `model ${model.name} solves ${side}x${side} Sudoku only, this one is ${puzzle.size}x${puzzle.size}`;
    },
  },
  data: sudokuData,
  examples: SUDOKU_EXAMPLES,
};

/** A list marker before an item: `1.`, `12)`, `-`, `*`, `•`, with the spaces after it. */
const LIST_MARKER = /^(?:\d{1,2}[.)]|[-*•])[ \t]+/;

function parses(region: string): boolean {
  try {
    sudoku.parse(region);
    return true;
  } catch {
    return false;
  }
}
