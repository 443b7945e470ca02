import { describe, expect, it } from 'vitest';
import { detectSudoku } from './detect.js';

const LINE = '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79';
const NINE_LINES = LINE.match(/.{9}/g)?.join('\n') ?? '';

describe('detectSudoku', () => {
  it('scores an exact 81-character line and a clean 9-line grid 1, with the span', () => {
    expect(detectSudoku(LINE)).toMatchObject({ score: 1, start: 0, end: 81 });
    expect(detectSudoku(NINE_LINES)).toMatchObject({ score: 1, start: 0, end: NINE_LINES.length });
    expect(detectSudoku(`  ${LINE}\n`)).toMatchObject({ score: 1, start: 2, end: 83 });
  });

  it('scores grids found in prose lower, with the span of the grid', () => {
    const text = `Please solve this: ${LINE} thanks`;
    const d = detectSudoku(text);
    expect(d).not.toBeNull();
    expect(d?.score).toBeGreaterThan(0.5);
    expect(d?.score).toBeLessThan(1);
    expect(text.slice(d?.start, d?.end)).toBe(LINE);
  });

  it('finds a grid in a code fence', () => {
    const text = `Look:\n\`\`\`\n${NINE_LINES}\n\`\`\`\nok?`;
    const d = detectSudoku(text);
    expect(d?.score).toBeGreaterThan(0.8);
    expect(text.slice(d?.start, d?.end)).toBe(NINE_LINES);
  });

  it('scores smaller grids and conflicting or malformed ones lower', () => {
    // Too few different digits for one solution (no conflicts, only 1s and 2s or 1s and 4s): a
    // small grid like this is often something else.
    const four = detectSudoku('1..4..1..1..4..1')?.score ?? 0;
    const six = detectSudoku('12.......12..1...22...1...12....2..1')?.score ?? 0;
    expect(four).toBeGreaterThan(0);
    expect(four).toBeLessThan(six);
    expect(six).toBeLessThan(1);
    expect(detectSudoku(`55${LINE.slice(2)}`)?.score).toBeLessThan(0.8);
    const short = detectSudoku(LINE.slice(1));
    expect(short?.score).toBeLessThan(0.5);
    expect(short?.reason).toMatch(/does not parse/);
  });

  it('scores a small grid written as a puzzle with one solution like a 9x9, and calls it conclusive', () => {
    const six = detectSudoku('..1.4........4..63.2..5.6...12.1.4..');
    expect(six?.score).toBe(1);
    expect(six?.conclusive).toBe(true);
    const kid = detectSudoku('Quick 4x4 one for my kid:\n. 1 . 3\n4 . . .\n. . . 4\n. 4 1 .');
    expect(kid?.score).toBeGreaterThanOrEqual(0.85);
    expect(kid?.conclusive).toBe(true);
    // Blanks spelled 0 in a 4x4: a sparse matrix of small digits looks the same, so not conclusive.
    const zeros = detectSudoku('Solve:\n0 1 0 3\n4 0 0 0\n0 0 0 4\n0 4 1 0');
    expect(zeros?.score).toBeGreaterThanOrEqual(0.7);
    expect(zeros?.conclusive).toBeUndefined();
    // In a sentence with dots for blanks it is no id; alone on its line (after a label) neither.
    expect(detectSudoku(`My puzzle is ${LINE} for today`)?.conclusive).toBe(true);
    expect(detectSudoku(`Puzzle 2:\n${LINE.replace(/\./g, '0')}\n`)?.conclusive).toBe(true);
    // A run of digits in a sentence may be an id, whatever its digits.
    expect(detectSudoku(`Our id is ${LINE.replace(/\./g, '0')} ok`)?.conclusive).toBeUndefined();
  });

  it('does not take a maze or an ellipsis for a sudoku', () => {
    const maze = ['##################', '#S...............#', '#.##############.#', '#...............G#', '##################'].join('\n');
    expect(detectSudoku(maze)).toBeNull();
    expect(detectSudoku('Well................ I am not sure')).toBeNull();
    expect(detectSudoku('.'.repeat(81))?.score).toBeLessThanOrEqual(0.5);
  });

  it('ignores grids nested in other JSON (an ARC task in prose)', () => {
    const nine = Array.from({ length: 9 }, (_, r) => Array.from({ length: 9 }, (_, c) => (r + c) % 3));
    const arc = JSON.stringify({ train: [{ input: nine, output: nine }], test: [{ input: nine }] });
    expect(detectSudoku(`Here is an ARC task: ${arc} what is the rule?`)).toBeNull();
  });

  it('returns null for text without a sudoku and never throws', () => {
    for (const text of [
      '',
      'hello world',
      '{"train": [{"input": [[0, 7, 7], [7, 7, 7], [0, 7, 7]], "output": [[7, 7, 7], [7, 7, 7], [7, 7, 7]]}], "test": []}',
      'The answer is 42.',
      'call 555-1234',
      '{"a": 1}',
      '[[[',
      '```',
      '\u0000\uffff',
    ]) {
      expect(detectSudoku(text)).toBeNull();
    }
    expect(() => detectSudoku(undefined as unknown as string)).not.toThrow();
  });
});
