/**
 * LLM providers behind one small interface (`LlmProvider`, see `spec.ts`): OpenAI, Anthropic and
 * any OpenAI-compatible server on their official SDKs, with timeouts, retries honouring
 * Retry-After, fallback chains, structured output validated by zod, and typed errors.
 * Subpath export `trm-router/llm` (it loads the `openai` and `@anthropic-ai/sdk` packages).
 *
 * @example
 * import { createLlmFromConfig, generateObject } from 'trm-router/llm';
 * const llm = createLlmFromConfig(loadConfig());
 */
export * from './spec.js';
export * from './errors.js';
export { startDeadline, sleep } from './deadline.js';
export type { Deadline } from './deadline.js';
export { toJsonSchema } from './json-schema.js';
export type { JsonSchema } from './json-schema.js';
export * from './openai-provider.js';
export * from './anthropic-provider.js';
export * from './retry.js';
export * from './fallback.js';
export * from './structured.js';
export * from './from-config.js';
