/**
 * Learned tasks: grid transformations declared by data (a model's manifest) rather than code.
 *
 * @example
 * import { learnedTaskSpecSchema, learnedTask } from 'trm-router/tasks';
 */
export * from './spec.js';
export * from './encode.js';
export * from './codec.js';
export * from './definition.js';
export * from './families/index.js';
export * from './data.js';
