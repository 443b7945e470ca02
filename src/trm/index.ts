export * from './manifest.js';
export * from './model.js';
export * from './stop.js';
export * from './engine.js';
export * from './solver.js';
export * from './catalog.js';
export * from './solve-parsed.js';
export * from './learn.js';
