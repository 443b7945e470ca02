/**
 * `runToolLoop` on the `LlmProvider` interface: the OpenAI and Anthropic providers (real SDKs
 * against the scripted server) complete multi-step tool calls; max steps, aborts and the
 * step callback behave the same whatever the provider.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTrmTools, runToolLoop } from '../src/adapters/index.js';
import { AbortedError } from '../src/core/index.js';
import { createAnthropicProvider, createOpenAiProvider } from '../src/llm/index.js';
import type { LlmProvider } from '../src/llm/index.js';
import { createMockLlmProvider, startScriptedLlmServer, step } from '../src/testing/index.js';
import type { ScriptEndpoint, ScriptedLlmServer } from '../src/testing/index.js';
import { REPO_ROOT } from './support/paths.js';

const toolkit = createTrmTools({ modelDirs: [join(REPO_ROOT, 'test', 'fixtures', 'no-models-here')] });
const CLASSIC = '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79';
const MAZE = ['#######', '#S    #', '# ### #', '#   #G#', '#######'];

let server: ScriptedLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const providers: [ScriptEndpoint, (s: ScriptedLlmServer) => LlmProvider][] = [
  ['openai', (s) => createOpenAiProvider({ baseURL: s.openaiBaseURL, apiKey: 'test', model: 'gpt-test' })],
  ['anthropic', (s) => createAnthropicProvider({ baseURL: s.anthropicBaseURL, apiKey: 'test', model: 'claude-test' })],
];

describe.each(providers)('runToolLoop with the %s provider', (endpoint, make) => {
  it('completes a multi-step call with parallel tool calls, a malformed one answered as an error', async () => {
    server = await startScriptedLlmServer({
      [endpoint]: [
        step.toolCalls([
          { name: 'solve_sudoku', arguments: { puzzle: CLASSIC } },
          { name: 'solve_maze', arguments: { maze: [1, 2] } },
        ]),
        step.toolCalls([{ name: 'solve_maze', arguments: { maze: MAZE } }]),
        step.text('Done.'),
      ],
    });
    const seen: number[] = [];
    const result = await runToolLoop({
      provider: make(server),
      messages: [{ role: 'user', content: 'Solve them' }],
      toolkit,
      onStep: (s) => seen.push(s.toolResults.length),
    });
    expect(result).toMatchObject({ text: 'Done.', finishReason: 'stop' });
    expect(seen).toEqual([2, 1, 0]);
    expect(result.steps[0]!.toolResults.map((r) => r.outcome.isError)).toEqual([false, true]);
    expect(result.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'tool', 'assistant', 'tool', 'assistant']);
    expect(result.usage.inputTokens).toBe(30);
    const last = JSON.stringify(server.requests[2]!.body);
    expect(last).toContain('#Soooo#');
    expect(last).toContain('invalid_arguments');
  });
});

describe('runToolLoop', () => {
  it('stops at maxSteps and aborts between steps', async () => {
    const call = { toolCalls: [{ id: 't1', name: 'solve_maze', arguments: { maze: MAZE } }], finishReason: 'tool_calls' as const };
    const provider = createMockLlmProvider({ replies: [call, call] });
    const result = await runToolLoop({ provider, messages: [{ role: 'user', content: 'x' }], toolkit, maxSteps: 1 });
    expect(result.finishReason).toBe('max_steps');
    expect(result.messages.at(-1)).toMatchObject({ role: 'tool', toolCallId: 't1' });
    expect(provider.calls[0]!.tools?.map((t) => t.name)).toEqual(['solve_sudoku', 'solve_maze', 'solve_arc', 'solve_grid']);

    const controller = new AbortController();
    const aborting = runToolLoop({
      provider,
      messages: [{ role: 'user', content: 'x' }],
      toolkit,
      signal: controller.signal,
      onStep: () => controller.abort(),
    });
    await expect(aborting).rejects.toBeInstanceOf(AbortedError);
    await expect(runToolLoop({ provider, messages: [], toolkit, maxSteps: 0 })).rejects.toThrow(/maxSteps/);
  });
});
