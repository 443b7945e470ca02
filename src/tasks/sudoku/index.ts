/**
 * The Sudoku task: 4x4, 6x6 and 9x9 grids; parse any notation, print, verify, encode to the
 * official TRM tokens, solve exactly and generate puzzles.
 *
 * @example
 * import { sudoku, generateSudoku, countSolutions } from 'trm-router/tasks/sudoku';
 * const { puzzle } = generateSudoku({ givens: 30, seed: 1 });
 * countSolutions(puzzle).count; // 1
 * const { solution } = sudoku.exact!.solve(puzzle);
 */
export { sudoku, sudokuExactSolver } from './codec.js';
export type { BoxShape, SudokuGrid, SudokuSize } from './grid.js';
export { SUDOKU_SIZES, boxShape, isSudokuSize } from './grid.js';
export { sudokuGridSchema, sudokuSolutionSchema } from './schema.js';
export type { SudokuConflict, SudokuHouseKind } from './conflicts.js';
export { findSudokuConflicts } from './conflicts.js';
export { parseSudoku } from './parse.js';
export { detectSudoku } from './detect.js';
export type { SudokuLocation, SudokuLocationSource } from './locate.js';
export { locateSudoku } from './locate.js';
export { formatSudoku } from './format.js';
export { verifySudoku } from './verify.js';
export type { SudokuSearchOptions, SudokuSolutionCount } from './solve.js';
export { countSolutions, solveSudoku } from './solve.js';
export type { GeneratedSudoku, GenerateSudokuOptions, SudokuDifficulty, SudokuDifficultyRating } from './generate.js';
export { generateSudoku, rateSudokuDifficulty, sudokuDifficulty } from './generate.js';
export { SUDOKU_BLANK_TOKEN, SUDOKU_PAD_TOKEN, SUDOKU_TOKENS, decodeSudoku, encodeSudoku } from './encode.js';
export { solveSudokuInput, sudokuTask } from './definition.js';
export type { SolveSudokuInput } from './definition.js';
export { buildSudokuData, sudokuData, sudokuKey, sudokuRecordKey } from './data.js';
export type { SudokuDataOptions, SudokuRecord } from './data.js';
