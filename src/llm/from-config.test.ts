import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { createLlmFromConfig, providersFromConfig } from './from-config.js';

describe('createLlmFromConfig', () => {
  it('is undefined when no provider is configured', () => {
    expect(createLlmFromConfig(loadConfig({}))).toBeUndefined();
  });

  it.each([
    [{ OPENAI_API_KEY: 'sk' }, 'openai', 'gpt-4.1-mini'],
    [{ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', OPENAI_MODEL: 'qwen2.5' }, 'openai-compatible', 'qwen2.5'],
    [{ OPENAI_BASE_URL: 'https://api.openai.com/v1', OPENAI_API_KEY: 'sk' }, 'openai', 'gpt-4.1-mini'],
    [{ ANTHROPIC_API_KEY: 'sk-ant' }, 'anthropic', 'claude-sonnet-4-5'],
    [{ OPENAI_API_KEY: 'sk', ANTHROPIC_API_KEY: 'sk-ant' }, 'openai>anthropic', 'gpt-4.1-mini'],
  ])('%j -> %s', (env, name, model) => {
    const llm = createLlmFromConfig(loadConfig(env));
    expect(llm?.name).toBe(name);
    expect(llm?.model).toBe(model);
  });

  it('wraps every provider with the configured retries', () => {
    const providers = providersFromConfig(loadConfig({ OPENAI_API_KEY: 'sk', ANTHROPIC_API_KEY: 'a', TRM_ROUTER_LLM_MAX_RETRIES: '0' }));
    expect(providers.map((p) => p.name)).toEqual(['openai', 'anthropic']);
  });
});
