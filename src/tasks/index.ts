export * from './registry.js';
export * as sudokuTask from './sudoku/index.js';
export * as mazeTask from './maze/index.js';
export * as arcTask from './arc/index.js';
export { sudoku } from './sudoku/index.js';
export { maze } from './maze/index.js';
export { arc } from './arc/index.js';
