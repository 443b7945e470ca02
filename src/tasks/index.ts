/**
 * Tasks: the registry (every built-in and learned task), and the built-in definitions. Each
 * task's whole toolbox is its own subpath export (`trm-router/tasks/sudoku`, ...).
 */
export * from './registry.js';
export * from './learned/index.js';
export { sudoku, sudokuTask } from './sudoku/index.js';
export { maze, mazeTask } from './maze/index.js';
export { arc, arcTask } from './arc/index.js';
export { MAX_TOOL_TEXT } from './common/routing-text.js';
