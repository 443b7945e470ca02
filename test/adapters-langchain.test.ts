/**
 * The LangChain adapter: `tool()`s bound to `ChatOpenAI` pointed at the scripted server, a
 * hand-written agent loop with `runLangChainToolCalls`, and malformed calls answered as error
 * `ToolMessage`s.
 */
import { join } from 'node:path';
import { AIMessage, HumanMessage, ToolMessage } from '@langchain/core/messages';
import type { BaseMessage } from '@langchain/core/messages';
import { ToolInputParsingException } from '@langchain/core/tools';
import { ChatOpenAI } from '@langchain/openai';
import { afterEach, describe, expect, it } from 'vitest';
import { createTrmTools, langchainTools, runLangChainToolCalls } from '../src/adapters/langchain.js';
import type { ToolOutcome } from '../src/adapters/index.js';
import { startScriptedLlmServer, step } from '../src/testing/index.js';
import type { ScriptedLlmServer } from '../src/testing/index.js';
import { REPO_ROOT } from './support/paths.js';

const toolkit = createTrmTools({ modelDirs: [join(REPO_ROOT, 'test', 'fixtures', 'no-models-here')] });
const MAZE = ['#######', '#S    #', '# ### #', '#   #G#', '#######'];

let server: ScriptedLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('langchainTools', () => {
  it('runs as LangChain tools: the text when invoked directly, a ToolMessage for a tool call', async () => {
    const [, maze] = langchainTools(toolkit);
    expect(maze!.name).toBe('solve_maze');
    expect(String(await maze!.invoke({ maze: MAZE }))).toContain('#Soooo#');
    const message = (await maze!.invoke({ type: 'tool_call', id: 'c1', name: 'solve_maze', args: { maze: 'no maze' } })) as unknown;
    expect(message).toBeInstanceOf(ToolMessage);
    expect(message).toMatchObject({ tool_call_id: 'c1', status: 'error' });
    expect(((message as ToolMessage).artifact as ToolOutcome).isError).toBe(true);
    await expect(maze!.invoke({ maze: 7 } as unknown as { maze: string })).rejects.toBeInstanceOf(ToolInputParsingException);
  });

  it('drives a ChatOpenAI agent loop against the scripted server, malformed calls included', async () => {
    server = await startScriptedLlmServer({
      openai: [
        step.toolCalls([
          { id: 'call_1', name: 'solve_maze', arguments: { maze: 7 } },
          { id: 'call_2', name: 'solve_sudoku', arguments: { puzzle: '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79' } },
        ]),
        step.toolCalls([{ id: 'call_3', name: 'solve_maze', arguments: { maze: MAZE } }]),
        step.text('All done.'),
      ],
    });
    const tools = langchainTools(toolkit);
    const model = new ChatOpenAI({ model: 'gpt-test', apiKey: 'test', configuration: { baseURL: server.openaiBaseURL }, maxRetries: 0 }).bindTools(tools);
    const messages: BaseMessage[] = [new HumanMessage('Solve the maze and the sudoku')];
    for (let i = 0; i < 4; i++) {
      const reply = await model.invoke(messages);
      messages.push(reply);
      if (!(reply instanceof AIMessage) || (reply.tool_calls ?? []).length === 0) break;
      messages.push(...(await runLangChainToolCalls(tools, reply.tool_calls ?? [])));
    }
    expect(messages.at(-1)!.content).toBe('All done.');
    const toolMessages = messages.filter((m): m is ToolMessage => m instanceof ToolMessage);
    expect(toolMessages.map((m) => [m.tool_call_id, m.status])).toEqual([
      ['call_1', 'error'],
      ['call_2', 'success'],
      ['call_3', 'success'],
    ]);
    expect(toolMessages[0]!.text).toMatch(/maze must be the maze as text/);
    const sent = server.requests[1]!.body as { tools: { function: { name: string } }[]; messages: { role: string; content: string }[] };
    expect(sent.tools.map((t) => t.function.name)).toContain('solve_arc');
    expect(sent.messages.filter((m) => m.role === 'tool').map((m) => m.content.slice(0, 40))).toEqual([
      expect.stringMatching(/^Error \(invalid_arguments\)/),
      expect.stringMatching(/^Sudoku solved and verified/),
    ]);
  });
});
