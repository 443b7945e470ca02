/**
 * The token encoding of learned tasks: the official ARC encoding generalised to the task's
 * alphabet and canvas (`src/tasks/common/grid-tokens.ts`, which ARC itself uses at N = 30, K = 10).
 */
export {
  GRID_COLOUR_OFFSET as LEARNED_COLOUR_OFFSET,
  GRID_EOS as LEARNED_EOS,
  GRID_PAD as LEARNED_PAD,
  decodeGridTokensCrop as decodeLearnedGridCrop,
  decodeGridTokensSized as decodeLearnedGridSized,
  encodeGridTokens as encodeLearnedGrid,
} from '../common/grid-tokens.js';
