/**
 * An in-process `LlmProvider` that plays a list of answers (or errors), for unit tests of code
 * that takes a provider (the router, retry and fallback wrappers). Tests of the providers
 * themselves use the real SDKs against `startScriptedLlmServer` instead.
 *
 * @example
 * const llm = createMockLlmProvider({ replies: [{ text: 'Hello' }, new ProviderError('mock', 'down')] });
 * await llm.generate({ messages: [{ role: 'user', content: 'Hi' }] }); // { text: 'Hello', ... }
 * llm.calls.length; // 1
 */
import type { LlmProvider, LlmRequest, LlmResponse, LlmStreamEvent } from '../llm/spec.js';

/** One scripted answer: part of a response, an error to throw, or a function of the request. */
export type MockReply = Partial<Omit<LlmResponse, 'provider' | 'model'>> | Error | ((request: LlmRequest) => Partial<LlmResponse> | Error);

export interface MockLlmProviderOptions {
  name?: string;
  model?: string;
  replies?: MockReply[];
}

export interface MockLlmProvider extends LlmProvider {
  /** Every request received, oldest first. */
  readonly calls: LlmRequest[];
  /** Appends replies. */
  push(...replies: MockReply[]): void;
}

export function createMockLlmProvider(options: MockLlmProviderOptions = {}): MockLlmProvider {
  const name = options.name ?? 'mock';
  const model = options.model ?? 'mock-model';
  const replies = [...(options.replies ?? [])];
  const calls: LlmRequest[] = [];

  const next = (request: LlmRequest): LlmResponse => {
    calls.push(request);
    const reply = replies.shift();
    if (reply === undefined) throw new Error(`mock LLM ${name}: no reply left for call ${calls.length}`);
    const value = typeof reply === 'function' ? reply(request) : reply;
    if (value instanceof Error) throw value;
    return {
      text: '',
      toolCalls: [],
      finishReason: value.toolCalls !== undefined && value.toolCalls.length > 0 ? 'tool_calls' : 'stop',
      usage: { inputTokens: 10, outputTokens: 5 },
      latencyMs: 0,
      ...value,
      provider: name,
      model,
    };
  };

  return {
    name,
    model,
    calls,
    push: (...more) => void replies.push(...more),
    generate: (request) => Promise.resolve().then(() => next(request)),
    async *stream(request): AsyncIterable<LlmStreamEvent> {
      const response = await Promise.resolve().then(() => next(request));
      if (response.text !== '') yield { type: 'text-delta', text: response.text };
      for (const toolCall of response.toolCalls) yield { type: 'tool-call', toolCall };
      yield { type: 'finish', response };
    },
  };
}
