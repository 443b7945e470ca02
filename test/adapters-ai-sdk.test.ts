/**
 * The AI SDK adapter with `generateText` and `@ai-sdk/openai` pointed at the scripted server:
 * a tool round trip, and malformed arguments reaching the model as tool errors.
 */
import { join } from 'node:path';
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, stepCountIs } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { aiSdkTools, createTrmTools } from '../src/adapters/ai-sdk.js';
import type { ToolOutcome } from '../src/adapters/index.js';
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

type Body = {
  messages: { role: string; content: unknown; tool_call_id?: string }[];
  tools: { type: string; function: { name: string; parameters: unknown } }[];
};

describe('aiSdkTools with generateText', () => {
  it('completes a tool round trip through @ai-sdk/openai', async () => {
    server = await startScriptedLlmServer({
      openai: [step.toolCalls([{ id: 'call_1', name: 'solve_sudoku', arguments: { puzzle: CLASSIC } }]), step.text('The first row is 5 3 4 6 7 8 9 1 2.')],
    });
    const openai = createOpenAI({ baseURL: server.openaiBaseURL, apiKey: 'test' });
    const result = await generateText({
      model: openai.chat('gpt-test'),
      tools: aiSdkTools(toolkit),
      stopWhen: stepCountIs(4),
      prompt: `Solve ${CLASSIC}`,
    });
    expect(result.text).toBe('The first row is 5 3 4 6 7 8 9 1 2.');
    expect(result.steps).toHaveLength(2);
    const [toolResult] = result.steps[0]!.toolResults;
    expect(toolResult).toMatchObject({ toolName: 'solve_sudoku', toolCallId: 'call_1' });
    expect((toolResult!.output as ToolOutcome).isError).toBe(false);

    const [first, second] = server.requests.map((r) => r.body as Body);
    expect(first!.tools.map((t) => t.function.name)).toEqual(['solve_sudoku', 'solve_maze', 'solve_arc', 'solve_grid']);
    const toolMessage = second!.messages.find((m) => m.role === 'tool');
    expect(toolMessage).toMatchObject({ tool_call_id: 'call_1' });
    expect(String(toolMessage!.content)).toContain('5 3 4 | 6 7 8 | 9 1 2');
  });

  it('sends malformed arguments and failed solves back to the model as errors, without throwing', async () => {
    server = await startScriptedLlmServer({
      openai: [
        step.toolCalls([
          { id: 'call_bad', name: 'solve_sudoku', arguments: { puzzle: 42 } },
          { id: 'call_prose', name: 'solve_maze', arguments: { maze: 'the maze in the picture' } },
        ]),
        step.toolCalls([{ id: 'call_ok', name: 'solve_maze', arguments: { maze: MAZE } }]),
        step.text('Solved after fixing the call.'),
      ],
    });
    const openai = createOpenAI({ baseURL: server.openaiBaseURL, apiKey: 'test' });
    const result = await generateText({ model: openai.chat('gpt-test'), tools: aiSdkTools(toolkit), stopWhen: stepCountIs(5), prompt: 'solve' });
    expect(result.text).toBe('Solved after fixing the call.');
    const second = server.requests[1]!.body as Body;
    const replies = second.messages.filter((m) => m.role === 'tool');
    expect(replies.map((m) => m.tool_call_id)).toEqual(['call_bad', 'call_prose']);
    expect(String(replies[0]!.content)).toMatch(/puzzle/);
    expect(String(replies[1]!.content)).toMatch(/No maze found/);
    const third = server.requests[2]!.body as Body;
    expect(String(third.messages.filter((m) => m.role === 'tool').at(-1)!.content)).toContain('#Soooo#');
  });
});
