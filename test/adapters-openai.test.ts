/**
 * The OpenAI adapter with the real `openai` SDK against the scripted server: multi-step loops
 * over chat completions and the Responses API, parallel calls, malformed arguments answered as
 * errors, max steps, aborts and HTTP errors.
 */
import { join } from 'node:path';
import OpenAI from 'openai';
import type { ChatCompletionMessageToolCall } from 'openai/resources/chat/completions';
import { afterEach, describe, expect, it } from 'vitest';
import { AbortedError, ProviderError, TimeoutError } from '../src/core/index.js';
import { createTrmTools, handleOpenAIToolCalls, runOpenAIResponsesToolLoop, runOpenAIToolLoop } from '../src/adapters/openai.js';
import { startScriptedLlmServer, step } from '../src/testing/index.js';
import type { ScriptedLlmServer } from '../src/testing/index.js';
import { REPO_ROOT } from './support/paths.js';
import { startScriptedResponsesServer } from './support/scripted-responses-server.js';
import type { ScriptedResponsesServer } from './support/scripted-responses-server.js';

const toolkit = createTrmTools({ modelDirs: [join(REPO_ROOT, 'test', 'fixtures', 'no-models-here')] });
const CLASSIC = '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79';
const MAZE = ['#######', '#S    #', '# ### #', '#   #G#', '#######'];

let server: ScriptedLlmServer | undefined;
let responses: ScriptedResponsesServer | undefined;
afterEach(async () => {
  await server?.close();
  await responses?.close();
  server = undefined;
  responses = undefined;
});

const clientFor = (baseURL: string) => new OpenAI({ apiKey: 'test', baseURL, maxRetries: 0 });
type Body = {
  messages: { role: string; content: string | null; tool_call_id?: string; tool_calls?: unknown[] }[];
  tools: unknown[];
  parallel_tool_calls: boolean;
};

describe('runOpenAIToolLoop (chat completions)', () => {
  it('completes a multi-step call: a Sudoku, then a maze and a malformed call in parallel, then the answer', async () => {
    server = await startScriptedLlmServer({
      openai: [
        step.toolCalls([{ id: 'call_a', name: 'solve_sudoku', arguments: { puzzle: CLASSIC } }]),
        step.toolCalls([
          { id: 'call_b', name: 'solve_maze', arguments: { maze: MAZE } },
          { id: 'call_c', name: 'solve_sudoku', arguments: { puzzle: 42 } },
        ]),
        step.text('Both are solved.'),
      ],
    });
    const result = await runOpenAIToolLoop({
      client: clientFor(server.openaiBaseURL),
      model: 'gpt-test',
      messages: [{ role: 'user', content: `Solve ${CLASSIC} and the maze ${MAZE.join('/')}` }],
      toolkit,
    });
    expect(result).toMatchObject({ text: 'Both are solved.', finishReason: 'stop' });
    expect(result.steps).toHaveLength(3);
    expect(result.steps[1]!.toolResults.map((r) => [r.call.name, r.outcome.isError])).toEqual([
      ['solve_maze', false],
      ['solve_sudoku', true],
    ]);
    expect(result.usage.inputTokens).toBe(30);

    const bodies = server.requests.map((r) => r.body as Body);
    expect(bodies[0]!.tools).toHaveLength(4);
    expect(bodies[0]!.tools[0]).toMatchObject({ type: 'function', function: { name: 'solve_sudoku', strict: true } });
    expect(bodies[0]!.parallel_tool_calls).toBe(true);
    const second = bodies[1]!.messages;
    expect(second.at(-2)).toMatchObject({ role: 'assistant', tool_calls: [{ id: 'call_a' }] });
    expect(second.at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'call_a' });
    expect(second.at(-1)!.content).toContain('5 3 4 | 6 7 8 | 9 1 2');
    const third = bodies[2]!.messages.slice(-2);
    expect(third.map((m) => m.tool_call_id)).toEqual(['call_b', 'call_c']);
    expect(third[0]!.content).toContain('#Soooo#');
    expect(third[1]!.content).toMatch(/^Error \(invalid_arguments\) from solve_sudoku/);
    expect(result.messages).toHaveLength(1 + 2 + 3 + 1);
  });

  it('stops at maxSteps with every tool call answered, so the transcript can continue', async () => {
    server = await startScriptedLlmServer({
      openai: [step.toolCalls([{ name: 'solve_maze', arguments: { maze: MAZE } }]), step.toolCalls([{ name: 'solve_maze', arguments: { maze: MAZE } }])],
    });
    const result = await runOpenAIToolLoop({
      client: clientFor(server.openaiBaseURL),
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'maze' }],
      toolkit,
      maxSteps: 2,
      parallelToolCalls: false,
    });
    expect(result.finishReason).toBe('max_steps');
    expect(result.messages.at(-1)).toMatchObject({ role: 'tool' });
    expect((server.requests[0]!.body as Body).parallel_tool_calls).toBe(false);
  });

  it('aborts a call in flight with AbortedError, and maps HTTP errors to ProviderError', async () => {
    server = await startScriptedLlmServer({ openai: [step.hang(), step.error(400, { message: 'bad request' })] });
    const controller = new AbortController();
    const pending = runOpenAIToolLoop({
      client: clientFor(server.openaiBaseURL),
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
      toolkit,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
    const failed = runOpenAIToolLoop({ client: clientFor(server.openaiBaseURL), model: 'm', messages: [{ role: 'user', content: 'x' }], toolkit });
    await expect(failed).rejects.toBeInstanceOf(ProviderError);
    await expect(failed).rejects.toMatchObject({ provider: 'openai', reason: 'http', upstreamStatus: 400, retryable: false });
  });

  it('maps SDK errors as the providers do: Retry-After on a 429, the client timeout as TimeoutError', async () => {
    server = await startScriptedLlmServer({ openai: [step.error(429, { retryAfter: 2 }), step.hang()] });
    const ask = { model: 'm', messages: [{ role: 'user' as const, content: 'x' }], toolkit };
    const limited = await runOpenAIToolLoop({ client: clientFor(server.openaiBaseURL), ...ask }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(ProviderError);
    expect(limited).toMatchObject({ provider: 'openai', reason: 'http', upstreamStatus: 429, retryable: true, retryAfterMs: 2000 });
    const client = new OpenAI({ apiKey: 'test', baseURL: server.openaiBaseURL, maxRetries: 0, timeout: 150 });
    const slow = await runOpenAIToolLoop({ client, ...ask }).catch((e: unknown) => e);
    expect(slow).toBeInstanceOf(TimeoutError);
    expect((slow as TimeoutError).timeoutMs).toBe(150);
  });
});

describe('handleOpenAIToolCalls', () => {
  it('answers arguments that are not JSON, and custom tool calls, with errors', async () => {
    const calls: ChatCompletionMessageToolCall[] = [
      { id: 'c1', type: 'function', function: { name: 'solve_sudoku', arguments: '{"puzzle": "53..7' } },
      { id: 'c2', type: 'custom', custom: { name: 'solve_chess', input: 'e4' } },
    ];
    const messages = await handleOpenAIToolCalls(calls, toolkit);
    expect(messages.map((m) => m.tool_call_id)).toEqual(['c1', 'c2']);
    expect(messages[0]!.content).toMatch(/not valid JSON/);
    expect(messages[1]!.content).toMatch(/unknown_tool/);
  });
});

describe('runOpenAIResponsesToolLoop (Responses API)', () => {
  it('completes a multi-step call, sending function_call_output items back', async () => {
    responses = await startScriptedResponsesServer([
      step.toolCalls([
        { id: 'call_1', name: 'solve_grid', arguments: { input: CLASSIC, task: null } },
        { id: 'call_2', name: 'solve_maze', arguments: { maze: 'no maze here' } },
      ]),
      step.toolCalls([{ id: 'call_3', name: 'solve_maze', arguments: { maze: MAZE } }]),
      step.text('Done: both solved.'),
    ]);
    const result = await runOpenAIResponsesToolLoop({
      client: clientFor(responses.baseURL),
      model: 'gpt-test',
      input: 'Solve these',
      instructions: 'Use the tools.',
      toolkit,
    });
    expect(result).toMatchObject({ text: 'Done: both solved.', finishReason: 'stop' });
    expect(result.steps.map((s) => s.toolResults.length)).toEqual([2, 1, 0]);
    const first = responses.requests[0]!;
    expect(first.tools).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'function', name: 'solve_maze', strict: true })]));
    expect(first.instructions).toBe('Use the tools.');
    const input = responses.requests[1]!.input as { type?: string; call_id?: string; output?: string }[];
    expect(input.filter((i) => i.type === 'function_call').map((i) => i.call_id)).toEqual(['call_1', 'call_2']);
    const outputs = input.filter((i) => i.type === 'function_call_output');
    expect(outputs.map((i) => i.call_id)).toEqual(['call_1', 'call_2']);
    expect(outputs[0]!.output).toContain('Sudoku solved and verified');
    expect(outputs[1]!.output).toMatch(/No maze found/);
    expect(result.usage).toEqual({ inputTokens: 30, outputTokens: 15 });
  });
});
