import { describe, expect, it } from 'vitest';
import { AbortedError, InvalidInputError, ProviderError, TimeoutError } from '../core/errors.js';
import { createMockLlmProvider } from '../testing/mock-llm-provider.js';
import { startScriptedLlmServer, step } from '../testing/index.js';
import { createOpenAiProvider } from './openai-provider.js';
import { attemptsOf } from './attempts.js';
import { httpProviderError, retryAfterMs } from './errors.js';
import { withFallback } from './fallback.js';
import { withRetry } from './retry.js';
import type { LlmProvider, LlmRequest, LlmStreamEvent } from './spec.js';

const ASK: LlmRequest = { messages: [{ role: 'user', content: 'hi' }] };
const http = (status: number, headers: Record<string, string> = {}) => httpProviderError('mock', status, new Headers(headers), 'scripted', new Error('sdk'));

function fakeSleep() {
  const waits: number[] = [];
  const sleep = (ms: number): Promise<void> => {
    waits.push(ms);
    return Promise.resolve();
  };
  return { waits, sleep };
}

describe('retryAfterMs', () => {
  it('reads retry-after-ms, retry-after seconds and HTTP dates', () => {
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250' }))).toBe(250);
    expect(retryAfterMs(new Headers({ 'retry-after': '3' }))).toBe(3000);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:05 GMT' }), now)).toBe(5000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterMs(new Headers())).toBeUndefined();
  });
});

describe('withRetry', () => {
  it('retries 429 and 5xx with exponential backoff, honouring Retry-After', async () => {
    const mock = createMockLlmProvider({ replies: [http(500), http(429, { 'retry-after': '1' }), http(503), { text: 'ok' }] });
    const { waits, sleep } = fakeSleep();
    const llm = withRetry(mock, { maxRetries: 3, initialDelayMs: 100, jitter: 0, sleep });
    const reply = await llm.generate(ASK);
    expect(reply.text).toBe('ok');
    expect(waits).toEqual([100, 1000, 400]);
    expect(reply.attempts?.map((a) => a.status)).toEqual([500, 429, 503]);
  });

  it('retries timeouts, gives up after maxRetries with the last error and the attempts', async () => {
    const timeout = new TimeoutError('slow', 10);
    const mock = createMockLlmProvider({ replies: [timeout, timeout, http(502)] });
    const { sleep } = fakeSleep();
    const error = await withRetry(mock, { maxRetries: 2, sleep })
      .generate(ASK)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(attemptsOf(error)).toHaveLength(2);
    expect(mock.calls).toHaveLength(3);
  });

  it('does not retry 4xx, aborts, or a Retry-After longer than allowed', async () => {
    for (const first of [http(400), new AbortedError(), http(429, { 'retry-after': '120' })]) {
      const mock = createMockLlmProvider({ replies: [first, { text: 'never' }] });
      await expect(withRetry(mock, { sleep: fakeSleep().sleep }).generate(ASK)).rejects.toBe(first);
      expect(mock.calls).toHaveLength(1);
    }
  });

  it('retries a stream only before its first event', async () => {
    const mock = createMockLlmProvider({ replies: [http(500), { text: 'streamed' }] });
    const events: LlmStreamEvent[] = [];
    for await (const e of withRetry(mock, { sleep: fakeSleep().sleep }).stream(ASK)) events.push(e);
    expect(events.map((e) => e.type)).toEqual(['text-delta', 'finish']);
    const finish = events[1];
    expect(finish?.type === 'finish' && finish.response.attempts?.length).toBe(1);
  });
});

describe('withRetry against the scripted server', () => {
  it('ends with AbortedError (not the raw abort reason) when the caller aborts during a backoff', async () => {
    const server = await startScriptedLlmServer({ openai: [step.error(429, { retryAfter: 30 }), step.error(500), step.text('never')] });
    try {
      const provider = createOpenAiProvider({ baseURL: server.openaiBaseURL, apiKey: 'sk-test', model: 'gpt-test' });
      for (const [name, run] of [
        ['generate', (llm: LlmProvider, signal: AbortSignal) => llm.generate({ ...ASK, signal })],
        [
          'stream',
          async (llm: LlmProvider, signal: AbortSignal) => {
            for await (const _ of llm.stream({ ...ASK, signal })) void _;
          },
        ],
      ] as const) {
        const controller = new AbortController();
        const waits: number[] = [];
        // The abort lands while withRetry waits out the backoff (Retry-After 30 s, then 8 s, the cap).
        const onRetry = ({ delayMs }: { delayMs: number }): void => {
          waits.push(delayMs);
          setTimeout(() => controller.abort(), 20);
        };
        const llm = withRetry(provider, { initialDelayMs: 10_000, jitter: 0, onRetry });
        const started = Date.now();
        const error = await Promise.resolve(run(llm, controller.signal)).catch((e: unknown) => e);
        expect(error, name).toBeInstanceOf(AbortedError);
        expect((error as AbortedError).code).toBe('aborted');
        expect(Date.now() - started).toBeLessThan(5_000);
        expect(waits, name).toEqual([name === 'generate' ? 30_000 : 8_000]);
      }
      expect(server.requests).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});

describe('withFallback', () => {
  it('falls back on provider errors and timeouts, recording the attempts', async () => {
    const a = createMockLlmProvider({ name: 'a', replies: [http(500)] });
    const b = createMockLlmProvider({ name: 'b', replies: [new TimeoutError('slow', 5)] });
    const c = createMockLlmProvider({ name: 'c', replies: [{ text: 'from c' }] });
    const seen: string[] = [];
    const llm = withFallback([a, b, c], { onFallback: ({ from, to }) => void seen.push(`${from.name}->${to.name}`) });
    expect(llm.name).toBe('a>b>c');
    const reply = await llm.generate(ASK);
    expect(reply.provider).toBe('c');
    expect(reply.attempts?.map((x) => `${x.provider}:${x.code}`)).toEqual(['a:provider', 'b:timeout']);
    expect(seen).toEqual(['a->b', 'b->c']);
  });

  it('throws ProviderError all_failed with every attempt when the chain is exhausted', async () => {
    const a = createMockLlmProvider({ name: 'a', replies: [http(500)] });
    const b = createMockLlmProvider({ name: 'b', replies: [http(503)] });
    const error = (await withFallback([a, b])
      .generate(ASK)
      .catch((e: unknown) => e)) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ reason: 'all_failed', retryable: false, provider: 'a>b' });
    expect(attemptsOf(error).map((a) => a.status)).toEqual([500, 503]);
    expect((error.cause as ProviderError).upstreamStatus).toBe(503);
  });

  it('stops at aborts and bad input', async () => {
    for (const first of [new AbortedError(), new InvalidInputError('bad')]) {
      const b = createMockLlmProvider({ name: 'b', replies: [{ text: 'never' }] });
      await expect(withFallback([createMockLlmProvider({ replies: [first] }), b]).generate(ASK)).rejects.toBe(first);
      expect(b.calls).toHaveLength(0);
    }
  });
});
