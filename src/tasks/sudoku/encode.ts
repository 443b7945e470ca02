/**
 * The official TinyRecursiveModels Sudoku encoding: S = 81 tokens (row-major 9x9), V = 11:
 * 0 = PAD, 1 = blank, digit d = d + 1. TRM Sudoku models are 9x9 only.
 */
import { InvalidInputError, NotSupportedError } from '../../core/errors.js';
import type { TokenSpec } from '../../core/spec.js';
import type { SudokuGrid } from './grid.js';

/** Sequence length, vocabulary and canvas of the official Sudoku encoding. */
export const SUDOKU_TOKENS: TokenSpec = { seqLen: 81, vocabSize: 11, canvas: { rows: 9, cols: 9 } };

export const SUDOKU_PAD_TOKEN = 0;
export const SUDOKU_BLANK_TOKEN = 1;

function requireNine(grid: SudokuGrid): void {
  if (grid.size !== 9) {
    throw new NotSupportedError(`TRM Sudoku models are 9x9; a ${grid.size}x${grid.size} sudoku cannot be encoded`, {
      details: { size: grid.size },
    });
  }
}

/**
 * Encodes a 9x9 puzzle as the official TRM input tokens (blank -> 1, d -> d + 1).
 * Throws `NotSupportedError` for 4x4 and 6x6.
 *
 * @example
 * encodeSudoku(parseSudoku('53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79'));
 * // Int32Array [6, 4, 1, 1, 8, 1, ...]
 */
export function encodeSudoku(puzzle: SudokuGrid): Int32Array {
  requireNine(puzzle);
  const tokens = new Int32Array(SUDOKU_TOKENS.seqLen);
  for (let i = 0; i < tokens.length; i++) {
    const d = puzzle.cells[i] ?? 0;
    tokens[i] = d >= 1 && d <= 9 ? d + 1 : SUDOKU_BLANK_TOKEN;
  }
  return tokens;
}

/**
 * Reads a solution out of 81 predicted tokens: 2..10 -> digits 1..9; anything else (PAD,
 * blank, out of vocabulary) -> 0, a blank the verifier then reports. Givens are not
 * restored, so a model that changes one fails verification honestly.
 *
 * @example
 * const solution = decodeSudoku(predictedTokens, puzzle);
 * verifySudoku(puzzle, solution).ok;
 */
export function decodeSudoku(tokens: ArrayLike<number>, puzzle: SudokuGrid): SudokuGrid {
  requireNine(puzzle);
  if (tokens.length !== SUDOKU_TOKENS.seqLen) {
    throw new InvalidInputError(`Expected ${SUDOKU_TOKENS.seqLen} tokens for a 9x9 sudoku, got ${tokens.length}`, {
      field: 'tokens',
      details: { found: tokens.length, expected: SUDOKU_TOKENS.seqLen },
    });
  }
  const cells = new Array<number>(SUDOKU_TOKENS.seqLen);
  for (let i = 0; i < cells.length; i++) {
    const token = tokens[i] ?? 0;
    cells[i] = Number.isInteger(token) && token >= 2 && token <= 10 ? token - 1 : 0;
  }
  return { size: 9, cells };
}
