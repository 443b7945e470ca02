import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dataFile } from '../../../test/support/paths.js';
import { InvalidInputError } from '../../core/errors.js';
import { ARC_EOS, ARC_PAD, ARC_SEQ_LEN, arcTokenSpec, decodeArcGrid, encodeArcGrid, encodeArcTestInput } from './encode.js';
import type { ArcGrid } from './types.js';

interface EncodeVector {
  task: string;
  input: ArcGrid;
  output: ArcGrid;
  input_tokens: number[];
  output_tokens: number[];
}

const vectors = (JSON.parse(readFileSync(dataFile('vectors', 'official-encodings.json'), 'utf8')) as { arc_encode: EncodeVector[] }).arc_encode;

const arbGrid = (maxRows = 30, maxCols = 30): fc.Arbitrary<ArcGrid> =>
  fc.record({ rows: fc.integer({ min: 1, max: maxRows }), cols: fc.integer({ min: 1, max: maxCols }) }).chain(({ rows, cols }) =>
    fc.array(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: cols, maxLength: cols }), {
      minLength: rows,
      maxLength: rows,
    }),
  );

/** A 900-token canvas with given rows written at the top-left (colour tokens as given). */
function canvas(rows: number[][]): number[] {
  const tokens = new Array<number>(ARC_SEQ_LEN).fill(ARC_PAD);
  rows.forEach((row, r) => row.forEach((t, c) => (tokens[r * 30 + c] = t)));
  return tokens;
}

describe('ARC token encoding (official vectors)', () => {
  it('has the 4 official arc_encode vectors', () => {
    expect(vectors.map((v) => v.task)).toEqual(['007bbfb7', '00d62c1b', '017c7c7b', '025d127b']);
  });

  for (const vector of vectors) {
    it(`reproduces input and output tokens of ${vector.task}`, () => {
      expect(Array.from(encodeArcGrid(vector.input))).toEqual(vector.input_tokens);
      expect(Array.from(encodeArcGrid(vector.output))).toEqual(vector.output_tokens);
    });

    it(`crops ${vector.task} back from its tokens`, () => {
      expect(decodeArcGrid(vector.input_tokens)).toEqual(vector.input);
      expect(decodeArcGrid(vector.output_tokens)).toEqual(vector.output);
    });
  }
});

describe('encodeArcGrid layout', () => {
  it('puts EOS under the grid columns and right of the grid rows, leaving the corner PAD', () => {
    const tokens = encodeArcGrid([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect(Array.from(tokens.slice(0, 5))).toEqual([2, 3, 4, ARC_EOS, ARC_PAD]);
    expect(Array.from(tokens.slice(30, 35))).toEqual([5, 6, 7, ARC_EOS, ARC_PAD]);
    expect(Array.from(tokens.slice(60, 65))).toEqual([ARC_EOS, ARC_EOS, ARC_EOS, ARC_PAD, ARC_PAD]);
    expect(tokens.filter((t) => t === ARC_EOS).length).toBe(5);
    expect(tokens.filter((t) => t === ARC_PAD).length).toBe(900 - 6 - 5);
  });

  it('writes no EOS column for 30 columns and no EOS row for 30 rows', () => {
    const wide = encodeArcGrid([new Array<number>(30).fill(1)]);
    expect(Array.from(wide.slice(30, 60))).toEqual(new Array<number>(30).fill(ARC_EOS));
    expect(wide.filter((t) => t === ARC_EOS).length).toBe(30);
    const tall = encodeArcGrid(Array.from({ length: 30 }, () => [9]));
    expect(tall.filter((t) => t === ARC_EOS).length).toBe(30);
    expect(tall[1]).toBe(ARC_EOS);
    expect(tall[29 * 30 + 1]).toBe(ARC_EOS);
    const full = encodeArcGrid(Array.from({ length: 30 }, () => new Array<number>(30).fill(0)));
    expect(full.every((t) => t === 2)).toBe(true);
  });

  it('rejects invalid grids with a typed error', () => {
    expect(() => encodeArcGrid([[10]])).toThrow(InvalidInputError);
    expect(() => encodeArcGrid([])).toThrow(InvalidInputError);
  });

  it('encodes a chosen test input of a task', () => {
    const task = { train: [{ input: [[1]], output: [[2]] }], test: [{ input: [[3]] }, { input: [[4]] }] };
    expect(encodeArcTestInput(task, 1)[0]).toBe(6);
    expect(() => encodeArcTestInput(task, 2)).toThrow(/no test input 2/);
  });
});

describe('decodeArcGrid (official crop)', () => {
  it('gives back any valid grid after encoding', () => {
    fc.assert(
      fc.property(arbGrid(), (grid) => {
        expect(decodeArcGrid(encodeArcGrid(grid))).toEqual(grid);
      }),
      { numRuns: 300 },
    );
  });

  it('returns an empty grid when the first cell is not a colour', () => {
    expect(decodeArcGrid(new Int32Array(900))).toEqual([]);
    expect(decodeArcGrid(canvas([[1, 5, 5]]))).toEqual([]);
    expect(decodeArcGrid(canvas([[12, 5, 5]]))).toEqual([]);
  });

  it('takes the largest top-left rectangle of colours, narrowing with each row', () => {
    // widths 5, 5, then 2 for 28 rows: 2x5 = 10 loses to 30x2 = 60
    const rows = [new Array<number>(5).fill(3), new Array<number>(5).fill(3)];
    for (let r = 0; r < 28; r++) rows.push([4, 4, 1]);
    const grid = decodeArcGrid(canvas(rows));
    expect(grid.length).toBe(30);
    expect(grid[0]).toEqual([1, 1]);
    expect(grid[29]).toEqual([2, 2]);
    // widths 4, 3, 4: the third row cannot widen past 3; 3x3 = 9 beats 1x4 = 4
    expect(decodeArcGrid(canvas([[2, 3, 4, 5, 1], [6, 7, 8, 0], [9, 10, 11, 2, 1], [1]]))).toEqual([
      [0, 1, 2],
      [4, 5, 6],
      [7, 8, 9],
    ]);
  });

  it('keeps the first rectangle on equal areas and treats PAD, EOS, 12+ and negatives as ends', () => {
    // widths 2 then 1: 1x2 = 2 and 2x1 = 2 tie, the first (1x2) wins
    expect(
      decodeArcGrid(
        canvas([
          [2, 3, 0],
          [4, 0],
        ]),
      ),
    ).toEqual([[0, 1]]);
    expect(
      decodeArcGrid(
        canvas([
          [2, 3, -1],
          [4, 5, 12],
        ]),
      ),
    ).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('reads only colours 0..9 out of arbitrary token soup', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -3, max: 15 }), { minLength: 900, maxLength: 900 }), (tokens) => {
        const grid = decodeArcGrid(tokens);
        const cols = grid[0]?.length ?? 0;
        expect(grid.every((row) => row.length === cols && row.every((c) => c >= 0 && c <= 9))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects a token array that is no N x N canvas of side 2..30', () => {
    for (const n of [0, 1, 80, 901, 961]) expect(() => decodeArcGrid(new Int32Array(n))).toThrow(InvalidInputError);
  });
});

describe('a smaller N x N canvas', () => {
  it('lays a grid out as the top-left of the 30x30 canvas, and crops it back', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 30 }).chain((side) => fc.tuple(fc.constant(side), arbGrid(side, side))),
        ([side, grid]) => {
          const small = encodeArcGrid(grid, side);
          const full = encodeArcGrid(grid);
          expect(small.length).toBe(side * side);
          for (let r = 0; r < side; r++) expect(Array.from(small.slice(r * side, (r + 1) * side))).toEqual(Array.from(full.slice(r * 30, r * 30 + side)));
          expect(decodeArcGrid(small)).toEqual(grid);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('has S = N * N and refuses grids larger than the canvas and canvases outside 2..30', () => {
    expect(arcTokenSpec(10)).toEqual({ seqLen: 100, vocabSize: 12, canvas: { rows: 10, cols: 10 } });
    expect(arcTokenSpec()).toEqual({ seqLen: ARC_SEQ_LEN, vocabSize: 12, canvas: { rows: 30, cols: 30 } });
    expect(() => encodeArcGrid([new Array<number>(11).fill(1)], 10)).toThrow(/does not fit this model's 10x10 canvas/);
    for (const side of [1, 31, 2.5]) expect(() => arcTokenSpec(side)).toThrow(InvalidInputError);
    const task = { train: [{ input: [[1]], output: [[2]] }], test: [{ input: [[3]] }] };
    expect(Array.from(encodeArcTestInput(task, 0, 3))).toEqual([5, ARC_EOS, ARC_PAD, ARC_EOS, ARC_PAD, ARC_PAD, ARC_PAD, ARC_PAD, ARC_PAD]);
  });
});
