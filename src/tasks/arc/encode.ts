/**
 * The official TRM token encoding of ARC grids (TinyRecursiveModels dataset/build_arc_dataset.py):
 * a 30x30 canvas flattened row-major (S = 900), vocabulary V = 12: 0 PAD, 1 EOS, colours 0..9 as
 * 2..11. The grid sits at the top-left; an EOS row runs under it across the grid's columns only,
 * and an EOS column right of it down the grid's rows only, so the corner cell diagonal to the
 * grid stays PAD. A side of 30 leaves no room and gets no EOS line. Inference uses no
 * translation (the official random top-left offset is a training-time augmentation only).
 */
import { InvalidInputError } from '../../core/errors.js';
import { decodeGridTokensCrop, encodeGridTokens } from '../common/grid-tokens.js';
import { validateArcGrid } from './grid.js';
import type { ArcGrid, ArcTask } from './types.js';
import { ARC_MAX_SIZE } from './types.js';

/** Token ids of the ARC encoding. */
export const ARC_PAD = 0;
export const ARC_EOS = 1;
/** Token of colour c is `c + ARC_COLOUR_OFFSET`. */
export const ARC_COLOUR_OFFSET = 2;
/** Sequence length S (30 x 30) and vocabulary size V. */
export const ARC_SEQ_LEN = ARC_MAX_SIZE * ARC_MAX_SIZE;
export const ARC_VOCAB_SIZE = 12;

/**
 * Encodes one grid as the 900 official input/label tokens.
 *
 * @example
 * const tokens = encodeArcGrid([[0, 7], [7, 7]]);
 * Array.from(tokens.slice(0, 3));   // [2, 9, 1]   (row 0: colours, then EOS)
 * Array.from(tokens.slice(60, 63)); // [1, 1, 0]   (row 2: EOS row, then the PAD corner)
 */
export function encodeArcGrid(grid: ArcGrid): Int32Array {
  validateArcGrid(grid, 'grid');
  return encodeGridTokens(grid, ARC_MAX_SIZE);
}

/**
 * Reads a grid out of 900 predicted tokens exactly as the official evaluator's crop does:
 * for n = 1..30 rows, the usable width is the longest run of colour tokens (2..11) at the start
 * of row n-1, never wider than the rows above; the crop is the n x width rectangle of largest
 * area (first one on ties). Any other token (PAD, EOS, out of vocabulary, non-integer) ends a
 * run. A prediction whose first cell is not a colour gives an empty grid `[]`, which then fails
 * verification as `empty_grid`. Throws `InvalidInputError` only when there are not 900 tokens.
 *
 * @example
 * decodeArcGrid(encodeArcGrid([[3, 4, 5]])); // [[3, 4, 5]]
 * decodeArcGrid(new Int32Array(900));        // []
 */
export function decodeArcGrid(tokens: ArrayLike<number>): ArcGrid {
  if (tokens.length !== ARC_SEQ_LEN) {
    throw new InvalidInputError(`ARC predictions must have ${ARC_SEQ_LEN} tokens, got ${tokens.length}`, {
      field: 'tokens',
    });
  }
  return decodeGridTokensCrop(tokens, ARC_MAX_SIZE, ARC_VOCAB_SIZE - ARC_COLOUR_OFFSET);
}

/**
 * Encodes test input `index` of a task (the model input for that test item).
 *
 * @example
 * const tokens = encodeArcTestInput(task, 1);
 */
export function encodeArcTestInput(task: ArcTask, index = 0): Int32Array {
  const item = task.test[index];
  if (item === undefined) {
    throw new InvalidInputError(`ARC task has ${task.test.length} test inputs; there is no test input ${index}`, {
      field: `test.${index}`,
    });
  }
  return encodeArcGrid(item.input);
}
