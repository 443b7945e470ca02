/**
 * The official TRM token encoding of ARC grids (TinyRecursiveModels dataset/build_arc_dataset.py):
 * a 30x30 canvas flattened row-major (S = 900), vocabulary V = 12: 0 PAD, 1 EOS, colours 0..9 as
 * 2..11. The grid sits at the top-left; an EOS row runs under it across the grid's columns only,
 * and an EOS column right of it down the grid's rows only, so the corner cell diagonal to the
 * grid stays PAD. A side of 30 leaves no room and gets no EOS line. Inference uses no
 * translation (the official random top-left offset is a training-time augmentation only).
 *
 * A model trained on a smaller N x N canvas (S = N * N, same tokens; `arcTokenSpec(N)`) answers
 * the tasks whose grids fit it, at a fraction of the cost per step.
 */
import { InvalidInputError } from '../../core/errors.js';
import { decodeGridTokensCrop, encodeGridTokens } from '../common/grid-tokens.js';
import { validateArcGrid } from './grid.js';
import type { TokenSpec } from '../../core/spec.js';
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
 * Token spec of ARC on an N x N canvas (S = N * N, V = 12); N = 30 is the official canvas.
 *
 * @example
 * arcTokenSpec(10); // { seqLen: 100, vocabSize: 12, canvas: { rows: 10, cols: 10 } }
 */
export function arcTokenSpec(side: number = ARC_MAX_SIZE): TokenSpec {
  if (!Number.isInteger(side) || side < 2 || side > ARC_MAX_SIZE) {
    throw new InvalidInputError(`An ARC canvas is N x N with N in 2..${ARC_MAX_SIZE}, got ${side}`, { field: 'canvas' });
  }
  return { seqLen: side * side, vocabSize: ARC_VOCAB_SIZE, canvas: { rows: side, cols: side } };
}

/**
 * Encodes one grid as the official input/label tokens of the `side` x `side` canvas (900 on the
 * official 30x30 one). A grid larger than the canvas throws `InvalidInputError`.
 *
 * @example
 * const tokens = encodeArcGrid([[0, 7], [7, 7]]);
 * Array.from(tokens.slice(0, 3));   // [2, 9, 1]   (row 0: colours, then EOS)
 * Array.from(tokens.slice(60, 63)); // [1, 1, 0]   (row 2: EOS row, then the PAD corner)
 * encodeArcGrid([[0, 7], [7, 7]], 10).length; // 100
 */
export function encodeArcGrid(grid: ArcGrid, side: number = ARC_MAX_SIZE): Int32Array {
  validateArcGrid(grid, 'grid');
  return encodeGridTokens(grid, arcTokenSpec(side).canvas.rows);
}

/**
 * Reads a grid out of N * N predicted tokens (900 on the official canvas) exactly as the
 * official evaluator's crop does: for n = 1..N rows, the usable width is the longest run of
 * colour tokens (2..11) at the start of row n-1, never wider than the rows above; the crop is
 * the n x width rectangle of largest area (first one on ties). Any other token (PAD, EOS, out of
 * vocabulary, non-integer) ends a run. A prediction whose first cell is not a colour gives an
 * empty grid `[]`, which then fails verification as `empty_grid`. Throws `InvalidInputError`
 * only when the tokens are not N * N for a canvas side N in 2..30.
 *
 * @example
 * decodeArcGrid(encodeArcGrid([[3, 4, 5]])); // [[3, 4, 5]]
 * decodeArcGrid(new Int32Array(900));        // []
 */
export function decodeArcGrid(tokens: ArrayLike<number>): ArcGrid {
  const side = Math.round(Math.sqrt(tokens.length));
  if (side * side !== tokens.length || side < 2 || side > ARC_MAX_SIZE) {
    throw new InvalidInputError(
      `ARC predictions must be N*N tokens of an N x N canvas (N in 2..${ARC_MAX_SIZE}; ${ARC_SEQ_LEN} for 30x30), got ${tokens.length}`,
      { field: 'tokens' },
    );
  }
  return decodeGridTokensCrop(tokens, side, ARC_VOCAB_SIZE - ARC_COLOUR_OFFSET);
}

/**
 * Encodes test input `index` of a task (the model input for that test item).
 *
 * @example
 * const tokens = encodeArcTestInput(task, 1);
 */
export function encodeArcTestInput(task: ArcTask, index = 0, side: number = ARC_MAX_SIZE): Int32Array {
  const item = task.test[index];
  if (item === undefined) {
    throw new InvalidInputError(`ARC task has ${task.test.length} test inputs; there is no test input ${index}`, {
      field: `test.${index}`,
    });
  }
  return encodeArcGrid(item.input, side);
}
