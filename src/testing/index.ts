/**
 * Test helpers that are first-class code: a scripted LLM server speaking the OpenAI and
 * Anthropic wire formats, for tests and examples that drive the real SDKs offline.
 * Subpath export `trm-router/testing`.
 *
 * @example
 * import { startScriptedLlmServer, step } from 'trm-router/testing';
 * const server = await startScriptedLlmServer({ openai: [step.text('Hello')] });
 */
export * from './script.js';
export * from './scripted-llm-server.js';
export type { WireResponse } from './wire.js';
export { streamFrameCount } from './wire.js';
export * from './mock-llm-provider.js';
