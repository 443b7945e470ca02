/**
 * One suite, every provider: each implementation runs the same cases through its real SDK
 * against the scripted server (Hono's `runTest({ newRouter })` pattern).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AbortedError, ProviderError, TimeoutError } from '../core/errors.js';
import { startScriptedLlmServer, step } from '../testing/index.js';
import type { ScriptEndpoint, ScriptedLlmServer } from '../testing/index.js';
import { createAnthropicProvider } from './anthropic-provider.js';
import { createOpenAiCompatibleProvider, createOpenAiProvider } from './openai-provider.js';
import type { LlmProvider, LlmRequest, LlmResponse, LlmStreamEvent } from './spec.js';
import { generateObject } from './structured.js';

interface Implementation {
  name: string;
  endpoint: ScriptEndpoint;
  make(server: ScriptedLlmServer, timeoutMs?: number): LlmProvider;
}

const IMPLEMENTATIONS: Implementation[] = [
  {
    name: 'openai',
    endpoint: 'openai',
    make: (s, timeoutMs = 5_000) => createOpenAiProvider({ baseURL: s.openaiBaseURL, apiKey: 'sk-test', model: 'gpt-test', timeoutMs }),
  },
  {
    name: 'openai-compatible',
    endpoint: 'openai',
    make: (s, timeoutMs = 5_000) => createOpenAiCompatibleProvider({ baseURL: s.openaiBaseURL, model: 'local-model', timeoutMs }),
  },
  {
    name: 'anthropic',
    endpoint: 'anthropic',
    make: (s, timeoutMs = 5_000) => createAnthropicProvider({ baseURL: s.anthropicBaseURL, apiKey: 'sk-ant-test', model: 'claude-test', timeoutMs }),
  },
];

const ASK: LlmRequest = {
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Who popularised Sudoku?' },
  ],
  maxOutputTokens: 100,
};

async function collect(stream: AsyncIterable<LlmStreamEvent>): Promise<{ deltas: string[]; events: LlmStreamEvent[]; response: LlmResponse }> {
  const events: LlmStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  const last = events[events.length - 1];
  if (last?.type !== 'finish') throw new Error('stream did not finish');
  return { deltas: events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])), events, response: last.response };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

for (const impl of IMPLEMENTATIONS) {
  describe(`LlmProvider conformance: ${impl.name} (real SDK, scripted server)`, () => {
    let server: ScriptedLlmServer;
    beforeEach(async () => {
      server = await startScriptedLlmServer();
    });
    afterEach(async () => {
      await server.close();
    });
    const push = (...steps: Parameters<ScriptedLlmServer['push']>[1][]) => server.push(impl.endpoint, ...steps);

    it('generates text with usage, and sends the system prompt and the model', async () => {
      push(step.text('Nikoli, in Japan.', { usage: { inputTokens: 21, outputTokens: 4 } }));
      const reply = await impl.make(server).generate(ASK);
      expect(reply.text).toBe('Nikoli, in Japan.');
      expect(reply.usage).toEqual({ inputTokens: 21, outputTokens: 4 });
      expect(reply.finishReason).toBe('stop');
      expect(reply.provider).toBe(impl.name);
      const body = server.requests[0]?.body as Record<string, unknown>;
      expect(JSON.stringify(body)).toContain('Be brief.');
      expect(body.model).toBe(impl.make(server).model);
    });

    it('streams text deltas and finishes with the whole text and usage', async () => {
      push(step.text('Nikoli popularised it in 1984.', { usage: { inputTokens: 12, outputTokens: 6 } }));
      const { deltas, response } = await collect(impl.make(server).stream(ASK));
      expect(deltas.length).toBeGreaterThan(1);
      expect(deltas.join('')).toBe('Nikoli popularised it in 1984.');
      expect(response.text).toBe('Nikoli popularised it in 1984.');
      expect(response.usage).toEqual({ inputTokens: 12, outputTokens: 6 });
      expect(server.requests[0]?.stream).toBe(true);
    });

    it('returns tool calls with parsed arguments (generate and stream)', async () => {
      const tools = [{ name: 'solve_puzzle', description: 'Solve a puzzle', parameters: z.object({ puzzle: z.string() }) }];
      push(step.toolCalls([{ name: 'solve_puzzle', arguments: { puzzle: '53..7' } }]));
      push(
        step.toolCalls([
          { name: 'solve_puzzle', arguments: { puzzle: 'S..G' } },
          { name: 'solve_puzzle', arguments: { puzzle: '#' } },
        ]),
      );
      const provider = impl.make(server);
      const reply = await provider.generate({ ...ASK, tools, toolChoice: 'auto' });
      expect(reply.finishReason).toBe('tool_calls');
      expect(reply.toolCalls).toEqual([{ id: expect.any(String) as string, name: 'solve_puzzle', arguments: { puzzle: '53..7' } }]);
      const { events, response } = await collect(provider.stream({ ...ASK, tools }));
      expect(events.filter((e) => e.type === 'tool-call')).toHaveLength(2);
      expect(response.toolCalls.map((c) => c.arguments)).toEqual([{ puzzle: 'S..G' }, { puzzle: '#' }]);
      expect(JSON.stringify(server.requests[0]?.body)).toContain('"puzzle"');
    });

    it('sends tool results back in the wire format of the provider', async () => {
      push(step.text('The solved grid is above.'));
      await impl.make(server).generate({
        messages: [
          { role: 'user', content: 'Solve it and explain.' },
          { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'solve_puzzle', arguments: { task: 'sudoku' } }] },
          { role: 'tool', toolCallId: 'call_1', toolName: 'solve_puzzle', content: '{"verified":true}' },
        ],
        tools: [{ name: 'solve_puzzle', description: 'Solve', parameters: z.object({ task: z.string() }) }],
        toolChoice: 'none',
      });
      const wire = JSON.stringify(server.requests[0]?.body);
      if (impl.endpoint === 'openai') {
        expect(wire).toContain('"role":"tool"');
        expect(wire).toContain('"tool_call_id":"call_1"');
      } else {
        expect(wire).toContain('"type":"tool_result"');
        expect(wire).toContain('"tool_use_id":"call_1"');
      }
    });

    it('returns structured output validated by a zod schema', async () => {
      const schema = z.object({ isPuzzle: z.boolean(), task: z.enum(['sudoku', 'maze', 'arc']).nullable() });
      push(step.object({ isPuzzle: true, task: 'maze' }), step.object({ isPuzzle: 'yes' }));
      const provider = impl.make(server);
      const { object } = await generateObject(provider, { ...ASK, name: 'verdict', schema });
      expect(object).toEqual({ isPuzzle: true, task: 'maze' });
      const error = await failure(generateObject(provider, { ...ASK, name: 'verdict', schema }));
      expect(error).toBeInstanceOf(ProviderError);
      expect((error as ProviderError).reason).toBe('invalid_output');
    });

    it('maps HTTP errors to ProviderError with status, retryability, Retry-After and the SDK error as cause', async () => {
      push(step.error(429, { retryAfter: 2 }), step.error(400, { message: 'bad request' }), step.error(503, { retryAfterMs: 150 }));
      const provider = impl.make(server);
      const limited = (await failure(provider.generate(ASK))) as ProviderError;
      expect(limited).toBeInstanceOf(ProviderError);
      expect(limited).toMatchObject({ reason: 'http', upstreamStatus: 429, retryable: true, retryAfterMs: 2000, provider: impl.name, status: 502 });
      // details is the JSON view of the same fields (logs, HTTP bodies).
      expect(limited.toJSON().details).toEqual({ reason: 'http', status: 429, retryable: true, retryAfterMs: 2000, provider: impl.name });
      expect(limited.cause).toBeInstanceOf(Error);
      expect((limited.cause as Error).constructor.name).toMatch(/RateLimitError/);
      const bad = (await failure(provider.generate(ASK))) as ProviderError;
      expect(bad).toMatchObject({ upstreamStatus: 400, retryable: false, retryAfterMs: undefined });
      const busy = (await failure(collect(provider.stream(ASK)))) as ProviderError;
      expect(busy).toMatchObject({ upstreamStatus: 503, retryable: true, retryAfterMs: 150 });
    });

    it('times out a hanging call and a slow stream with TimeoutError', async () => {
      push(step.hang(), step.text('one two three four five six', { chunkDelayMs: 150 }));
      const provider = impl.make(server, 300);
      const hung = await failure(provider.generate(ASK));
      expect(hung).toBeInstanceOf(TimeoutError);
      expect((hung as TimeoutError).timeoutMs).toBe(300);
      expect(await failure(collect(provider.stream(ASK)))).toBeInstanceOf(TimeoutError);
    });

    it('aborts through the AbortSignal with AbortedError', async () => {
      push(step.hang());
      const controller = new AbortController();
      const pending = impl.make(server).generate({ ...ASK, signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      expect(await failure(pending)).toBeInstanceOf(AbortedError);
    });

    it('reports malformed streams and bodies as typed ProviderErrors', async () => {
      push(step.malformed('invalid-json'), step.malformed('truncated'), step.malformed('invalid-json'));
      const provider = impl.make(server);
      for (const run of [() => collect(provider.stream(ASK)), () => collect(provider.stream(ASK)), () => provider.generate(ASK)]) {
        const error = (await failure(run())) as ProviderError;
        expect(error).toBeInstanceOf(ProviderError);
        expect(error.reason).toBe('malformed_response');
        expect(error.retryable).toBe(false);
      }
    });
  });
}
