/**
 * The Anthropic adapter with the real `@anthropic-ai/sdk` against the scripted server:
 * multi-step loops, parallel `tool_use` blocks answered in one user turn with `is_error` on
 * failures, max steps, aborts, and the hand-driven `handleAnthropicToolUses`.
 */
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { AbortedError, ProviderError, TimeoutError } from '../src/core/index.js';
import { anthropicTools, createTrmTools, handleAnthropicToolUses, runAnthropicToolLoop } from '../src/adapters/anthropic.js';
import { startScriptedLlmServer, step } from '../src/testing/index.js';
import type { ScriptedLlmServer } from '../src/testing/index.js';
import { REPO_ROOT } from './support/paths.js';

const toolkit = createTrmTools({ modelDirs: [join(REPO_ROOT, 'test', 'fixtures', 'no-models-here')] });
const CLASSIC = '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79';
const MAZE = ['#######', '#S    #', '# ### #', '#   #G#', '#######'];

let server: ScriptedLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const clientFor = (s: ScriptedLlmServer) => new Anthropic({ apiKey: 'test', baseURL: s.anthropicBaseURL, maxRetries: 0 });
type Block = { type: string; tool_use_id?: string; content?: string; is_error?: boolean; id?: string };
type Body = {
  messages: { role: string; content: string | Block[] }[];
  tools: { name: string; input_schema: unknown; strict?: boolean }[];
  system?: string;
  max_tokens: number;
};

describe('runAnthropicToolLoop', () => {
  it('completes a multi-step call with parallel tool_use blocks, marking failures is_error', async () => {
    server = await startScriptedLlmServer({
      anthropic: [
        step.toolCalls(
          [
            { id: 'toolu_1', name: 'solve_sudoku', arguments: { puzzle: CLASSIC } },
            { id: 'toolu_2', name: 'solve_maze', arguments: { maze: Array(40).fill('#'.repeat(40)) } },
          ],
          { text: 'Let me solve both.' },
        ),
        step.toolCalls([{ id: 'toolu_3', name: 'solve_maze', arguments: { maze: MAZE } }]),
        step.text('The Sudoku and the maze are solved.'),
      ],
    });
    const result = await runAnthropicToolLoop({
      client: clientFor(server),
      model: 'claude-test',
      system: 'You have grid-puzzle solvers.',
      maxTokens: 512,
      messages: [{ role: 'user', content: 'Solve the sudoku and the maze' }],
      toolkit,
    });
    expect(result).toMatchObject({ text: 'The Sudoku and the maze are solved.', finishReason: 'stop' });
    expect(result.steps.map((s) => s.toolResults.map((r) => r.outcome.isError))).toEqual([[false, true], [false], []]);

    const bodies = server.requests.map((r) => r.body as Body);
    expect(bodies[0]).toMatchObject({ system: 'You have grid-puzzle solvers.', max_tokens: 512 });
    expect(bodies[0]!.tools.map((t) => t.name)).toEqual(['solve_sudoku', 'solve_maze', 'solve_arc', 'solve_grid']);
    expect(bodies[0]!.tools[0]!.input_schema).toMatchObject({ type: 'object', required: ['puzzle'] });
    const [assistant, user] = bodies[1]!.messages.slice(-2);
    expect(assistant).toMatchObject({ role: 'assistant' });
    expect((assistant!.content as Block[]).map((b) => b.type)).toEqual(['text', 'tool_use', 'tool_use']);
    expect(user!.role).toBe('user');
    const results = user!.content as Block[];
    expect(results.map((b) => [b.type, b.tool_use_id, b.is_error])).toEqual([
      ['tool_result', 'toolu_1', false],
      ['tool_result', 'toolu_2', true],
    ]);
    expect(results[0]!.content).toContain('5 3 4 | 6 7 8 | 9 1 2');
    expect(results[1]!.content).toMatch(/at most 30 rows/);
    expect((bodies[2]!.messages.at(-1)!.content as Block[])[0]!.content).toContain('#Soooo#');
    expect(result.usage.inputTokens).toBe(30);
  });

  it('asks for one tool at a time when parallel calls are off, and stops at maxSteps', async () => {
    server = await startScriptedLlmServer({ anthropic: [step.toolCalls([{ name: 'solve_maze', arguments: { maze: MAZE } }])] });
    const result = await runAnthropicToolLoop({
      client: clientFor(server),
      model: 'claude-test',
      messages: [{ role: 'user', content: 'maze' }],
      toolkit,
      maxSteps: 1,
      parallelToolCalls: false,
      strict: true,
    });
    expect(result.finishReason).toBe('max_steps');
    expect(result.messages.at(-1)).toMatchObject({ role: 'user', content: [{ type: 'tool_result' }] });
    const body = server.requests[0]!.body as Body & { tool_choice: unknown };
    expect(body.tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(body.tools.every((t) => t.strict === true)).toBe(true);
  });

  it('aborts a call in flight', async () => {
    server = await startScriptedLlmServer({ anthropic: [step.hang()] });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(
      runAnthropicToolLoop({ client: clientFor(server), model: 'm', messages: [{ role: 'user', content: 'x' }], toolkit, signal: controller.signal }),
    ).rejects.toBeInstanceOf(AbortedError);
  });

  it('maps SDK errors as the providers do: status and Retry-After, the client timeout as TimeoutError', async () => {
    server = await startScriptedLlmServer({ anthropic: [step.error(529, { errorType: 'overloaded_error', retryAfterMs: 250 }), step.hang()] });
    const ask = { model: 'm', messages: [{ role: 'user' as const, content: 'x' }], toolkit };
    const busy = await runAnthropicToolLoop({ client: clientFor(server), ...ask }).catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(ProviderError);
    expect(busy).toMatchObject({ provider: 'anthropic', reason: 'http', upstreamStatus: 529, retryable: true, retryAfterMs: 250 });
    const client = new Anthropic({ apiKey: 'test', baseURL: server.anthropicBaseURL, maxRetries: 0, timeout: 150 });
    const slow = await runAnthropicToolLoop({ client, ...ask }).catch((e: unknown) => e);
    expect(slow).toBeInstanceOf(TimeoutError);
    expect((slow as TimeoutError).timeoutMs).toBe(150);
  });
});

describe('handleAnthropicToolUses', () => {
  it('answers tool_use blocks for a hand-written loop', async () => {
    server = await startScriptedLlmServer({ anthropic: [step.toolCalls([{ id: 'toolu_x', name: 'solve_grid', arguments: { input: 'hello' } }])] });
    const client = clientFor(server);
    const message = await client.messages.create({ model: 'm', max_tokens: 100, tools: anthropicTools(toolkit), messages: [{ role: 'user', content: 'x' }] });
    const results = await handleAnthropicToolUses(message.content, toolkit);
    expect(results).toEqual([
      { type: 'tool_result', tool_use_id: 'toolu_x', is_error: true, content: expect.stringMatching(/No puzzle recognised/) as string },
    ]);
  });
});
