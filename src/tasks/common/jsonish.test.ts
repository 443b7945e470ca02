import { describe, expect, it } from 'vitest';
import { findJsonish, parseJsonish } from './jsonish.js';
import { findMarkdownTables } from './markdown-table.js';

describe('parseJsonish', () => {
  it('reads strict JSON, Python and JavaScript literals and C brace arrays', () => {
    expect(parseJsonish('[[1, 2], [3, 4]]')).toEqual({
      ok: true,
      value: [
        [1, 2],
        [3, 4],
      ],
    });
    expect(parseJsonish("{'train': [{'input': [[1]], 'output': [[2]]}], 'test': [{'input': [[1]], 'x': None}]}")).toEqual({
      ok: true,
      value: { train: [{ input: [[1]], output: [[2]] }], test: [{ input: [[1]], x: null }] },
    });
    expect(parseJsonish('{\n  train: [\n    { input: [[1]], output: [[2]], },\n  ], // pairs\n  test: [{ input: [[1]] }],\n}')).toEqual({
      ok: true,
      value: { train: [{ input: [[1]], output: [[2]] }], test: [{ input: [[1]] }] },
    });
    expect(parseJsonish('{{5, 3, 0}, {6, 0, 0}} /* rows */')).toEqual({
      ok: true,
      value: [
        [5, 3, 0],
        [6, 0, 0],
      ],
    });
    expect(parseJsonish("['#S.#', '#.G#',]  # a maze")).toEqual({ ok: true, value: ['#S.#', '#.G#'] });
  });

  it('refuses prose in brackets, unbalanced input and unknown words', () => {
    expect(parseJsonish('[see above]').ok).toBe(false);
    expect(parseJsonish('[1, 2').ok).toBe(false);
    expect(parseJsonish('{a: undefined}').ok).toBe(false);
    expect(parseJsonish('[1, 2] and more').ok).toBe(false);
  });
});

describe('findJsonish', () => {
  it('finds the top-level values in prose, skipping brackets that are not values', () => {
    const text = "Here [see above] is grid = ['53..7....', '6..195...'] and {'a': [1]} too.";
    const found = findJsonish(text);
    expect(found.map((f) => f.value)).toEqual([['53..7....', '6..195...'], { a: [1] }]);
    expect(text.slice(found[0]?.start, found[0]?.end)).toBe("['53..7....', '6..195...']");
  });
});

describe('findJsonish on unclosed brackets', () => {
  it('still finds a value after a few brackets that never close', () => {
    const text = `see [1 and [2 and {oops: ${'x'.repeat(5000)}\ngrid = [[1, 2], [3, 4]]`;
    expect(findJsonish(text).map((f) => f.value)).toEqual([
      [
        [1, 2],
        [3, 4],
      ],
    ]);
  });
});

describe('findMarkdownTables', () => {
  it('finds a table with its header, body and span, and nothing without a delimiter line', () => {
    const text = 'Grid:\n| A | B |\n|---|:-:|\n| 1 |   |\n| . | 2 |\nthanks';
    const [table] = findMarkdownTables(text);
    expect(table?.header).toEqual(['A', 'B']);
    expect(table?.body).toEqual([
      ['1', ''],
      ['.', '2'],
    ]);
    expect(text.slice(table?.start, table?.end)).toBe('| A | B |\n|---|:-:|\n| 1 |   |\n| . | 2 |');
    expect(findMarkdownTables('| A | B |\n| 1 | 2 |')).toEqual([]);
  });
});
