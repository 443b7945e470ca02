/**
 * trm-router: grid puzzles to Tiny Recursive Models, free text to LLMs, one merged answer.
 *
 * This barrel is light: it loads neither onnxruntime nor any LLM SDK nor hono. Heavy parts
 * live behind their own subpath exports.
 *
 * @example
 * import { parseTask, exactSolver, getCodec } from 'trm-router';
 * const parsed = parseTask('53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79');
 */
export * from './core/index.js';
export * from './tasks/index.js';
export { loadConfig } from './config.js';
export type { Config } from './config.js';
