/** A learned task's codec reads the notations issue 20 added: markdown tables and code lists. */
import { describe, expect, it } from 'vitest';
import { learnedCodec } from './codec.js';
import { fillEnclosedSpec } from './families/index.js';

const codec = learnedCodec({ ...fillEnclosedSpec(12), name: 'fill-codec-test' });
const GRID = [
  [0, 1, 1, 0],
  [1, 0, 0, 1],
  [0, 1, 1, 0],
];
const table = (header: string) => [header, '|---|---|---|---|', ...GRID.map((r) => `| ${r.join(' | ')} |`)].join('\n');

describe('learned codec notations', () => {
  it('reads a markdown table (its header line is labels), alone and in prose that names the task', () => {
    for (const header of ['| A | B | C | D |', '|   |   |   |   |', '| c1 | c2 | c3 | c4 |']) {
      expect(codec.parse(table(header)).input).toEqual(GRID);
      const text = `Run fill-codec-test on this:\n\n${table(header)}\n\nthanks`;
      expect(codec.parse(text).input).toEqual(GRID);
      const found = codec.detect(text);
      expect(found?.score).toBeGreaterThanOrEqual(0.7);
      expect(text.slice(found?.start, found?.end)).toBe(table(header));
    }
  });

  it('reads a Python list of lists in prose', () => {
    const text = `fill-codec-test please:\ngrid = [${GRID.map((r) => `[${r.join(', ')}]`).join(', ')},]  # trailing comma`;
    expect(codec.parse(text).input).toEqual(GRID);
  });

  it('reads the same code literal given alone, as it reads it in prose', () => {
    const literal = `[${GRID.map((r) => `[${r.join(', ')}]`).join(', ')},]`;
    expect(codec.parse(literal).input).toEqual(GRID);
    expect(codec.parse(`[${GRID.map((r) => `[${r.join(', ')}]`).join(', ')}]  # py`).input).toEqual(GRID);
  });

  it('names the cell of a table that is not a colour of the task', () => {
    const bad = table('| A | B | C | D |').replace('| 0 | 1 | 1 | 0 |', '| 0 | x | 1 | 0 |');
    expect(() => codec.parse(bad)).toThrow(/row 1, column 2 is "x"/);
  });
});
