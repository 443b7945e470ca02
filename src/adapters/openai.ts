/**
 * The solver tools for the OpenAI SDK (`openai`): strict function tools for chat completions and
 * the Responses API, the handling of the model's tool calls, and the tool-call loops.
 * Subpath `trm-router/adapters/openai`.
 *
 * @example
 * import OpenAI from 'openai';
 * import { runOpenAIToolLoop } from 'trm-router/adapters/openai';
 * const { text } = await runOpenAIToolLoop({
 *   client: new OpenAI(), model: 'gpt-4.1-mini',
 *   messages: [{ role: 'user', content: 'Solve 53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79' }],
 * });
 */
export { chatToolCall, handleOpenAIResponseCalls, handleOpenAIToolCalls, openaiChatTools, openaiResponsesTools, responsesToolCall } from './openai-tools.js';
export type { OpenAIToolOptions } from './openai-tools.js';
export { runOpenAIResponsesToolLoop, runOpenAIToolLoop } from './openai-loop.js';
export type { LoopUsage, OpenAIResponsesToolLoopOptions, OpenAIToolLoopOptions } from './openai-loop.js';
export { createTrmTools } from './tools.js';
export type { TrmToolkit, TrmToolsOptions } from './tools.js';
