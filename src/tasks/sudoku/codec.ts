/**
 * The Sudoku task codec: everything the toolkit needs to parse, print, verify, encode to TRM
 * tokens and solve Sudoku (4x4, 6x6, 9x9; TRM models are 9x9).
 */
import type { ExactSolver, TaskCodec } from '../../core/spec.js';
import { detectSudoku } from './detect.js';
import { decodeSudoku, encodeSudoku, SUDOKU_TOKENS } from './encode.js';
import { formatSudoku } from './format.js';
import type { SudokuGrid } from './grid.js';
import { parseSudoku } from './parse.js';
import { sudokuGridSchema, sudokuSolutionSchema } from './schema.js';
import { solveSudoku } from './solve.js';
import { SUDOKU_SYMMETRIES } from './symmetry.js';
import { verifySudoku } from './verify.js';

/**
 * The exact solver: bit-mask depth-first search with forced singles and fewest-candidates
 * branching.
 *
 * @example
 * const { solution, stats } = sudokuExactSolver.solve(puzzle);
 */
export const sudokuExactSolver: ExactSolver<SudokuGrid, SudokuGrid> = {
  name: 'sudoku-bitmask',
  solve: (puzzle, options = {}) => solveSudoku(puzzle, options),
};

/**
 * The Sudoku codec.
 *
 * @example
 * const puzzle = sudoku.parse('Please solve 53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79');
 * const { solution } = sudoku.exact!.solve(puzzle);
 * sudoku.verify(puzzle, solution).ok; // true
 * console.log(sudoku.formatSolution(solution, puzzle, 'pretty'));
 */
export const sudoku: TaskCodec<SudokuGrid, SudokuGrid> = {
  task: 'sudoku',
  description: 'Sudoku (4x4, 6x6 or 9x9): fill every row, column and box with each digit exactly once, keeping the givens.',
  puzzleSchema: sudokuGridSchema,
  solutionSchema: sudokuSolutionSchema,
  detect: detectSudoku,
  parse: parseSudoku,
  format: (puzzle, style) => formatSudoku(puzzle, style),
  formatSolution: (solution, _puzzle, style) => formatSudoku(solution, style),
  verify: verifySudoku,
  tokens: SUDOKU_TOKENS,
  encode: encodeSudoku,
  decode: decodeSudoku,
  symmetries: SUDOKU_SYMMETRIES,
  exact: sudokuExactSolver,
};
