import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataFile } from '../../../test/support/paths.js';
import { InvalidInputError, NotSupportedError } from '../../core/errors.js';
import { decodeSudoku, encodeSudoku, SUDOKU_TOKENS } from './encode.js';
import { parseSudoku } from './parse.js';
import { solveSudoku } from './solve.js';
import { verifySudoku } from './verify.js';

interface Vectors {
  sudoku: { puzzle: string; tokens: number[] }[];
}

const vectors = JSON.parse(readFileSync(dataFile('vectors', 'official-encodings.json'), 'utf8')) as Vectors;

describe('TRM encoding', () => {
  it('declares the official shape: S = 81, V = 11, 9x9 canvas', () => {
    expect(SUDOKU_TOKENS).toEqual({ seqLen: 81, vocabSize: 11, canvas: { rows: 9, cols: 9 } });
  });

  it('reproduces the official test vectors', () => {
    expect(vectors.sudoku.length).toBeGreaterThan(0);
    for (const vector of vectors.sudoku) {
      const tokens = encodeSudoku(parseSudoku(vector.puzzle));
      expect(tokens).toBeInstanceOf(Int32Array);
      expect(Array.from(tokens)).toEqual(vector.tokens);
    }
  });

  it('decodes predicted tokens of a solution back to a verified grid', () => {
    const puzzle = parseSudoku(vectors.sudoku[0]?.puzzle ?? '');
    const { solution } = solveSudoku(puzzle);
    const decoded = decodeSudoku(encodeSudoku(solution), puzzle);
    expect(decoded).toEqual(solution);
    expect(verifySudoku(puzzle, decoded).ok).toBe(true);
  });

  it('decodes PAD, blank and out-of-vocabulary tokens to blanks, so verification fails honestly', () => {
    const puzzle = parseSudoku(vectors.sudoku[0]?.puzzle ?? '');
    const { solution } = solveSudoku(puzzle);
    const tokens = Array.from(encodeSudoku(solution));
    tokens[3] = 0;
    tokens[4] = 1;
    tokens[5] = 11;
    const decoded = decodeSudoku(tokens, puzzle);
    expect(decoded.size).toBe(9);
    expect(decoded.cells.slice(3, 6)).toEqual([0, 0, 0]);
    const v = verifySudoku(puzzle, decoded);
    expect(v.ok).toBe(false);
    expect(v.problems.some((p) => p.kind === 'blank_cell' && p.cells?.length === 3)).toBe(true);
  });

  it('is 9x9 only, and checks the token count', () => {
    const four = parseSudoku('1..4..1..1..4..1');
    expect(() => encodeSudoku(four)).toThrow(NotSupportedError);
    expect(() => encodeSudoku(four)).toThrow(/TRM Sudoku models are 9x9/);
    expect(() => decodeSudoku(new Array<number>(16).fill(2), four)).toThrow(NotSupportedError);
    const nine = parseSudoku(vectors.sudoku[0]?.puzzle ?? '');
    try {
      decodeSudoku([1, 2, 3], nine);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).field).toBe('tokens');
    }
  });
});
