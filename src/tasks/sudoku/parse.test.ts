import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectSudoku } from './detect.js';
import { sudokuGridSchema } from './schema.js';
import { findSudokuConflicts } from './conflicts.js';
import { InvalidInputError } from '../../core/errors.js';
import { formatSudoku } from './format.js';
import type { SudokuGrid } from './grid.js';
import { parseSudoku } from './parse.js';

const LINE = '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79';
const EXPECTED: SudokuGrid = {
  size: 9,
  cells: [...LINE].map((ch) => (ch === '.' ? 0 : Number(ch))),
};

const PRETTY = `5 3 . | . 7 . | . . .
6 . . | 1 9 5 | . . .
. 9 8 | . . . | . 6 .
------+-------+------
8 . . | . 6 . | . . 3
4 . . | 8 . 3 | . . 1
7 . . | . 2 . | . . 6
------+-------+------
. 6 . | . . . | 2 8 .
. . . | 4 1 9 | . . 5
. . . | . 8 . | . 7 9`;

const ROWS = EXPECTED.cells.reduce<number[][]>((rows, v, i) => {
  if (i % 9 === 0) rows.push([]);
  rows[rows.length - 1]?.push(v);
  return rows;
}, []);

const FOUR: SudokuGrid = { size: 4, cells: [1, 0, 0, 4, 0, 0, 1, 0, 0, 1, 0, 0, 4, 0, 0, 1] };
const SIX: SudokuGrid = {
  size: 6,
  cells: [1, 0, 0, 0, 5, 0, 0, 5, 0, 1, 0, 0, 0, 0, 1, 0, 0, 4, 3, 0, 0, 6, 0, 0, 0, 0, 5, 0, 1, 0, 0, 1, 0, 0, 0, 5],
};

function caught(fn: () => unknown): InvalidInputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error('expected an InvalidInputError');
}

describe('parseSudoku: text forms', () => {
  it.each([
    ['an 81-character line with . blanks', LINE],
    ['an 81-character line with 0 blanks', LINE.replaceAll('.', '0')],
    ['_ * ? blanks', LINE.replace('.', '_').replace('.', '*').replace('.', '?')],
    ['surrounding whitespace and CRLF', `\r\n  ${LINE}  \r\n`],
    ['9 plain lines', LINE.match(/.{9}/g)?.join('\n') ?? ''],
    ['the pretty form with | - + separators', PRETTY],
    [
      '= rules and a border',
      `+=======+=======+=======+\n${PRETTY.replaceAll('-', '=')
        .split('\n')
        .map((l) => `| ${l} |`)
        .join('\n')}\n+=======+=======+=======+`,
    ],
    ['rows of space-separated digits', ROWS.map((r) => r.join(' ')).join('\n')],
    ['rows of comma-separated digits', ROWS.map((r) => r.join(',')).join('\n')],
    ['blank lines between bands', PRETTY.replaceAll('------+-------+------', '')],
    ['a JSON 9x9 array', JSON.stringify(ROWS)],
    ['a JSON {size, cells} object', JSON.stringify(EXPECTED)],
    ['an indented JSON array', JSON.stringify(ROWS, null, 2)],
    ['a JSON object holding the grid', JSON.stringify({ puzzle: LINE })],
  ])('%s', (_name, text) => {
    expect(parseSudoku(text)).toEqual(EXPECTED);
  });

  it.each([
    ['a line inside prose', `Please solve this: ${LINE} thanks`],
    ['a line ending a sentence', `Can you solve ${LINE}.`],
    ['space-separated row groups inside prose', `Please solve this: ${LINE.match(/.{9}/g)?.join(' ') ?? ''} ... thanks!`],
    ['a numbered line', `Puzzle #3 ${LINE}`],
    ['a grid between sentences', `Hi! Could you solve the following sudoku?\n\n${PRETTY}\n\nI am stuck on row 4. Thanks a lot!`],
    ['a markdown code fence', `Here it is:\n\`\`\`\n${PRETTY}\n\`\`\`\nWhat is the answer?`],
    ['a fence with a language tag', `\`\`\`text\n${LINE}\n\`\`\``],
    ['a bare fence', `\`\`\`\n${PRETTY}\n\`\`\``],
    ['a JSON array in prose', `Solve ${JSON.stringify(ROWS)} please`],
    ['a tool-call style JSON object in prose', `Call: {"task": "sudoku", "puzzle": ${JSON.stringify(ROWS)}} ok`],
    ['a JSON fence', `Puzzle:\n\`\`\`json\n${JSON.stringify(ROWS, null, 1)}\n\`\`\``],
    ['the same grid twice (line and pretty)', `${LINE}\nwhich is:\n${PRETTY}`],
    ['the first row on the line of prose', `Solve this: ${ROWS.map((r) => r.join('')).join('\n')}`],
    ['the last row on the line of prose', `${ROWS.map((r) => r.join(' ')).join('\n')} is my puzzle`],
  ])('%s', (_name, text) => {
    expect(parseSudoku(text)).toEqual(EXPECTED);
  });

  it('reads 4x4 grids in every form', () => {
    expect(parseSudoku('1..4..1..1..4..1')).toEqual(FOUR);
    expect(parseSudoku('1 . | . 4\n. . | 1 .\n----+----\n. 1 | . .\n4 . | . 1')).toEqual(FOUR);
    expect(parseSudoku('1004\n0010\n0100\n4001')).toEqual(FOUR);
    expect(parseSudoku('Mini sudoku: 1..4..1..1..4..1 (4x4)')).toEqual(FOUR);
    expect(parseSudoku('[[1,0,0,4],[0,0,1,0],[0,1,0,0],[4,0,0,1]]')).toEqual(FOUR);
  });

  it('reads 6x6 grids in every form', () => {
    const line = formatSudoku(SIX, 'line');
    expect(line).toHaveLength(36);
    expect(parseSudoku(line)).toEqual(SIX);
    expect(parseSudoku(formatSudoku(SIX, 'pretty'))).toEqual(SIX);
    expect(parseSudoku(`A 6x6 one:\n\`\`\`\n${formatSudoku(SIX)}\n\`\`\``)).toEqual(SIX);
    expect(parseSudoku(`solve ${line} for me`)).toEqual(SIX);
  });
});

describe('parseSudoku: a stray short paragraph beside a bare grid', () => {
  const LINE = '..5.32.....9..1..34........6.....2..2....5.84..7...1..8...6...7.1...85.2.......4.';

  it('reads the grid and ignores a lone ? or ... line separated by a blank line', () => {
    for (const text of [`?\n\n${LINE}`, `${LINE}\n\n?`, `...\n\n${LINE}\n`, `?\n\n${LINE}\n\n??`]) {
      expect(parseSudoku(text).cells.filter((c) => c !== 0)).toHaveLength(LINE.replace(/\./g, '').length);
    }
    expect(detectSudoku(`?\n\n${LINE}`)?.score).toBeGreaterThanOrEqual(0.9);
  });

  it('still reports two grids, or a paragraph of 12+ cells beside the grid, as an error', () => {
    expect(() => parseSudoku(`${LINE}\n\n${LINE}`)).toThrow(InvalidInputError);
    expect(() => parseSudoku(`123456789123\n\n${LINE}`)).toThrow(InvalidInputError);
  });
});

describe('parseSudoku: structured values', () => {
  it('reads an n x n array, a flat array and {size, cells}', () => {
    expect(parseSudoku(ROWS)).toEqual(EXPECTED);
    expect(parseSudoku(EXPECTED.cells)).toEqual(EXPECTED);
    expect(parseSudoku({ size: 9, cells: EXPECTED.cells })).toEqual(EXPECTED);
    expect(parseSudoku({ cells: FOUR.cells })).toEqual(FOUR);
    expect(
      parseSudoku({
        size: 4,
        cells: [
          [1, 0, 0, 4],
          [0, 0, 1, 0],
          [0, 1, 0, 0],
          [4, 0, 0, 1],
        ],
      }),
    ).toEqual(FOUR);
  });

  it('accepts null and one-character strings as cells', () => {
    expect(
      parseSudoku([
        ['1', '.', null, 4],
        [0, 0, 1, 0],
        [0, 1, 0, 0],
        [4, 0, 0, 1],
      ]),
    ).toEqual(FOUR);
  });

  it('returns a copy, not the caller array', () => {
    const cells = [...FOUR.cells];
    const parsed = parseSudoku({ size: 4, cells });
    parsed.cells[1] = 2;
    expect(cells[1]).toBe(0);
  });
});

describe('parseSudoku: errors', () => {
  it('wrong length: says how many cells were found and expected', () => {
    const e = caught(() => parseSudoku(LINE.slice(0, 80)));
    expect(e.code).toBe('invalid_input');
    expect(e.field).toBe('grid');
    expect(e.message).toMatch(/found 80.*expected 81/);
    expect(e.details).toMatchObject({ found: 80, expected: 81 });
  });

  it('wrong length in prose is reported, not skipped', () => {
    const e = caught(() => parseSudoku(`Please solve ${LINE.slice(1)} thanks`));
    expect(e.message).toMatch(/found 80.*expected 81/);
  });

  it('a short row names the row', () => {
    const rows = PRETTY.split('\n');
    rows[4] = '4 . . | 8 . 3 | . .';
    const e = caught(() => parseSudoku(rows.join('\n')));
    expect(e.field).toBe('grid');
    expect(e.message).toMatch(/row 4 has 8 cells, expected 9/);
    expect(e.position).toEqual({ row: 3, col: 8 });
  });

  it('a missing row says how many rows were found', () => {
    const e = caught(() => parseSudoku(LINE.match(/.{9}/g)?.slice(0, 8).join('\n') ?? ''));
    expect(e.message).toMatch(/found 8 rows.*expected 9 rows/);
  });

  it('illegal characters: names the character and its position', () => {
    const e = caught(() => parseSudoku(`${LINE.slice(0, 12)}x${LINE.slice(13)}`));
    expect(e.field).toBe('grid');
    expect(e.message).toContain('"x"');
    expect(e.message).toContain('row 2, column 4');
    expect(e.position).toEqual({ row: 1, col: 3 });
  });

  it('illegal characters in a multi-line grid', () => {
    const e = caught(() => parseSudoku(PRETTY.replace('8 . . | . 6', '8 . # | . 6')));
    expect(e.message).toContain('"#"');
    expect(e.position).toEqual({ row: 3, col: 2 });
  });

  it('conflicting givens: positions of the cells and the house named', () => {
    const e = caught(() => parseSudoku(`55${LINE.slice(2)}`));
    expect(e.code).toBe('invalid_input');
    expect(e.field).toBe('grid');
    expect(e.message).toMatch(/Conflicting givens: digit 5 appears twice in row 1/);
    expect(e.positions).toEqual([
      { row: 0, col: 0 },
      { row: 0, col: 1 },
    ]);
  });

  it('conflicting givens in a column and a box', () => {
    const column = [...EXPECTED.cells];
    column[9 * 8] = 5; // row 9, column 1 repeats the 5 of row 1
    const e = caught(() => parseSudoku({ size: 9, cells: column }));
    expect(e.field).toBe('cells');
    expect(e.message).toMatch(/column 1/);
    expect(e.positions).toEqual(
      expect.arrayContaining([
        { row: 0, col: 0 },
        { row: 8, col: 0 },
      ]),
    );
    const box = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]; // (1,1) repeats the 1 of (0,0) in box 1 only
    const b = caught(() => parseSudoku({ size: 4, cells: box }));
    expect(b.message).toMatch(/digit 1 appears twice in box 1 \(at row 1, column 1 and row 2, column 2\)/);
    expect(b.positions).toEqual([
      { row: 0, col: 0 },
      { row: 1, col: 1 },
    ]);
  });

  it('digit out of range for the size', () => {
    const e = caught(() => parseSudoku('1..4..1..1..5..1'));
    expect(e.field).toBe('grid');
    expect(e.message).toMatch(/Digit 5 .*out of range for a 4x4/);
    expect(e.position).toEqual({ row: 3, col: 0 });
    const s = caught(() => parseSudoku({ size: 4, cells: FOUR.cells.map((v, i) => (i === 6 ? 9 : v)) }));
    expect(s.field).toBe('cells');
    expect(s.position).toEqual({ row: 1, col: 2 });
    const n = caught(() =>
      parseSudoku([
        [1, 0, 0, 4],
        [0, 0, -1, 0],
        [0, 1, 0, 0],
        [4, 0, 0, 1],
      ]),
    );
    expect(n.position).toEqual({ row: 1, col: 2 });
  });

  it('JSON of the wrong shape says what is wrong; JSON of something else is no sudoku', () => {
    expect(caught(() => parseSudoku(JSON.stringify(EXPECTED.cells.slice(1)))).message).toMatch(/80 cells, expected 81/);
    expect(caught(() => parseSudoku('{"train": [{"input": [[0, 7, 7]], "output": [[7]]}]}')).message).toMatch(/No sudoku grid found/);
  });

  it('broken JSON says so', () => {
    const e = caught(() => parseSudoku('[[1,0,0,4],[0,0,1,0],[0,1,0,0],[4,0,0,1]'));
    expect(e.field).toBe('input');
    expect(e.message).toMatch(/looks like JSON but does not parse/);
  });

  it('structured shape errors name the field', () => {
    expect(caught(() => parseSudoku({ size: 5, cells: [] })).field).toBe('size');
    const cells = caught(() => parseSudoku({ size: 9, cells: FOUR.cells }));
    expect(cells.field).toBe('cells');
    expect(cells.message).toMatch(/16 cells, expected 81/);
    expect(
      caught(() =>
        parseSudoku([
          [1, 2],
          [3, 4],
          [5, 6],
        ]),
      ).message,
    ).toMatch(/3 rows/);
    expect(
      caught(() =>
        parseSudoku([
          [1, 0, 0, 4],
          [0, 0, 1],
          [0, 1, 0, 0],
          [4, 0, 0, 1],
        ]),
      ).position,
    ).toEqual({ row: 1, col: 3 });
    expect(
      caught(() =>
        parseSudoku([
          [1, 'x', 0, 4],
          [0, 0, 1, 0],
          [0, 1, 0, 0],
          [4, 0, 0, 1],
        ]),
      ).position,
    ).toEqual({ row: 0, col: 1 });
    expect(caught(() => parseSudoku(42)).field).toBe('input');
    expect(caught(() => parseSudoku(null)).field).toBe('input');
  });

  it('never guesses: garbage, nothing and several different grids all throw', () => {
    expect(caught(() => parseSudoku('hello, can you help me with my homework?')).field).toBe('input');
    expect(caught(() => parseSudoku('')).field).toBe('input');
    expect(caught(() => parseSudoku('   \n ')).field).toBe('input');
    expect(caught(() => parseSudoku('1 2 3')).field).toBe('grid');
    const other = `1${LINE.slice(1).replace('3', '.')}`;
    const two = caught(() => parseSudoku(`First: ${LINE}\nSecond: ${other}`));
    expect(two.message).toMatch(/Found 2 different sudoku grids/);
    expect(two.field).toBe('input');
  });
});

describe('parseSudoku: robustness (property)', () => {
  const gridish = fc.string({
    unit: fc.constantFrom('1', '2', '3', '4', '5', '.', '0', ' ', '\n', '|', '-', '+', 'x', '[', ']', ',', '`', 'a'),
    maxLength: 120,
  });

  it('returns a valid, conflict-free grid or throws InvalidInputError, for any input', () => {
    fc.assert(
      fc.property(fc.oneof(gridish, fc.string(), fc.anything()), (input) => {
        let grid: SudokuGrid | undefined;
        try {
          grid = parseSudoku(input);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidInputError);
          return;
        }
        expect(sudokuGridSchema.safeParse(grid).success).toBe(true);
        expect(findSudokuConflicts(grid)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('detect never throws and keeps its span inside the text', () => {
    fc.assert(
      fc.property(fc.oneof(gridish, fc.string()), (text) => {
        const d = detectSudoku(text);
        if (d === null) return;
        expect(d.score).toBeGreaterThan(0);
        expect(d.score).toBeLessThanOrEqual(1);
        expect(d.start).toBeGreaterThanOrEqual(0);
        expect(d.end).toBeLessThanOrEqual(text.length);
        expect(d.start).toBeLessThan(d.end);
      }),
      { numRuns: 500 },
    );
  });
});
