/**
 * The LLM the configuration describes: OpenAI (or an OpenAI-compatible server when
 * `OPENAI_BASE_URL` is set), then Anthropic, each with retries, chained as fallbacks.
 * `undefined` when no provider is configured; `LLM_SETUP_HINT` says how to configure one.
 *
 * @example
 * const llm = createLlmFromConfig(loadConfig());   // undefined without keys
 */
import type { Config } from '../config.js';
import { createAnthropicProvider } from './anthropic-provider.js';
import { withFallback } from './fallback.js';
import { createOpenAiCompatibleProvider, createOpenAiProvider } from './openai-provider.js';
import { withRetry } from './retry.js';
import type { RetryOptions } from './retry.js';
import type { LlmProvider } from './spec.js';

/** How to configure an LLM, for messages shown when none is. */
export const LLM_SETUP_HINT =
  'set OPENAI_API_KEY (and optionally OPENAI_MODEL), or OPENAI_BASE_URL for an OpenAI-compatible server ' +
  '(Ollama, vLLM, llama.cpp), or ANTHROPIC_API_KEY (and optionally ANTHROPIC_MODEL)';

const OPENAI_HOST = 'api.openai.com';

export interface LlmFromConfigOptions {
  /** Overrides of the retry policy (the count comes from `TRM_ROUTER_LLM_MAX_RETRIES`). */
  retry?: Omit<RetryOptions, 'maxRetries'>;
  fetch?: typeof fetch;
}

/** The providers the configuration names, each wrapped with retries, in fallback order. */
export function providersFromConfig(config: Pick<Config, 'llm'>, options: LlmFromConfigOptions = {}): LlmProvider[] {
  const { llm } = config;
  const common = { timeoutMs: llm.timeoutMs, ...(options.fetch === undefined ? {} : { fetch: options.fetch }) };
  const providers: LlmProvider[] = [];
  const { apiKey, baseURL, model } = llm.openai;
  if (baseURL !== undefined && new URL(baseURL).hostname !== OPENAI_HOST) {
    providers.push(createOpenAiCompatibleProvider({ ...common, baseURL, model, ...(apiKey === undefined ? {} : { apiKey }) }));
  } else if (apiKey !== undefined) {
    providers.push(createOpenAiProvider({ ...common, apiKey, model, ...(baseURL === undefined ? {} : { baseURL }) }));
  }
  const anthropic = llm.anthropic;
  if (anthropic.apiKey !== undefined || anthropic.baseURL !== undefined) {
    providers.push(
      createAnthropicProvider({
        ...common,
        model: anthropic.model,
        ...(anthropic.apiKey === undefined ? {} : { apiKey: anthropic.apiKey }),
        ...(anthropic.baseURL === undefined ? {} : { baseURL: anthropic.baseURL }),
      }),
    );
  }
  return providers.map((p) => withRetry(p, { ...options.retry, maxRetries: llm.maxRetries }));
}

/**
 * One provider for the whole configuration (a fallback chain when several are configured), or
 * `undefined` when none is.
 */
export function createLlmFromConfig(config: Pick<Config, 'llm'>, options: LlmFromConfigOptions = {}): LlmProvider | undefined {
  const providers = providersFromConfig(config, options);
  return providers.length === 0 ? undefined : withFallback(providers);
}
