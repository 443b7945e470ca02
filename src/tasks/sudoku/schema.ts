/**
 * zod schemas of a Sudoku grid, the single definition used for tool input/output, LLM
 * extraction and validation of structured values.
 */
import { z } from 'zod';
import type { SudokuGrid } from './grid.js';

const sizeSchema = z.union([z.literal(4), z.literal(6), z.literal(9)], {
  error: 'size must be 4, 6 or 9',
});

function gridSchema(description: string): z.ZodType<SudokuGrid> {
  return z
    .object({
      size: sizeSchema.describe('Side length: 4 (2x2 boxes), 6 (2 rows x 3 columns boxes) or 9 (3x3 boxes)'),
      cells: z
        .array(z.int({ error: 'cells must hold integers' }), { error: 'cells must be an array of integers' })
        .describe('Row-major digits, length size*size; 0 = blank'),
    })
    .superRefine((grid, ctx) => {
      const expected = grid.size * grid.size;
      if (grid.cells.length !== expected) {
        ctx.addIssue({
          code: 'custom',
          path: ['cells'],
          message: `cells must have ${expected} entries for a ${grid.size}x${grid.size} sudoku (got ${grid.cells.length})`,
        });
        return;
      }
      grid.cells.forEach((value, index) => {
        if (value < 0 || value > grid.size) {
          ctx.addIssue({
            code: 'custom',
            path: ['cells', index],
            message: `cells[${index}] (row ${Math.floor(index / grid.size) + 1}, column ${(index % grid.size) + 1}) must be 0..${grid.size} (got ${value})`,
          });
        }
      });
    })
    .describe(description);
}

/**
 * A Sudoku puzzle: `{ size, cells }`, row-major, 0 = blank.
 *
 * @example
 * sudokuGridSchema.parse({ size: 4, cells: [1, 0, 0, 4, 0, 0, 1, 0, 0, 1, 0, 0, 4, 0, 0, 1] });
 */
export const sudokuGridSchema: z.ZodType<SudokuGrid> = gridSchema('A Sudoku grid: size (4, 6 or 9) and row-major cells, 0 = blank');

/**
 * A Sudoku solution: the same shape as a puzzle. Blanks are allowed by the schema so that an
 * incomplete answer reaches the verifier, which reports it (`blank_cell`).
 *
 * @example
 * sudokuSolutionSchema.safeParse(candidate).success;
 */
export const sudokuSolutionSchema: z.ZodType<SudokuGrid> = gridSchema('A Sudoku solution: size (4, 6 or 9) and row-major cells 1..size (0 = still blank)');
