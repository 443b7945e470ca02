/**
 * The gateway with real clients over real HTTP (127.0.0.1, any free port): the `openai` and
 * `@anthropic-ai/sdk` clients with `baseURL` at the gateway complete non-streaming and streaming
 * chats containing a Sudoku and get the verified solution back, with no upstream LLM and with
 * a scripted upstream; the MCP SDK client lists and calls the solver tools over /mcp.
 */
import Anthropic from '@anthropic-ai/sdk';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../src/gateway/index.js';
import { sudoku } from '../src/tasks/sudoku/index.js';
import { startScriptedLlmServer, step } from '../src/testing/index.js';
import type { ScriptedLlmServer } from '../src/testing/index.js';
import { SUDOKU, SUDOKU_SOLUTION, startTestGateway } from './support/gateway.js';

const KEY = 'gateway-test-key';
const ASK = `Please solve this sudoku:\n${SUDOKU}`;
/** The verified solution exactly as the gateway renders it (the codec's pretty format). */
const RENDERED = sudoku.formatSolution(sudoku.parse(SUDOKU_SOLUTION), sudoku.parse(SUDOKU));

function expectVerifiedSolution(text: string): void {
  expect(text).toContain(RENDERED);
  expect(text).toMatch(/Sudoku, verified/);
}

function clients(url: string): { openai: OpenAI; anthropic: Anthropic } {
  return {
    openai: new OpenAI({ baseURL: `${url}/v1`, apiKey: KEY, maxRetries: 0, organization: null, project: null }),
    anthropic: new Anthropic({ baseURL: url, apiKey: KEY, authToken: null, maxRetries: 0 }),
  };
}

describe('real SDK clients against a gateway with no upstream LLM', () => {
  let gateway: RunningGateway;
  let openai: OpenAI;
  let anthropic: Anthropic;
  beforeAll(async () => {
    gateway = await startTestGateway({ apiKeys: [KEY] });
    ({ openai, anthropic } = clients(gateway.url));
  });
  afterAll(() => gateway.close());

  it('openai: non-streaming chat', async () => {
    const completion = await openai.chat.completions.create({ model: 'trm-router', messages: [{ role: 'user', content: ASK }] });
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expectVerifiedSolution(completion.choices[0]!.message.content ?? '');
  });

  it('openai: streaming chat', async () => {
    const stream = await openai.chat.completions.create({
      model: 'trm-router',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: ASK }],
    });
    let text = '';
    let finish: string | null = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(finish).toBe('stop');
    expectVerifiedSolution(text);
  });

  it('anthropic: non-streaming message', async () => {
    const message = await anthropic.messages.create({ model: 'trm-router', max_tokens: 1024, messages: [{ role: 'user', content: ASK }] });
    expect(message.stop_reason).toBe('end_turn');
    expectVerifiedSolution(message.content.map((b) => (b.type === 'text' ? b.text : '')).join(''));
  });

  it('anthropic: streaming message', async () => {
    const stream = anthropic.messages.stream({ model: 'trm-router', max_tokens: 1024, messages: [{ role: 'user', content: ASK }] });
    let text = '';
    stream.on('text', (delta) => (text += delta));
    const final = await stream.finalMessage();
    expect(final.stop_reason).toBe('end_turn');
    expectVerifiedSolution(text);
  });

  it('a client with a wrong key gets the SDK authentication error', async () => {
    const wrong = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'wrong', maxRetries: 0, organization: null, project: null });
    await expect(wrong.chat.completions.create({ model: 'trm-router', messages: [{ role: 'user', content: ASK }] })).rejects.toBeInstanceOf(
      OpenAI.AuthenticationError,
    );
    const models = await openai.models.list();
    expect(models.data.map((m) => m.id)).toContain('trm-router');
  });

  it('the MCP client lists and calls the solver tools over /mcp', async () => {
    const client = new Client({ name: 'gateway-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${gateway.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${KEY}` } } }));
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['solve_sudoku', 'solve_maze', 'solve_arc', 'solve_grid']));
      const result = (await client.callTool({ name: 'solve_sudoku', arguments: { puzzle: SUDOKU } })) as CallToolResult;
      expect(result.isError).toBeFalsy();
      const structured = result.structuredContent as { verified: boolean; solution: { cells: number[] } };
      expect(structured.verified).toBe(true);
      expect(structured.solution.cells.join('')).toBe(SUDOKU_SOLUTION);
      const bad = (await client.callTool({ name: 'solve_sudoku', arguments: { puzzle: '123' } })) as CallToolResult;
      expect(bad.isError).toBe(true);
    } finally {
      await client.close();
    }
  });
});

describe('real SDK clients against a gateway with scripted upstream LLMs', () => {
  let llm: ScriptedLlmServer;
  let gateway: RunningGateway;
  let openai: OpenAI;
  let anthropic: Anthropic;
  beforeAll(async () => {
    llm = await startScriptedLlmServer();
    gateway = await startTestGateway({
      apiKeys: [KEY],
      upstream: {
        openai: {
          client: new OpenAI({ baseURL: llm.openaiBaseURL, apiKey: 'upstream', maxRetries: 0, organization: null, project: null }),
          model: 'gpt-upstream',
        },
        anthropic: { client: new Anthropic({ baseURL: llm.anthropicBaseURL, apiKey: 'upstream', authToken: null, maxRetries: 0 }), model: 'claude-upstream' },
      },
    });
    ({ openai, anthropic } = clients(gateway.url));
  });
  afterAll(async () => {
    await gateway.close();
    await llm.close();
  });

  /** The tool result the upstream got for the puzzle says it verified. */
  function expectToolResultUpstream(): void {
    const sent = JSON.stringify(llm.requests.at(-1)!.body);
    expect(sent).toContain('solve_grid');
    expect(sent).toMatch(/verified/);
  }

  it('openai: non-streaming and streaming', async () => {
    llm.push('openai', step.text('The solution is above.'), step.text('The solution is above.'));
    const completion = await openai.chat.completions.create({ model: 'trm-router', messages: [{ role: 'user', content: ASK }] });
    expectVerifiedSolution(completion.choices[0]!.message.content ?? '');
    expect(completion.choices[0]!.message.content).toContain('The solution is above.');
    expectToolResultUpstream();
    const stream = await openai.chat.completions.create({ model: 'trm-router', stream: true, messages: [{ role: 'user', content: ASK }] });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expectVerifiedSolution(text);
    expect(text).toContain('The solution is above.');
  });

  it('anthropic: non-streaming and streaming', async () => {
    llm.push('anthropic', step.text('Solved with a TRM.'), step.text('Solved with a TRM.'));
    const message = await anthropic.messages.create({ model: 'trm-router', max_tokens: 1024, messages: [{ role: 'user', content: ASK }] });
    expectVerifiedSolution(message.content.map((b) => (b.type === 'text' ? b.text : '')).join(''));
    expectToolResultUpstream();
    const stream = anthropic.messages.stream({ model: 'trm-router', max_tokens: 1024, messages: [{ role: 'user', content: ASK }] });
    let text = '';
    stream.on('text', (delta) => (text += delta));
    await stream.finalMessage();
    expectVerifiedSolution(text);
    expect(text).toContain('Solved with a TRM.');
  });
});
