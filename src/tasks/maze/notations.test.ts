/**
 * The maze notations issue 20 added: other wall characters (`█`, `1` with `0` open, also spaced),
 * the start and goal letters people use, rows as arrays of characters or Python lists, and
 * markdown tables. Each is parsed to the same puzzle as the canonical text and detected with a
 * score a router acts on; look-alikes in those alphabets are not.
 */
import { describe, expect, it } from 'vitest';
import { detectMaze } from './detect.js';
import { canonicalMazeRows } from './extract.js';
import { parseMaze } from './parse.js';

const CELLS = ['#######', '#S  # #', '# # # #', '# #   #', '#   #G#', '#######'];
const map = (wall: string, open: string, start: string, goal: string) =>
  CELLS.map((row) => [...row].map((ch) => ({ '#': wall, ' ': open, S: start, G: goal })[ch] ?? ch).join(''));

const NOTATIONS: [string, string][] = [
  ['block walls', map('█', ' ', 'S', 'G').join('\n')],
  ['block walls with dots', map('█', '.', 'S', 'G').join('\n')],
  ['S and E', map('#', '.', 'S', 'E').join('\n')],
  ['A and B', map('#', ' ', 'A', 'B').join('\n')],
  ['S and X', map('#', '.', 'S', 'X').join('\n')],
  ['S and F in a fence', ['```text', ...map('#', ' ', 'S', 'F'), '```'].join('\n')],
  ['1 walls and 0 open', map('1', '0', 'S', 'G').join('\n')],
  [
    '1 walls and 0 open, spaced',
    map('1', '0', 'S', 'E')
      .map((r) => [...r].join(' '))
      .join('\n'),
  ],
  [
    'arrays of characters',
    `[\n${map('#', ' ', 'S', 'G')
      .map((r) => `  [${[...r].map((c) => JSON.stringify(c)).join(',')}]`)
      .join(',\n')}\n]`,
  ],
  ['a Python list', ['```python', 'maze = [', ...map('#', '.', 'S', 'G').map((r) => `    '${r}',`), ']', '```'].join('\n')],
  [
    'arrays of characters under a key of an object',
    `{"name": "level-2", "grid": [${map('#', '.', 'S', 'G')
      .map((r) => `[${[...r].map((c) => JSON.stringify(c)).join(',')}]`)
      .join(', ')}]}`,
  ],
  [
    'a markdown table',
    ['| a | b | c | d | e | f | g |', '|---|---|---|---|---|---|---|', ...CELLS.map((r) => `| ${[...r].map((c) => (c === ' ' ? ' ' : c)).join(' | ')} |`)].join(
      '\n',
    ),
  ],
];

describe('maze notations (issue 20)', () => {
  const expected = parseMaze(CELLS.join('\n'));
  for (const [name, grid] of NOTATIONS) {
    it(`reads ${name}, alone and inside prose`, () => {
      expect(parseMaze(grid)).toEqual(expected);
      const text = `Find the shortest path through this one:\n\n${grid}\n\nThanks!`;
      expect(parseMaze(text)).toEqual(expected);
      expect(detectMaze(text)?.score).toBeGreaterThanOrEqual(0.8);
    });
  }

  it('reads no maze from rows without exactly one start and one goal, with two kinds of wall, or with other symbols', () => {
    expect(canonicalMazeRows(map('█', ' ', 'S', 'S'))).toBeUndefined();
    expect(canonicalMazeRows(['1111', '1001', '1111'])).toBeUndefined(); // a bitmap: no start or goal
    expect(canonicalMazeRows(['#██#', '#SE#', '####'])).toBeUndefined();
    expect(canonicalMazeRows(['#####', '#S@E#', '#####'])).toBeUndefined();
    expect(canonicalMazeRows(['XOX', 'O.O', 'XOX'])).toBeUndefined(); // noughts and crosses
  });

  it('calls a maze with S and G and a path between them conclusive, but not one with other letters or no path', () => {
    expect(detectMaze(CELLS.join('\n'))?.conclusive).toBe(true);
    expect(detectMaze(map('█', ' ', 'S', 'G').join('\n'))?.conclusive).toBe(true);
    expect(detectMaze(map('#', ' ', 'S', 'E').join('\n'))?.conclusive).toBeUndefined();
    const walledIn = ['#######', '#S  # #', '# # # #', '# #  ##', '#   #G#', '#######'].join('\n');
    expect(detectMaze(walledIn)?.conclusive).toBeUndefined();
  });

  it('does not take a dungeon map for a maze in another alphabet because a row of it has other symbols', () => {
    const dungeon = ['##########', '#S.....#.#', '#.##@#.#.#', '#....#...#', '#.######E#', '##########'].join('\n');
    expect(detectMaze(`Level 1 of my game:\n${dungeon}`)?.score ?? 0).toBeLessThan(0.7);
  });
});
