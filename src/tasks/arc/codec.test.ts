import { describe, expect, it } from 'vitest';
import { arc, arcOnCanvas } from './codec.js';
import { formatArcGrid } from './format.js';
import type { ArcTask } from './types.js';
import { checkArcAnswer, expectedArcOutputs, verifyArcSolution } from './verify.js';

const task: ArcTask = {
  id: 'demo0001',
  train: [
    {
      input: [
        [0, 7],
        [7, 7],
      ],
      output: [
        [7, 0],
        [7, 7],
      ],
    },
  ],
  test: [
    {
      input: [
        [7, 7],
        [0, 7],
      ],
      output: [
        [7, 7],
        [7, 0],
      ],
    },
  ],
};
const json = JSON.stringify(task);

describe('arc codec', () => {
  it('describes itself: task, tokens, no exact solver', () => {
    expect(arc.task).toBe('arc');
    expect(arc.tokens).toEqual({ seqLen: 900, vocabSize: 12, canvas: { rows: 30, cols: 30 } });
    expect(arc.exact).toBeNull();
    expect(arc.exactUnavailable).toMatch(/no exact solver/);
    expect(arc.puzzleSchema.safeParse(task).success).toBe(true);
    expect(arc.solutionSchema.safeParse([[[1]]]).success).toBe(true);
  });

  it('encodes the first test input and decodes a one-grid solution', () => {
    const tokens = arc.encode(task);
    expect(tokens.length).toBe(900);
    expect(Array.from(tokens.slice(0, 3))).toEqual([9, 9, 1]);
    expect(arc.decode(tokens, task)).toEqual([task.test[0]?.input]);
  });

  it('reads and writes a smaller N x N canvas (onCanvas), the official one being itself', () => {
    const small = arcOnCanvas({ rows: 10, cols: 10 });
    expect(small.tokens).toEqual({ seqLen: 100, vocabSize: 12, canvas: { rows: 10, cols: 10 } });
    const tokens = small.encode(task);
    expect(tokens.length).toBe(100);
    expect(Array.from(tokens.slice(0, 3))).toEqual([9, 9, 1]);
    expect(small.decode(tokens, task)).toEqual([task.test[0]?.input]);
    expect(arcOnCanvas({ rows: 30, cols: 30 })).toBe(arc);
    expect(arc.onCanvas?.({ rows: 10, cols: 10 }).tokens.seqLen).toBe(100);
    expect(() => arcOnCanvas({ rows: 10, cols: 12 })).toThrow(/square/);
    expect(() => arcOnCanvas({ rows: 1, cols: 1 })).toThrow(/2\.\.30/);
    expect(() => arcOnCanvas({ rows: 2, cols: 2 }).encode({ ...task, test: [{ input: [[1, 2, 3]] }] })).toThrow(/does not fit/);
  });

  it('round-trips the line format through parse', () => {
    expect(arc.parse(arc.format(task, 'line'))).toEqual(task);
  });
});

describe('detect', () => {
  it('scores ARC task JSON high, bare, fenced or in prose, with its span', () => {
    const text = `Please solve:\n\`\`\`json\n${json}\n\`\`\`\nThanks`;
    const found = arc.detect(text);
    expect(found?.score).toBeGreaterThanOrEqual(0.95);
    expect(text.slice(found?.start, found?.end)).toBe(json);
    expect(arc.detect(json)?.score).toBeGreaterThanOrEqual(0.95);
    expect(arc.detect(JSON.stringify({ abc: task }))?.score).toBeGreaterThanOrEqual(0.95);
  });

  it('scores an invalid task lower and a bare grid moderately', () => {
    const bad = arc.detect(JSON.stringify({ ...task, test: [{ input: [[12]] }] }));
    expect(bad?.score).toBeGreaterThan(0.5);
    expect(bad?.score).toBeLessThan(0.95);
    const grid = arc.detect('[[0, 1, 2], [3, 4, 5]]');
    expect(grid?.score).toBeGreaterThan(0.3);
    expect(grid?.score).toBeLessThan(0.5);
  });

  it('leaves a 9x9 digit array to Sudoku (scores it low)', () => {
    const sudokuLike = JSON.stringify(Array.from({ length: 9 }, (_, r) => Array.from({ length: 9 }, (_, c) => (r + c) % 10)));
    expect(arc.detect(sudokuLike)?.score).toBeLessThan(0.3);
  });

  it('returns null for anything else and never throws', () => {
    for (const text of ['', 'hello world', '{"a": 1}', '[1, 2, 3]', '[[1, 20]]', '{"train": [', '[[[[', '"'.repeat(1000)]) {
      expect(arc.detect(text)).toBeNull();
    }
    expect(arc.detect('[{'.repeat(5000))).toBeNull();
  });
});

describe('format', () => {
  it('prints every pair as rows of digits', () => {
    expect(arc.format(task)).toBe(
      [
        'ARC task demo0001',
        'train 1 input (2x2):\n07\n77',
        'train 1 output (2x2):\n70\n77',
        'test 1 input (2x2):\n77\n07',
        'test 1 output (2x2):\n77\n70',
      ].join('\n\n'),
    );
    expect(formatArcGrid([[1, 2, 3]])).toBe('123');
  });

  it('prints solutions as rows of digits, one block per test input when several', () => {
    expect(
      arc.formatSolution(
        [
          [
            [1, 2],
            [3, 4],
          ],
        ],
        task,
      ),
    ).toBe('12\n34');
    const two: ArcTask = { ...task, test: [{ input: [[1]] }, { input: [[2]] }] };
    expect(arc.formatSolution([[[5]], [[6, 6]]], two)).toBe('test 1 output (1x1):\n5\n\ntest 2 output (1x2):\n66');
    expect(arc.formatSolution([[[5]]], task, 'line')).toBe('[[[5]]]');
  });
});

describe('verify and checkArcAnswer', () => {
  it('checks well-formedness only, always with format strength', () => {
    expect(arc.verify(task, [[[1]]])).toEqual({ ok: true, strength: 'format', problems: [] });
    const wrongCount = arc.verify(task, [[[1]], [[2]]]);
    expect(wrongCount.ok).toBe(false);
    expect(wrongCount.problems[0]?.kind).toBe('count_mismatch');
    const badColour = arc.verify(task, [[[1, 10]]]);
    expect(badColour.problems).toEqual([expect.objectContaining({ kind: 'colour_out_of_range', cells: [{ row: 0, col: 1 }] })]);
    expect(arc.verify(task, [[]]).problems[0]?.kind).toBe('empty_grid');
    expect(arc.verify(task, [Array.from({ length: 31 }, () => [1])]).problems[0]?.kind).toBe('too_large');
    expect(verifyArcSolution(task, 'nope').problems[0]?.kind).toBe('not_a_solution');
  });

  it('a degenerate crop of a malformed prediction fails verification', () => {
    const solution = arc.decode(new Int32Array(900), task);
    expect(solution).toEqual([[]]);
    expect(arc.verify(task, solution).ok).toBe(false);
  });

  it('scores against known outputs by exact match', () => {
    const expected = expectedArcOutputs(task);
    expect(
      checkArcAnswer(
        [
          [
            [7, 7],
            [7, 0],
          ],
        ],
        expected,
      ),
    ).toEqual({ correct: true, perTest: [true], score: 1 });
    expect(checkArcAnswer([[[7, 7]]], expected).correct).toBe(false);
    expect(checkArcAnswer([], expected)).toEqual({ correct: false, perTest: [false], score: 0 });
    expect(checkArcAnswer([[[1]], [[3]]], [[[1]], [[2]]])).toEqual({ correct: false, perTest: [true, false], score: 0.5 });
    expect(() => expectedArcOutputs({ ...task, test: [{ input: [[1]] }] })).toThrow(/no known output for test 0/);
  });
});
