/**
 * The library path under the same faults as the gateway's matrix (test/gateway-faults.test.ts):
 * every provider, through its real SDK, against the scripted server injecting one fault per
 * call, `generate` and `stream`. Each call ends in a typed error (`ProviderError` with its
 * reason, or `TimeoutError`) or in the whole answer with its finish event: a stream never
 * finishes with a truncated text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError, TimeoutError } from '../core/errors.js';
import { fault, startScriptedLlmServer, step, streamFrameCount } from '../testing/index.js';
import type { ScriptEndpoint, ScriptStep, ScriptedLlmServer } from '../testing/index.js';
import { createAnthropicProvider } from './anthropic-provider.js';
import { createOpenAiProvider } from './openai-provider.js';
import type { LlmProvider, LlmRequest } from './spec.js';

const ANSWER = 'Nikoli popularised it in 1984.';
const ASK: LlmRequest = { messages: [{ role: 'user', content: 'Who popularised Sudoku?' }], maxOutputTokens: 50 };
const TIMEOUT_MS = 500;

type Expected = { error: typeof ProviderError | typeof TimeoutError; reason?: string; upstreamStatus?: number; retryAfterMs?: number } | 'complete-or-error';

function cases(endpoint: ScriptEndpoint, stream: boolean): { name: string; step: ScriptStep; expected: Expected }[] {
  const list: { name: string; step: ScriptStep; expected: Expected }[] = [
    { name: '429 with Retry-After: 7', step: step.error(429, { retryAfter: 7 }), expected: { error: ProviderError, upstreamStatus: 429, retryAfterMs: 7000 } },
    { name: '500', step: step.error(500), expected: { error: ProviderError, reason: 'http', upstreamStatus: 500 } },
    { name: 'a slow first byte past the deadline', step: step.text(ANSWER, { delayMs: TIMEOUT_MS * 20 }), expected: { error: TimeoutError } },
    {
      name: 'a connection reset before the status line',
      step: step.text(ANSWER, { fault: fault.reset(0) }),
      expected: { error: ProviderError, reason: 'connection' },
    },
  ];
  if (!stream) {
    list.push(
      { name: 'a body cut half-way', step: step.text(ANSWER, { fault: fault.cut(1) }), expected: { error: ProviderError, reason: 'malformed_response' } },
      { name: 'a body reset half-way', step: step.text(ANSWER, { fault: fault.reset(1) }), expected: { error: ProviderError } },
    );
    return list;
  }
  const frames = streamFrameCount(endpoint, step.text(ANSWER));
  for (let k = 0; k < frames; k++) {
    list.push({ name: `a stream cut after ${k} of ${frames} frames`, step: step.text(ANSWER, { fault: fault.cut(k) }), expected: 'complete-or-error' });
    list.push({ name: `malformed JSON at frame ${k}`, step: step.text(ANSWER, { fault: fault.corrupt(k) }), expected: { error: ProviderError } });
  }
  for (const k of [1, 3, frames - 1]) {
    list.push({ name: `a connection reset after ${k} frames`, step: step.text(ANSWER, { fault: fault.reset(k) }), expected: 'complete-or-error' });
  }
  return list;
}

const IMPLEMENTATIONS: { name: string; endpoint: ScriptEndpoint; make: (s: ScriptedLlmServer) => LlmProvider }[] = [
  {
    name: 'openai',
    endpoint: 'openai',
    make: (s) => createOpenAiProvider({ baseURL: s.openaiBaseURL, apiKey: 'sk-test', model: 'gpt-test', timeoutMs: TIMEOUT_MS }),
  },
  {
    name: 'anthropic',
    endpoint: 'anthropic',
    make: (s) => createAnthropicProvider({ baseURL: s.anthropicBaseURL, apiKey: 'sk-ant-test', model: 'claude-test', timeoutMs: TIMEOUT_MS }),
  },
];

describe('LlmProvider under wire faults (real SDKs, scripted server)', () => {
  let server: ScriptedLlmServer;
  beforeAll(async () => {
    server = await startScriptedLlmServer();
  });
  afterAll(() => server.close());

  for (const impl of IMPLEMENTATIONS) {
    for (const stream of [false, true]) {
      describe(`${impl.name}, ${stream ? 'stream' : 'generate'}`, () => {
        for (const c of cases(impl.endpoint, stream)) {
          it(c.name, async () => {
            server.push(impl.endpoint, c.step);
            const provider = impl.make(server);
            let outcome: { text: string; finish: string } | { error: unknown };
            try {
              if (stream) {
                let text = '';
                let finish: string | undefined;
                for await (const event of provider.stream(ASK)) {
                  if (event.type === 'text-delta') text += event.text;
                  if (event.type === 'finish') finish = event.response.finishReason;
                }
                outcome = { text, finish: finish ?? 'none' };
              } else {
                const reply = await provider.generate(ASK);
                outcome = { text: reply.text, finish: reply.finishReason };
              }
            } catch (error) {
              outcome = { error };
            }
            expect(server.remaining(impl.endpoint)).toBe(0);
            if (!('error' in outcome)) {
              expect(c.expected, `${c.name}: an answer where an error was due`).toBe('complete-or-error');
              expect(outcome).toEqual({ text: ANSWER, finish: 'stop' });
              return;
            }
            const expected = c.expected === 'complete-or-error' ? { error: ProviderError } : c.expected;
            expect(outcome.error).toBeInstanceOf(expected.error);
            const { error: _class, ...fields } = expected;
            expect(outcome.error).toMatchObject(fields);
          });
        }
      });
    }
  }
});
