/**
 * End to end through the real SDKs (openai, @anthropic-ai/sdk) against the scripted LLM server:
 * the router's merged answer, retries and fallback on 500s and timeouts, typed stream errors.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { AbortedError, ProviderError } from '../src/core/errors.js';
import { createAnthropicProvider, createLlmFromConfig, createOpenAiProvider, withRetry } from '../src/llm/index.js';
import type { LlmProvider, LlmStreamEvent } from '../src/llm/index.js';
import { createLocalSolvers, createRouter } from '../src/router/index.js';
import { sudoku } from '../src/tasks/sudoku/index.js';
import { startScriptedLlmServer, step } from '../src/testing/index.js';
import type { ScriptedLlmServer } from '../src/testing/index.js';

const SUDOKU = '4...3.......6..8..........1....5..9..8....6...7.2........1.27..5.3....4.9........';
const SOLVED = sudoku.formatSolution(sudoku.exact!.solve(sudoku.parse(SUDOKU)).solution, sudoku.parse(SUDOKU));
const REQUEST = `Here is a hard sudoku:\n${SUDOKU}\nSolve it, and tell me why puzzles like this are hard for people.`;
const LLM_TEXT = 'It needs long chains of deductions; the solved grid above is verified.';
const solvers = createLocalSolvers({ modelDirs: ['/nonexistent/models'] });

let server: ScriptedLlmServer;
beforeEach(async () => {
  server = await startScriptedLlmServer();
});
afterEach(async () => {
  await server.close();
});

function configFor(s: ScriptedLlmServer, env: Record<string, string> = {}) {
  return loadConfig({
    OPENAI_BASE_URL: s.openaiBaseURL,
    OPENAI_API_KEY: 'sk-test',
    OPENAI_MODEL: 'gpt-test',
    ANTHROPIC_BASE_URL: s.anthropicBaseURL,
    ANTHROPIC_API_KEY: 'sk-ant-test',
    ANTHROPIC_MODEL: 'claude-test',
    TRM_ROUTER_LLM_MAX_RETRIES: '2',
    ...env,
  });
}

const fast = { retry: { initialDelayMs: 5, maxDelayMs: 20 } };

/** The solve_puzzle tool result as sent on the wire (OpenAI `role: tool`, Anthropic `tool_result`). */
function toolResultOf(body: { messages: { role: string; content: unknown }[] }, endpoint: 'openai' | 'anthropic'): unknown {
  if (endpoint === 'openai') return JSON.parse(body.messages.find((m) => m.role === 'tool')?.content as string);
  const blocks = body.messages.flatMap((m) => (Array.isArray(m.content) ? (m.content as { type: string; content?: string }[]) : []));
  return JSON.parse(blocks.find((b) => b.type === 'tool_result')?.content ?? 'null');
}

describe('a mixed request through the real SDKs', () => {
  const providers: [string, (s: ScriptedLlmServer) => LlmProvider, 'openai' | 'anthropic'][] = [
    ['openai', (s) => createOpenAiProvider({ baseURL: s.openaiBaseURL, apiKey: 'sk-test', model: 'gpt-test' }), 'openai'],
    ['anthropic', (s) => createAnthropicProvider({ baseURL: s.anthropicBaseURL, apiKey: 'sk-ant-test', model: 'claude-test' }), 'anthropic'],
  ];
  for (const [name, make, endpoint] of providers) {
    it(`${name}: returns the verified grid verbatim and the LLM's text, with provenance and usage`, async () => {
      server.push(endpoint, step.text(LLM_TEXT, { usage: { inputTokens: 321, outputTokens: 17 } }));
      const answer = await createRouter({ llm: make(server), solvers }).answer(REQUEST);
      expect(answer.text).toContain(SOLVED);
      expect(answer.text).toContain(LLM_TEXT);
      const grid = answer.parts.find((p) => p.kind === 'grid');
      expect(grid).toMatchObject({ task: 'sudoku', verified: true, rendered: SOLVED, provenance: { kind: 'exact', verified: true } });
      const text = answer.parts.find((p) => p.kind === 'text');
      expect(text).toMatchObject({ text: LLM_TEXT, provenance: { kind: 'llm', solver: name } });
      expect(answer.usage).toEqual({ llmCalls: 1, inputTokens: 321, outputTokens: 17, trmSteps: 0 });
      // On the wire: the puzzle replaced by a placeholder, the solution as a tool result.
      const body = server.requests[0]?.body as { messages: { role: string; content: unknown }[] };
      expect(JSON.stringify(body)).not.toContain(SUDOKU);
      expect(JSON.stringify(body)).toContain('solve_puzzle');
      expect(toolResultOf(body, endpoint)).toMatchObject({ puzzle: 1, task: 'sudoku', status: 'solved', verified: true, solution: SOLVED });
    });
  }
});

describe('retries and fallback through the real SDKs', () => {
  it('retries provider 500s, then falls back to the next provider', async () => {
    server.push('openai', step.error(500), step.error(502), step.error(503, { retryAfterMs: 10 }));
    server.push('anthropic', step.text(LLM_TEXT));
    const retries: number[] = [];
    const llm = createLlmFromConfig(configFor(server), { retry: { ...fast.retry, onRetry: ({ delayMs }) => void retries.push(delayMs) } });
    const answer = await createRouter({ llm: llm!, solvers }).answer(REQUEST);
    expect(server.requests.map((r) => r.endpoint)).toEqual(['openai', 'openai', 'openai', 'anthropic']);
    expect(retries).toHaveLength(2);
    const text = answer.parts.find((p) => p.kind === 'text');
    expect(text).toMatchObject({ text: LLM_TEXT, provenance: { solver: 'anthropic', model: 'claude-test' } });
    expect(text?.provenance.fallbackFrom).toEqual(['openai-compatible (provider 500)', 'openai-compatible (provider 502)', 'openai-compatible (provider 503)']);
    expect(answer.text).toContain(SOLVED);
  });

  it('retries timeouts, then falls back', async () => {
    server.push('openai', step.hang(), step.text('too late', { delayMs: 2_000 }));
    server.push('anthropic', step.text(LLM_TEXT));
    const llm = createLlmFromConfig(configFor(server, { TRM_ROUTER_LLM_TIMEOUT_MS: '250', TRM_ROUTER_LLM_MAX_RETRIES: '1' }), fast);
    const answer = await createRouter({ llm: llm!, solvers }).answer(REQUEST);
    const text = answer.parts.find((p) => p.kind === 'text');
    expect(text?.provenance.solver).toBe('anthropic');
    expect(text?.provenance.fallbackFrom).toEqual(['openai-compatible (timeout)', 'openai-compatible (timeout)']);
  });

  it('honours Retry-After on 429 and succeeds on the same provider', async () => {
    server.push('openai', step.error(429, { retryAfter: '0.05' }), step.text(LLM_TEXT));
    const waits: number[] = [];
    const llm = createLlmFromConfig(configFor(server), { retry: { onRetry: ({ delayMs }) => void waits.push(delayMs) } });
    const reply = await llm!.generate({ messages: [{ role: 'user', content: 'hi' }] });
    expect(reply.text).toBe(LLM_TEXT);
    expect(waits).toEqual([50]);
    expect(reply.attempts?.[0]).toMatchObject({ status: 429, code: 'provider' });
  });

  it('ends the request with AbortedError when the caller aborts during a retry backoff (no llm_failed note)', async () => {
    server.push('openai', step.error(500), step.text(LLM_TEXT));
    const controller = new AbortController();
    const provider = createOpenAiProvider({ baseURL: server.openaiBaseURL, apiKey: 'sk-test', model: 'gpt-test' });
    const llm = withRetry(provider, { initialDelayMs: 10_000, jitter: 0, onRetry: () => void setTimeout(() => controller.abort(), 20) });
    const outcome = await createRouter({ llm, solvers })
      .answer(REQUEST, { signal: controller.signal })
      .catch((e: unknown) => e);
    // Before the fix the abort surfaced as a DOMException, which the router turned into an llm_failed note.
    expect(outcome, JSON.stringify((outcome as { notes?: unknown }).notes)).toBeInstanceOf(AbortedError);
    expect((outcome as AbortedError).code).toBe('aborted');
    expect(server.requests).toHaveLength(1);
  });

  it('answers the grid parts even when every provider fails', async () => {
    server.push('openai', step.error(500), step.error(500), step.error(500));
    server.push('anthropic', step.error(529, { errorType: 'overloaded_error' }), step.error(529), step.error(529));
    const llm = createLlmFromConfig(configFor(server), fast);
    const answer = await createRouter({ llm: llm!, solvers }).answer(REQUEST);
    expect(answer.parts.find((p) => p.kind === 'grid')).toMatchObject({ verified: true, rendered: SOLVED });
    expect(answer.notes.find((n) => n.code === 'llm_failed')?.message).toMatch(/every LLM provider failed/i);
  });
});

describe('malformed streams through the real SDKs', () => {
  async function drain(stream: AsyncIterable<LlmStreamEvent>): Promise<string> {
    let text = '';
    for await (const e of stream) if (e.type === 'text-delta') text += e.text;
    return text;
  }

  it('gives a typed ProviderError (not a raw SyntaxError) for a broken SSE chunk, OpenAI and Anthropic', async () => {
    server.push('openai', step.malformed('invalid-json'));
    server.push('anthropic', step.malformed('invalid-json'));
    const onlyOpenAi: Record<string, string> = { ANTHROPIC_API_KEY: '', ANTHROPIC_BASE_URL: '' };
    const onlyAnthropic: Record<string, string> = { OPENAI_API_KEY: '', OPENAI_BASE_URL: '' };
    for (const env of [onlyOpenAi, onlyAnthropic]) {
      const llm = createLlmFromConfig(configFor(server, env), fast)!;
      const error = await drain(llm.stream({ messages: [{ role: 'user', content: 'hi' }] })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ reason: 'malformed_response', retryable: false });
      expect((error as ProviderError).cause).toBeInstanceOf(SyntaxError);
    }
  });

  it('falls back to the next provider when a stream is malformed before its first event', async () => {
    server.push('openai', step.malformed('truncated', { text: '' }));
    server.push('anthropic', step.text('streamed answer'));
    const llm = createLlmFromConfig(configFor(server), fast)!;
    expect(await drain(llm.stream({ messages: [{ role: 'user', content: 'hi' }] }))).toBe('streamed answer');
  });
});
