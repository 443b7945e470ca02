/**
 * ARC-AGI data types: a grid of colours 0..9 (1..30 rows and columns), demonstration pairs,
 * and a task made of training pairs and test inputs. The solution of a task is one output grid
 * per test input, in order.
 */

/** Largest side of an ARC grid (rows and columns), as in the official data and encoding. */
export const ARC_MAX_SIZE = 30;

/** Number of ARC colours (0 = black/background .. 9). */
export const ARC_COLOURS = 10;

/**
 * A rectangular grid of colours 0..9, row-major (`grid[row][col]`), 1..30 rows and columns.
 *
 * @example
 * const grid: ArcGrid = [[0, 7, 7], [7, 7, 7], [0, 7, 7]];
 */
export type ArcGrid = number[][];

/**
 * One demonstration: an input grid and the output the hidden rule makes of it.
 *
 * @example
 * const pair: ArcPair = { input: [[1]], output: [[1, 1]] };
 */
export interface ArcPair {
  input: ArcGrid;
  output: ArcGrid;
}

/**
 * A test item: the input to solve and, where known (training/evaluation sets with solutions),
 * its expected output.
 *
 * @example
 * const item: ArcTestItem = { input: [[3]] };
 */
export interface ArcTestItem {
  input: ArcGrid;
  output?: ArcGrid;
}

/**
 * An ARC task. `id` is the Kaggle task id (`007bbfb7`) or an augmentation name
 * (`007bbfb7|||t4|||0832597416`) where known.
 *
 * @example
 * const task: ArcTask = { id: 'demo', train: [{ input: [[1]], output: [[2]] }], test: [{ input: [[1]] }] };
 */
export interface ArcTask {
  id?: string;
  train: ArcPair[];
  test: ArcTestItem[];
}

/**
 * A solution: one output grid per test input, in the order of `task.test`.
 *
 * @example
 * const solution: ArcSolution = [[[2]]];
 */
export type ArcSolution = ArcGrid[];
