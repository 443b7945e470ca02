import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../core/errors.js';
import { rectangularRows } from './build.js';
import { parseMaze } from './parse.js';
import type { MazePuzzle } from './types.js';
import { mazePuzzleSchema } from './types.js';

const SMALL: MazePuzzle = {
  rows: 5,
  cols: 5,
  cells: ['#####', '#S  #', '### #', '#G  #', '#####'],
  start: { row: 1, col: 1 },
  goal: { row: 3, col: 1 },
};
const SMALL_TEXT = SMALL.cells.join('\n');

function parseError(input: unknown): InvalidInputError {
  try {
    parseMaze(input);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error(`expected parseMaze to fail on ${JSON.stringify(input)}`);
}

describe('parseMaze: forms', () => {
  it.each<[string, unknown]>([
    ['plain text', SMALL_TEXT],
    ['plain text with CRLF', SMALL.cells.join('\r\n')],
    ["'.' for open cells", '#####\n#S..#\n###.#\n#G..#\n#####'],
    ['inside prose', `Please solve this maze for me:\n\n${SMALL_TEXT}\n\nThe start is S and the goal is G.`],
    ['indented inside prose', `Maze:\n\n${SMALL.cells.map((r) => `    ${r}`).join('\n')}\n\nthanks`],
    ['in a code fence', `Here you go:\n\`\`\`text\n${SMALL_TEXT}\n\`\`\`\nWhat is the shortest path?`],
    ['in a tilde fence with other text around', `# Task\n~~~\n${SMALL_TEXT}\n~~~\n## Notes\n- none`],
    ['a JSON array as text', JSON.stringify(SMALL.cells)],
    ['a JSON array inside prose', `The maze is ${JSON.stringify(SMALL.cells)}, solve it.`],
    ['a string array', SMALL.cells],
    ['an array of character arrays', SMALL.cells.map((r) => [...r])],
    ['a structured object', { cells: SMALL.cells }],
    ['a full puzzle object', SMALL],
    ['a JSON object as text', JSON.stringify(SMALL)],
    ['the single-line form', '#####/#S..#/###.#/#G..#/#####'],
    ['the single-line form in prose', 'solve `#####/#S..#/###.#/#G..#/#####` please'],
    ['a solved maze with o marks', '#####\n#Soo#\n###o#\n#Goo#\n#####'],
    ['a solved maze in a fence', '```\n#####\n#Soo#\n###o#\n#Goo#\n#####\n```'],
  ])('%s', (_name, input) => {
    const puzzle = parseMaze(input);
    expect(puzzle).toEqual(SMALL);
    expect(mazePuzzleSchema.safeParse(puzzle).success).toBe(true);
  });

  it('keeps leading spaces of a maze that stands alone (they are open cells)', () => {
    const puzzle = parseMaze(' S#\n  G');
    expect(puzzle.cells).toEqual([' S#', '  G']);
    expect(puzzle.start).toEqual({ row: 0, col: 1 });
  });

  it('keeps an all-open row', () => {
    expect(parseMaze('S #\n   \n# G').cells).toEqual(['S #', '   ', '# G']);
  });

  it('does not take a line of dots after the maze for an open row', () => {
    expect(parseMaze(`${SMALL_TEXT}\n...\nand so on`)).toEqual(SMALL);
  });

  it('prefers the fenced maze over maze-like text outside it', () => {
    const text = '##\n##\n```\n#S#\n# #\n#G#\n```';
    expect(parseMaze(text).cells).toEqual(['#S#', '# #', '#G#']);
  });

  it('restores trailing open cells that an editor trimmed (maze without a wall border)', () => {
    const puzzle = parseMaze('#S  \n# ##\n#  G\n  # ');
    expect(parseMaze('#S\n# ##\n#  G\n  #')).toEqual(puzzle);
  });

  it('drops trailing whitespace past the maze', () => {
    expect(parseMaze('#S #   \n# G#\n').cells).toEqual(['#S #', '# G#']);
  });

  it('single-line form: a full stop after it, a trailing slash, no walls', () => {
    expect(parseMaze('Solve #S.#/#.G#.').cells).toEqual(['#S #', '# G#']);
    expect(parseMaze('#S.#/#.G#/').cells).toEqual(['#S #', '# G#']);
    expect(parseMaze('S./.G').cells).toEqual(['S ', ' G']);
    expect(() => parseMaze('use the S/G notation')).toThrow(/No maze found/);
  });

  it('single-line form must be rectangular', () => {
    const error = parseError('#S.#/#.G');
    expect(error.position).toEqual({ row: 1, col: 3 });
    expect(error.message).toMatch(/row 1 has 3 columns, expected 4/);
  });

  it('rectangularRows documents its rule', () => {
    expect(rectangularRows(['#S #', '# G'], { fromText: true })).toEqual(['#S #', '# G ']);
    expect(() => rectangularRows(['#S #', '# G'], { fromText: false })).toThrow(InvalidInputError);
  });
});

describe('parseMaze: errors', () => {
  it('non-rectangular walled maze: names the row and its length', () => {
    const error = parseError('#####\n#S  #\n#  G#\n####\n#####');
    expect(error.code).toBe('invalid_input');
    expect(error.field).toBe('cells');
    expect(error.position).toEqual({ row: 3, col: 4 });
    expect(error.message).toMatch(/not rectangular: row 3 has 4 columns, expected 5/);
  });

  it('non-rectangular row that kept its trailing space', () => {
    const error = parseError('#S  #\n# G \n# # #');
    expect(error.position).toEqual({ row: 1, col: 4 });
    expect(error.message).toMatch(/row 1 has 4 columns, expected 5/);
  });

  it('non-rectangular JSON rows', () => {
    const error = parseError(['#S #', '# G#', '##']);
    expect(error.field).toBe('cells');
    expect(error.position).toEqual({ row: 2, col: 2 });
    expect(error.message).toMatch(/row 2 has 2 columns, expected 4/);
  });

  it('illegal character: names it and where', () => {
    const error = parseError('#####\n#S x#\n#  G#\n#####');
    expect(error.field).toBe('cells');
    expect(error.position).toEqual({ row: 1, col: 3 });
    expect(error.message).toMatch(/Illegal character "x" at \(row 1, col 3\)/);
  });

  it('illegal character in structured input', () => {
    const error = parseError({ cells: ['#S#', '#1#', '#G#'] });
    expect(error.position).toEqual({ row: 1, col: 1 });
    expect(error.message).toContain('"1"');
  });

  it('missing S', () => {
    const error = parseError('#####\n#   #\n#  G#\n#####');
    expect(error.field).toBe('cells');
    expect(error.message).toMatch(/no start 'S'/);
  });

  it('missing G', () => {
    const error = parseError('#####\n#S  #\n#####');
    expect(error.field).toBe('cells');
    expect(error.message).toMatch(/no goal 'G'/);
  });

  it('two S: lists the positions', () => {
    const error = parseError('#####\n#S S#\n#  G#\n#####');
    expect(error.positions).toEqual([
      { row: 1, col: 1 },
      { row: 1, col: 3 },
    ]);
    expect(error.position).toEqual({ row: 1, col: 3 });
    expect(error.message).toMatch(/2 start cells 'S' at \(1,1\), \(1,3\)/);
  });

  it('two G', () => {
    const error = parseError(['SG', 'G#']);
    expect(error.positions).toHaveLength(2);
    expect(error.message).toMatch(/2 goal cells 'G'/);
  });

  it('over 30 rows: says the size and the limit', () => {
    const rows = ['S' + '#'.repeat(9), ...Array.from({ length: 29 }, () => ' '.repeat(10)), 'G' + '#'.repeat(9)];
    const error = parseError(rows.join('\n'));
    expect(error.field).toBe('cells');
    expect(error.message).toMatch(/31 rows; the limit is 30/);
  });

  it('over 30 columns: says the size and the limit', () => {
    const error = parseError(['S' + ' '.repeat(31), '#'.repeat(31) + 'G']);
    expect(error.position).toEqual({ row: 0, col: 30 });
    expect(error.message).toMatch(/32 columns; the limit is 30/);
  });

  it('one row only', () => {
    expect(parseError(['#SG#']).message).toMatch(/1 rows; at least 2/);
  });

  it.each<[string, unknown]>([
    ['empty string', ''],
    ['whitespace', '  \n\t\n'],
    ['null', null],
  ])('empty input: %s', (_name, input) => {
    const error = parseError(input);
    expect(error.field).toBe('input');
    expect(error.message).toMatch(/empty/);
  });

  it('prose without a maze', () => {
    const error = parseError('Find me a path from the door to the exit, please.');
    expect(error.field).toBe('input');
    expect(error.message).toMatch(/No maze found/);
  });

  it('structured fields that contradict the cells', () => {
    expect(parseError({ ...SMALL, start: { row: 0, col: 0 } }).field).toBe('start');
    expect(parseError({ ...SMALL, rows: 6 }).field).toBe('rows');
    expect(parseError({ cells: 'nope' }).field).toBe('cells');
    expect(parseError(42).field).toBe('input');
  });
});
