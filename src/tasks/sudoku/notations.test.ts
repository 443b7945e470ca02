/**
 * The notations people paste that issue 20 added: rows as strings in JSON or code, code arrays
 * (Python, JavaScript, C), markdown tables, `Row 1:` labels, box-drawing borders, spreadsheet
 * rows with empty fields, and a small grid in prose. Each is parsed (the same grid as the plain
 * line) and detected with a score a router acts on.
 */
import { describe, expect, it } from 'vitest';
import { detectSudoku } from './detect.js';
import { parseSudoku } from './parse.js';

const LINE = '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79';
const ROWS = Array.from({ length: 9 }, (_, r) => LINE.slice(r * 9, r * 9 + 9));
const CELLS = [...LINE].map((ch) => (ch === '.' ? 0 : Number(ch)));
const zeros = (row: string) => [...row].map((ch) => (ch === '.' ? '0' : ch));

const NOTATIONS: [string, string][] = [
  ['a JSON array of row strings after a name', `rows = [${ROWS.map((r) => JSON.stringify(r.replace(/\./g, '0'))).join(', ')}]`],
  ['a Python list of row strings in a fence', ['```python', 'rows = [', ...ROWS.map((r) => `    '${r}',`), ']', '```'].join('\n')],
  ['a Python list of lists with a trailing comma', ['```py', 'board = [', ...ROWS.map((r) => `    [${zeros(r).join(', ')}],`), ']', '```'].join('\n')],
  ['a C brace array', ['```c', 'int grid[9][9] = {', ROWS.map((r) => `    {${zeros(r).join(', ')}}`).join(',\n'), '};', '```'].join('\n')],
  [
    'a markdown table with a label header',
    [
      '| A | B | C | D | E | F | G | H | I |',
      '|---|---|---|---|---|---|---|---|---|',
      ...ROWS.map((r) => `| ${[...r].map((c) => (c === '.' ? ' ' : c)).join(' | ')} |`),
    ].join('\n'),
  ],
  [
    'a markdown table whose header is the first row',
    [`| ${[...(ROWS[0] ?? '')].join(' | ')} |`, `| ${Array(9).fill('-').join(' | ')} |`, ...ROWS.slice(1).map((r) => `| ${[...r].join(' | ')} |`)].join('\n'),
  ],
  [
    'a markdown table with a column of row labels',
    [
      '|   | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 |',
      `|${'---|'.repeat(10)}`,
      ...ROWS.map((r, i) => `| ${String.fromCharCode(65 + i)} | ${[...r].join(' | ')} |`),
    ].join('\n'),
  ],
  ['rows labelled Row 1..9', ROWS.map((r, i) => `Row ${i + 1}: ${[...r].join(' ')}`).join('\n')],
  [
    'box-drawing borders',
    [
      '┌───────┬───────┬───────┐',
      ...ROWS.map((r) => `│ ${r.slice(0, 3).split('').join(' ')} │ ${r.slice(3, 6).split('').join(' ')} │ ${r.slice(6).split('').join(' ')} │`),
      '└───────┴───────┴───────┘',
    ].join('\n'),
  ],
  ['spreadsheet rows with empty fields for blanks', ROWS.map((r) => [...r].map((c) => (c === '.' ? '' : c)).join(',')).join('\n')],
];

describe('Sudoku notations (issue 20)', () => {
  for (const [name, grid] of NOTATIONS) {
    it(`reads ${name}, alone and inside prose`, () => {
      expect(parseSudoku(grid).cells).toEqual(CELLS);
      const text = `Can you solve this one for me?\n\n${grid}\n\nThanks a lot!`;
      expect(parseSudoku(text).cells).toEqual(CELLS);
      expect(detectSudoku(text)?.score).toBeGreaterThanOrEqual(0.7);
    });
  }

  it('reads the 4x4 of the issue, dots for blanks, after a line of prose', () => {
    const text = 'Quick 4x4 one for my kid:\n. 1 . 3\n4 . . .\n. . . 4\n. 4 1 .';
    expect(parseSudoku(text)).toEqual({ size: 4, cells: [0, 1, 0, 3, 4, 0, 0, 0, 0, 0, 0, 4, 0, 4, 1, 0] });
    expect(detectSudoku(text)?.score).toBeGreaterThanOrEqual(0.85);
  });

  it('does not read a markdown table of words or a table with a non-cell as a grid', () => {
    const words = ['| name | score | team | rank |', '|---|---|---|---|', '| ann | 3 | red | 1 |', '| bob | 4 | blue | 2 |'].join('\n');
    expect(detectSudoku(words)).toBeNull();
    const wide = ['| a | b | c | d |', '|---|---|---|---|', '| 1 | 2 | 3 | 45 |', '| 2 | . | 1 | . |', '| . | 1 | . | 2 |'].join('\n');
    expect(detectSudoku(wide)?.score ?? 0).toBeLessThan(0.7);
  });
});
