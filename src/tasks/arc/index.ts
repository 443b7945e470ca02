/**
 * The ARC-AGI task family: types and schemas, parsing and loading (Kaggle layout), detection,
 * printing, format-only verification and exact-match scoring, the official TRM token encoding
 * with its crop, dihedral and colour-permutation augmentations, and voting.
 */
export * from './types.js';
export * from './schema.js';
export * from './grid.js';
export * from './json-text.js';
export * from './parse.js';
export * from './dataset.js';
export * from './load-dataset.js';
export * from './detect.js';
export * from './format.js';
export * from './verify.js';
export * from './encode.js';
export * from '../common/dihedral.js';
export * from './colour-permutation.js';
export * from './augment.js';
export * from './vote.js';
export * from './codec.js';
export * from './definition.js';
