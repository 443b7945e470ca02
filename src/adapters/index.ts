/**
 * The solver tools, independent of any LLM framework: their zod schemas (the single definition
 * every adapter derives from), `createTrmTools` to run them, the JSON Schemas (plain and strict),
 * and the tool-call loop on the `LlmProvider` interface. Subpath `trm-router/adapters`.
 * Framework adapters: `trm-router/adapters/openai`, `.../anthropic`, `.../ai-sdk`,
 * `.../langchain`, and the MCP server `trm-router/mcp`.
 *
 * @example
 * import { createTrmTools } from 'trm-router/adapters';
 * const toolkit = createTrmTools();
 * const outcome = await toolkit.execute('solve_sudoku', { puzzle: '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79' });
 * console.log(outcome.text);
 */
export * from './tool-schemas.js';
export * from './tool-result.js';
export { arcGridFromText } from '../tasks/arc/index.js';
export * from './tools.js';
export { STRICT_KEYWORDS, strictJsonSchema, toolJsonSchema } from './json-schema.js';
export type { JsonSchema } from './json-schema.js';
export * from './tool-loop.js';
