/**
 * What an example family of learned tasks is: a named generator of input/output pairs and the
 * learned-task spec its data declares.
 */
import type { Grid } from '../../../core/spec.js';
import type { LearnedTaskSpec } from '../spec.js';

export interface DataFamily {
  readonly name: string;
  /** One line for help text. */
  readonly summary: string;
  /** Smallest and largest grid side it draws. */
  readonly sides: { min: number; max: number };
  /** The learned task's declaration for grids up to `maxSide`. */
  spec(maxSide: number): LearnedTaskSpec;
  generate(options: { rows: number; cols: number; seed: number }): { input: Grid; output: Grid };
}
