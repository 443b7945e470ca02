export * from './errors.js';
export * from './spec.js';
export * from './task.js';
export * from './exact-solver.js';
export * from './random.js';
export * from './llm-provider.js';
export * from './provenance.js';
export * from './json-depth.js';
