/**
 * Printing ARC tasks and solutions. `pretty`: every grid as rows of digits under a header
 * (`train 1 input (3x3):`); `line`: compact JSON (`parseArcTask` reads it back).
 */
import type { FormatStyle } from '../../core/spec.js';
import type { ArcGrid, ArcSolution, ArcTask } from './types.js';

/**
 * One grid as rows of digits, one line per row.
 *
 * @example
 * formatArcGrid([[0, 7], [7, 7]]); // '07\n77'
 */
export function formatArcGrid(grid: readonly (readonly number[])[]): string {
  return grid.map((row) => row.join('')).join('\n');
}

function block(title: string, grid: ArcGrid): string {
  const cols = grid[0]?.length ?? 0;
  return `${title} (${grid.length}x${cols}):\n${formatArcGrid(grid)}`;
}

/**
 * Prints a task: `pretty` lists every pair as rows of digits; `line` is compact JSON.
 *
 * @example
 * formatArcTask(task);          // 'ARC task 007bbfb7\n\ntrain 1 input (3x3):\n077\n...'
 * formatArcTask(task, 'line');  // '{"id":"007bbfb7","train":[...],"test":[...]}'
 */
export function formatArcTask(task: ArcTask, style: FormatStyle = 'pretty'): string {
  if (style === 'line') {
    return JSON.stringify({
      ...(task.id === undefined ? {} : { id: task.id }),
      train: task.train.map((pair) => ({ input: pair.input, output: pair.output })),
      test: task.test.map((item) => (item.output === undefined ? { input: item.input } : { input: item.input, output: item.output })),
    });
  }
  const parts: string[] = [task.id === undefined ? 'ARC task' : `ARC task ${task.id}`];
  task.train.forEach((pair, i) => {
    parts.push(block(`train ${i + 1} input`, pair.input), block(`train ${i + 1} output`, pair.output));
  });
  task.test.forEach((item, i) => {
    parts.push(block(`test ${i + 1} input`, item.input));
    if (item.output !== undefined) parts.push(block(`test ${i + 1} output`, item.output));
  });
  return parts.join('\n\n');
}

/**
 * Prints a solution: the output grid as rows of digits (one grid), or each grid under a
 * `test N output (RxC):` header (several); `line` is compact JSON.
 *
 * @example
 * formatArcSolution([[[1, 2], [3, 4]]], task); // '12\n34'
 */
export function formatArcSolution(solution: ArcSolution, task: ArcTask, style: FormatStyle = 'pretty'): string {
  if (style === 'line') return JSON.stringify(solution);
  if (solution.length === 1 && task.test.length <= 1) return formatArcGrid(solution[0] as ArcGrid);
  return solution.map((grid, i) => block(`test ${i + 1} output`, grid)).join('\n\n');
}
