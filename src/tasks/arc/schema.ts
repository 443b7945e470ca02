/**
 * zod schemas of the ARC types, for tool specs, request validation and LLM extraction. They
 * accept exactly what `validateArcGrid` accepts; the task parser uses `validateArcGrid` directly
 * to report the field and cell of a problem as an `InvalidInputError`.
 */
import { z } from 'zod';
import type { ArcGrid, ArcPair, ArcSolution, ArcTask, ArcTestItem } from './types.js';
import { ARC_MAX_SIZE } from './types.js';

const COLOUR_ERROR = 'ARC colours are integers 0..9';

const arcColourSchema = z.number({ error: COLOUR_ERROR }).int({ error: COLOUR_ERROR }).min(0, { error: COLOUR_ERROR }).max(9, { error: COLOUR_ERROR });

const arcRowSchema = z
  .array(arcColourSchema, { error: 'a grid row must be an array of colours 0..9' })
  .min(1, { error: 'a grid row must have at least 1 colour' })
  .max(ARC_MAX_SIZE, { error: `a grid row may have at most ${ARC_MAX_SIZE} colours` });

/**
 * A rectangular grid of colours 0..9 with 1..30 rows and 1..30 columns.
 *
 * @example
 * arcGridSchema.parse([[0, 1], [2, 3]]);
 */
export const arcGridSchema: z.ZodType<ArcGrid> = z
  .array(arcRowSchema, { error: 'an ARC grid must be a 2D array of colours 0..9' })
  .min(1, { error: 'an ARC grid must have at least 1 row' })
  .max(ARC_MAX_SIZE, { error: `an ARC grid may have at most ${ARC_MAX_SIZE} rows` })
  .superRefine((grid, ctx) => {
    const width = grid[0]?.length ?? 0;
    grid.forEach((row, r) => {
      if (row.length !== width) {
        ctx.addIssue({
          code: 'custom',
          path: [r],
          message: `grid is not rectangular: row ${r} has ${row.length} cells but row 0 has ${width}`,
        });
      }
    });
  })
  .describe('ARC grid: 1..30 rows of 1..30 colours (integers 0..9), all rows the same length');

/**
 * A demonstration pair.
 *
 * @example
 * arcPairSchema.parse({ input: [[1]], output: [[2]] });
 */
export const arcPairSchema: z.ZodType<ArcPair> = z.object({ input: arcGridSchema, output: arcGridSchema });

/**
 * A test item; `output` only where the answer is known.
 *
 * @example
 * arcTestItemSchema.parse({ input: [[1]] });
 */
export const arcTestItemSchema: z.ZodType<ArcTestItem> = z.object({
  input: arcGridSchema,
  output: arcGridSchema.optional(),
});

/**
 * An ARC task: at least one training pair and at least one test input.
 *
 * @example
 * arcTaskSchema.parse({ train: [{ input: [[1]], output: [[2]] }], test: [{ input: [[1]] }] });
 */
export const arcTaskSchema: z.ZodType<ArcTask> = z
  .object({
    id: z.string().optional().describe('Kaggle task id or augmentation name'),
    train: z
      .array(arcPairSchema, { error: 'an ARC task needs "train": an array of {input, output} pairs' })
      .min(1, { error: 'an ARC task needs at least one training pair' }),
    test: z
      .array(arcTestItemSchema, { error: 'an ARC task needs "test": an array of {input} items' })
      .min(1, { error: 'an ARC task needs at least one test input' }),
  })
  .describe('ARC task: demonstration pairs (train) and test inputs whose outputs are to be predicted');

/**
 * A solution: one output grid per test input.
 *
 * @example
 * arcSolutionSchema.parse([[[2]]]);
 */
export const arcSolutionSchema: z.ZodType<ArcSolution> = z
  .array(arcGridSchema)
  .min(1, { error: 'an ARC solution needs one output grid per test input' })
  .describe('ARC solution: one output grid per test input, in order');
