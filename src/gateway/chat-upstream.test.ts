/**
 * The chat endpoints' answers when the upstream misbehaves or calls tools, read byte by byte
 * (the SDK-level matrix is test/gateway-faults.test.ts): an upstream 429 keeps its Retry-After,
 * a cut-off or broken stream ends in exactly one JSON error event that the log backs, client
 * tool calls stream as the upstream sends them, the solved grids lead every reply, the usage
 * chunk belongs to its stream, and the upstream's own error text never reaches the client.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUDOKU, SUDOKU_FIRST_ROW, postJson, recordingLogger, testGatewayOptions } from '../../test/support/gateway.js';
import { fault, startScriptedLlmServer, step } from '../testing/index.js';
import type { ScriptedLlmServer } from '../testing/index.js';
import { createGateway } from './index.js';

const ASK = `Solve this sudoku, then tell me the weather in Kyoto:\n${SUDOKU}`;
const WEATHER = {
  type: 'function',
  function: { name: 'get_weather', description: 'Weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};
const ANTHROPIC_WEATHER = { name: 'get_weather', description: 'Weather in a city', input_schema: { type: 'object', properties: { city: { type: 'string' } } } };

/** The SSE events of a response: `event:` name (if any) and `data:`. */
async function events(res: Response): Promise<{ event?: string; data: string }[]> {
  return (await res.text())
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
      const data = lines
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      return event === undefined ? { data } : { event, data };
    });
}

type Chunk = {
  id: string;
  model: string;
  choices: {
    delta: { content?: string; tool_calls?: { index: number; id?: string; function: { name?: string; arguments?: string } }[] };
    finish_reason: string | null;
  }[];
  usage?: unknown;
  error?: { code: string; message: string };
};

describe('chat endpoints against a misbehaving upstream', () => {
  let server: ScriptedLlmServer;
  let app: ReturnType<typeof createGateway>;
  const log = recordingLogger();

  beforeAll(async () => {
    server = await startScriptedLlmServer();
    app = createGateway(
      testGatewayOptions({
        logger: log.logger,
        upstream: {
          openai: { client: new OpenAI({ apiKey: 'test', baseURL: server.openaiBaseURL, maxRetries: 0, logLevel: 'off' }), model: 'gpt-upstream' },
          anthropic: { client: new Anthropic({ apiKey: 'test', baseURL: server.anthropicBaseURL, maxRetries: 0, logLevel: 'off' }), model: 'claude-upstream' },
        },
      }),
    );
  });
  afterAll(() => server.close());

  const chat = (body: Record<string, unknown>, requestId = 'r') =>
    postJson(app, '/v1/chat/completions', { model: 'trm-router', messages: [{ role: 'user', content: 'hi' }], ...body }, { 'x-request-id': requestId });
  const messages = (body: Record<string, unknown>) =>
    postJson(app, '/v1/messages', { model: 'trm-router', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }], ...body });

  it('an upstream 429 with Retry-After: 7 is a 429 upstream_rate_limited with Retry-After: 7 (JSON and SSE, both wire formats)', async () => {
    server.push('openai', step.error(429, { retryAfter: 7 }), step.error(429, { retryAfter: 7 }));
    server.push('anthropic', step.error(429, { retryAfter: 7 }));
    for (const res of [await chat({}), await chat({ stream: true }), await messages({})]) {
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(((await res.json()) as { error: { code: string; details: unknown } }).error).toMatchObject({
        code: 'upstream_rate_limited',
        details: { status: 429, retryAfterMs: 7000 },
      });
    }
  });

  it('an OpenAI stream cut off before its finish reason ends in an error event, never in finish_reason "stop" and [DONE]', async () => {
    server.push('openai', step.text('The answer is forty two.', { fault: fault.cut(3) }));
    const list = await events(await chat({ stream: true, stream_options: { include_usage: true } }, 'cut-1'));
    expect(list.some((e) => e.data === '[DONE]')).toBe(false);
    const chunks = list.map((e) => JSON.parse(e.data) as Chunk);
    expect(chunks.some((c) => (c.choices?.[0]?.finish_reason ?? null) !== null)).toBe(false);
    expect(chunks.at(-1)!.error).toMatchObject({ code: 'provider' });
    expect(log.lines.some((l) => l.requestId === 'cut-1' && l.msg === 'upstream call failed')).toBe(true);
  });

  it('malformed JSON mid-stream gives exactly one error event with JSON data, and the log has it (both wire formats)', async () => {
    server.push('openai', step.text('one two three four', { fault: fault.corrupt(2) }));
    const openaiEvents = await events(await chat({ stream: true }, 'broken-1'));
    const openaiErrors = openaiEvents.filter((e) => e.event === 'error' || e.data.includes('"error"'));
    expect(openaiErrors).toHaveLength(1);
    expect(openaiEvents.at(-1)).toBe(openaiErrors[0]);
    const info = (JSON.parse(openaiErrors[0]!.data) as Chunk).error!;
    expect(info.code).toBe('provider');
    expect(info.message).toMatch(/gateway log/);
    expect(log.lines.some((l) => l.requestId === 'broken-1' && l.msg === 'upstream call failed' && l.level === 'warn')).toBe(true);

    server.push('anthropic', step.text('one two three four', { fault: fault.corrupt(4) }));
    const anthropicEvents = await events(await messages({ stream: true }));
    const anthropicErrors = anthropicEvents.filter((e) => e.event === 'error');
    expect(anthropicErrors).toHaveLength(1);
    expect(anthropicEvents.at(-1)).toBe(anthropicErrors[0]);
    expect(JSON.parse(anthropicErrors[0]!.data)).toMatchObject({ type: 'error', error: { code: 'provider' } });
  });

  it('upstream error messages never reach the client: a generic typed message, the upstream words in the log', async () => {
    const leak = 'Incorrect API key provided: upstream-sec****. You can find your API key at https://platform.openai.com';
    server.push('openai', step.error(401, { message: leak }), step.error(500, { message: leak }), step.error(400, { message: leak }));
    server.push('anthropic', step.error(401, { message: leak }));
    for (const res of [await chat({}, 'leak-1'), await chat({ stream: true }), await chat({}), await messages({})]) {
      const text = await res.text();
      expect(text).not.toContain('upstream-sec');
      expect(text).not.toContain('Incorrect API key');
      expect([400, 502]).toContain(res.status);
    }
    expect(log.raw.some((l) => l.includes('leak-1') && l.includes('Incorrect API key'))).toBe(true);
  });

  it('streamed client tool calls arrive as the upstream sends them: the name first, then each argument delta', async () => {
    server.push('openai', step.toolCalls([{ name: 'get_weather', arguments: { city: 'Kyoto', unit: 'celsius' } }]));
    const list = await events(await chat({ stream: true, tools: [WEATHER], messages: [{ role: 'user', content: 'Weather in Kyoto?' }] }));
    const deltas = list
      .slice(0, -1)
      .map((e) => JSON.parse(e.data) as Chunk)
      .flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    const args = JSON.stringify({ city: 'Kyoto', unit: 'celsius' });
    const half = Math.ceil(args.length / 2);
    // The scripted upstream sends the arguments in two halves; the client gets the same two deltas.
    expect(deltas.map((d) => d.function.arguments)).toEqual([args.slice(0, half), args.slice(half)]);
    expect(deltas[0]).toMatchObject({ index: 0, id: expect.any(String) as string, function: { name: 'get_weather' } });
    expect(deltas[1]!.function.name).toBeUndefined();
  });

  it('calls to the solver tools stay hidden while a client tool call streams beside them', async () => {
    server.push(
      'openai',
      step.toolCalls([
        { name: 'solve_sudoku', arguments: { puzzle: SUDOKU } },
        { name: 'get_weather', arguments: { city: 'Kyoto' } },
      ]),
    );
    const list = await events(await chat({ stream: true, tools: [WEATHER] }));
    const chunks = list.slice(0, -1).map((e) => JSON.parse(e.data) as Chunk);
    const deltas = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(deltas.every((d) => d.index === 0)).toBe(true);
    expect(deltas.map((d) => d.function.name).filter((n) => n !== undefined)).toEqual(['get_weather']);
    expect(deltas.map((d) => d.function.arguments).join('')).toBe(JSON.stringify({ city: 'Kyoto' }));
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('the non-stream reply keeps the solved-grid section beside a client tool call, as the stream does (both wire formats)', async () => {
    server.push('openai', step.toolCalls([{ name: 'get_weather', arguments: { city: 'Kyoto' } }]));
    const completion = (await (await chat({ tools: [WEATHER], messages: [{ role: 'user', content: ASK }] })).json()) as {
      choices: { finish_reason: string; message: { content: string | null; tool_calls: unknown[] } }[];
    };
    expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
    expect(completion.choices[0]!.message.content).toContain(SUDOKU_FIRST_ROW);
    expect(completion.choices[0]!.message.tool_calls).toHaveLength(1);

    server.push('anthropic', step.toolCalls([{ name: 'get_weather', arguments: { city: 'Kyoto' } }]));
    const message = (await (await messages({ tools: [ANTHROPIC_WEATHER], messages: [{ role: 'user', content: ASK }] })).json()) as {
      stop_reason: string;
      content: { type: string; text?: string }[];
    };
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content[0]!.text).toContain(SUDOKU_FIRST_ROW);
    expect(message.content.map((b) => b.type)).toEqual(['text', 'tool_use']);
  });

  it('the final usage chunk has the id and model of the other chunks (upstream and local streams)', async () => {
    server.push('openai', step.text('Fine weather.'));
    const local = createGateway(testGatewayOptions());
    for (const res of [
      await chat({ stream: true, stream_options: { include_usage: true } }),
      await postJson(local, '/v1/chat/completions', {
        model: 'trm-router',
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: `Solve: ${SUDOKU}` }],
      }),
    ]) {
      const chunks = (await events(res)).slice(0, -1).map((e) => JSON.parse(e.data) as Chunk);
      const usage = chunks.at(-1)!;
      expect(usage.usage).toBeDefined();
      expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
      expect(new Set(chunks.map((c) => c.model)).size).toBe(1);
    }
  });
});
