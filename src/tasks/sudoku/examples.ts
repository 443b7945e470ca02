/**
 * Example sudoku puzzles for the playground, in the notations a user would paste.
 */
import type { TaskExample } from '../../core/task.js';

export const SUDOKU_EXAMPLES: readonly TaskExample[] = [
  {
    id: 'sudoku-classic',
    title: 'Sudoku: classic (30 givens)',
    input: ['53..7....', '6..195...', '.98....6.', '8...6...3', '4..8.3..1', '7...2...6', '.6....28.', '...419..5', '....8..79'].join('\n'),
  },
  {
    id: 'sudoku-hard',
    title: 'Sudoku: hard (magictour_top1465 #1)',
    input: ['4...3.......6..8..........1....5..9..8....6...7.2........1.27..5.3....4.9........'].join('\n'),
  },
];
