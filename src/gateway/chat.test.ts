import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUDOKU, SUDOKU_FIRST_ROW, postJson, testGatewayOptions } from '../../test/support/gateway.js';
import { createMockLlmProvider, startScriptedLlmServer, step } from '../testing/index.js';
import type { ScriptedLlmServer } from '../testing/index.js';
import { createGateway } from './index.js';

const ASK = `Solve this sudoku, then tell me who popularised the puzzle:\n${SUDOKU}`;
const WEATHER_TOOL = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};
const ANTHROPIC_WEATHER = {
  name: 'get_weather',
  description: 'Weather in a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

/** The SSE `data:` payloads of a response. */
async function events(res: Response): Promise<{ event?: string; data: string }[]> {
  const text = await res.text();
  return text
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

describe('chat endpoints without an upstream LLM', () => {
  const app = createGateway(testGatewayOptions());

  it('/v1/chat/completions answers a grid-only request with the verified solution', async () => {
    const res = await postJson(app, '/v1/chat/completions', { model: 'trm-router', messages: [{ role: 'user', content: `Solve: ${SUDOKU}` }] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      object: string;
      choices: { message: { content: string }; finish_reason: string }[];
      trm_router: { parts: { verified: boolean }[] };
    };
    expect(body.object).toBe('chat.completion');
    expect(body.choices[0]!.message.content).toContain(SUDOKU_FIRST_ROW);
    expect(body.choices[0]!.message.content).toContain('verified');
    expect(body.choices[0]!.finish_reason).toBe('stop');
    expect(body.trm_router.parts[0]!.verified).toBe(true);
  });

  it('/v1/chat/completions streams it as chat.completion.chunk events ending in [DONE]', async () => {
    const res = await postJson(app, '/v1/chat/completions', {
      model: 'trm-router',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: [{ type: 'text', text: `Solve: ${SUDOKU}` }] }],
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const list = await events(res);
    expect(list.at(-1)!.data).toBe('[DONE]');
    const chunks = list
      .slice(0, -1)
      .map((e) => JSON.parse(e.data) as { choices: { delta: { content?: string }; finish_reason: string | null }[]; usage?: unknown });
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text).toContain(SUDOKU_FIRST_ROW);
    expect(chunks.some((c) => c.choices[0]?.finish_reason === 'stop')).toBe(true);
    expect(chunks.at(-1)!.usage).toBeDefined();
  });

  it('says how to configure an LLM for the text parts, and refuses a last message without text', async () => {
    const res = await postJson(app, '/v1/chat/completions', { model: 'trm-router', messages: [{ role: 'user', content: 'Who invented sudoku?' }] });
    expect(((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content).toContain('OPENAI_API_KEY');
    const bad = await postJson(app, '/v1/chat/completions', { model: 'trm-router', messages: [{ role: 'assistant', content: 'hi' }] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { details: { field: string } } }).error.details.field).toBe('messages');
  });

  it('/v1/messages answers in the Anthropic format, JSON and SSE; errors carry type "error"', async () => {
    const res = await postJson(app, '/v1/messages', { model: 'trm-router', max_tokens: 512, messages: [{ role: 'user', content: `Solve: ${SUDOKU}` }] });
    const body = (await res.json()) as { type: string; content: { type: string; text: string }[]; stop_reason: string };
    expect(body.type).toBe('message');
    expect(body.content[0]!.text).toContain(SUDOKU_FIRST_ROW);
    expect(body.stop_reason).toBe('end_turn');
    const streamed = await events(
      await postJson(app, '/v1/messages', { model: 'trm-router', max_tokens: 512, stream: true, messages: [{ role: 'user', content: `Solve: ${SUDOKU}` }] }),
    );
    expect(streamed.map((e) => e.event)).toEqual(
      expect.arrayContaining(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']),
    );
    const text = streamed
      .filter((e) => e.event === 'content_block_delta')
      .map((e) => (JSON.parse(e.data) as { delta: { text: string } }).delta.text)
      .join('');
    expect(text).toContain(SUDOKU_FIRST_ROW);
    const bad = await postJson(app, '/v1/messages', { model: 'x', messages: [] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', code: 'invalid_input' } });
  });
});

describe('chat endpoint whose wire format has no upstream, with an LLM of the other format', () => {
  it('the router answers: grids locally, the text part by the configured LLM', async () => {
    const llm = createMockLlmProvider({ replies: [{ text: 'Nikoli popularised it.' }] });
    const app = createGateway(testGatewayOptions({ llm }));
    const res = await postJson(app, '/v1/messages', { model: 'trm-router', max_tokens: 300, messages: [{ role: 'user', content: ASK }] });
    const text = ((await res.json()) as { content: { text: string }[] }).content[0]!.text;
    expect(text).toContain(SUDOKU_FIRST_ROW);
    expect(text).toContain('Nikoli popularised it.');
    expect(llm.calls).toHaveLength(1);
  });
});

describe('chat endpoints with upstream LLMs', () => {
  let server: ScriptedLlmServer;
  let app: ReturnType<typeof createGateway>;

  beforeAll(async () => {
    server = await startScriptedLlmServer();
    app = createGateway(
      testGatewayOptions({
        upstream: {
          openai: { client: new OpenAI({ apiKey: 'test', baseURL: server.openaiBaseURL, maxRetries: 0 }), model: 'gpt-upstream' },
          anthropic: { client: new Anthropic({ apiKey: 'test', baseURL: server.anthropicBaseURL, maxRetries: 0 }), model: 'claude-upstream' },
        },
      }),
    );
  });
  afterAll(() => server.close());

  const lastRequest = () =>
    server.requests.at(-1)!.body as { model: string; messages: Record<string, unknown>[]; tools: { function?: { name: string }; name?: string }[] };

  it('OpenAI: the solved grid goes upstream as a tool result; client tools pass through untouched; the reply starts with the grid', async () => {
    server.push('openai', step.text('Sudoku was popularised by Nikoli in Japan.'));
    const res = await postJson(app, '/v1/chat/completions', {
      model: 'trm-router',
      temperature: 0.2,
      tools: [WEATHER_TOOL],
      messages: [{ role: 'user', content: ASK }],
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { choices: { message: { content: string } }[] };
    expect(body.choices[0]!.message.content).toContain(SUDOKU_FIRST_ROW);
    expect(body.choices[0]!.message.content).toContain('Nikoli');
    const sent = lastRequest();
    expect(sent.model).toBe('gpt-upstream');
    expect((server.requests.at(-1)!.body as { temperature: number }).temperature).toBe(0.2);
    expect(sent.tools[0]).toEqual(WEATHER_TOOL);
    expect(sent.tools.map((t) => t.function?.name)).toEqual(expect.arrayContaining(['get_weather', 'solve_sudoku', 'solve_grid']));
    const [, call, result] = sent.messages;
    expect(call).toMatchObject({ role: 'assistant', tool_calls: [{ type: 'function', function: { name: 'solve_grid' } }] });
    expect(result).toMatchObject({ role: 'tool' });
    expect(String(result!.content)).toContain('verified');
  });

  it('OpenAI: a call the upstream makes to a client tool comes back to the client; a call to a solver tool is run here', async () => {
    server.push('openai', step.toolCalls([{ name: 'get_weather', arguments: { city: 'Kyoto' } }]));
    const res = await postJson(app, '/v1/chat/completions', {
      model: 'gpt-x',
      tools: [WEATHER_TOOL],
      messages: [{ role: 'user', content: 'Weather in Kyoto?' }],
    });
    const body = (await res.json()) as { choices: { finish_reason: string; message: { tool_calls: { function: { name: string; arguments: string } }[] } }[] };
    expect(body.choices[0]!.finish_reason).toBe('tool_calls');
    expect(body.choices[0]!.message.tool_calls.map((t) => t.function.name)).toEqual(['get_weather']);
    expect(lastRequest().model).toBe('gpt-x');

    server.push('openai', step.toolCalls([{ name: 'solve_sudoku', arguments: { puzzle: SUDOKU } }]), step.text('Done.'));
    const before = server.requests.length;
    const looped = await postJson(app, '/v1/chat/completions', {
      model: 'trm-router',
      messages: [{ role: 'user', content: 'There is a sudoku in my notes, solve it.' }],
    });
    const reply = (await looped.json()) as { choices: { message: { content: string; tool_calls?: unknown } }[] };
    expect(reply.choices[0]!.message.content).toBe('Done.');
    expect(reply.choices[0]!.message.tool_calls).toBeUndefined();
    expect(server.requests.length - before).toBe(2);
    expect(String(lastRequest().messages.at(-1)!.content)).toContain('verified');
  });

  it('OpenAI streaming: the grid first, then the upstream deltas', async () => {
    server.push('openai', step.text('Popularised by Nikoli.'));
    const list = await events(await postJson(app, '/v1/chat/completions', { model: 'trm-router', stream: true, messages: [{ role: 'user', content: ASK }] }));
    const chunks = list.slice(0, -1).map((e) => JSON.parse(e.data) as { choices: { delta: { content?: string } }[] });
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text.indexOf(SUDOKU_FIRST_ROW)).toBeLessThan(text.indexOf('Nikoli'));
    expect(server.requests.at(-1)!.stream).toBe(true);
  });

  it('a body nested 8,000 deep (16 KB) is a 400 before the upstream is called, on both wire formats', async () => {
    const deep = '['.repeat(8_000) + ']'.repeat(8_000);
    const before = server.requests.length;
    const chat = await postJson(
      app,
      '/v1/chat/completions',
      `{"model": "trm-router", "messages": [{"role": "user", "content": "hi"}], "metadata": {"x": ${deep}}}`,
    );
    expect(chat.status).toBe(400);
    expect(((await chat.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
    const messages = await postJson(
      app,
      '/v1/messages',
      `{"model": "trm-router", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}], "metadata": {"x": ${deep}}}`,
    );
    expect(messages.status).toBe(400);
    expect(await messages.json()).toMatchObject({ type: 'error', error: { code: 'invalid_json' } });
    expect(server.requests.length).toBe(before);
  });

  it('upstream failures: a 4xx about the request keeps its status, a 5xx is a 502 provider error', async () => {
    server.push('openai', step.error(404, { message: 'The model does not exist' }), step.error(500));
    const notFound = await postJson(app, '/v1/chat/completions', { model: 'nope', messages: [{ role: 'user', content: 'hi' }] });
    expect(notFound.status).toBe(404);
    expect(((await notFound.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'upstream_rejected' });
    const failed = await postJson(app, '/v1/chat/completions', { model: 'trm-router', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    expect(failed.status).toBe(502);
    expect(((await failed.json()) as { error: { code: string } }).error.code).toBe('provider');
    server.push('anthropic', step.error(500), step.error(400, { message: 'max_tokens: too large' }));
    const streamed = await postJson(app, '/v1/messages', { model: 'trm-router', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'hi' }] });
    expect(streamed.status).toBe(502);
    expect(await streamed.json()).toMatchObject({ type: 'error', error: { code: 'provider' } });
    const rejected = await postJson(app, '/v1/messages', { model: 'trm-router', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    expect(rejected.status).toBe(400);
    // The upstream's words stay in the gateway log; the client gets its error type, which is an identifier.
    const info = ((await rejected.json()) as { error: { message: string; details: Record<string, unknown> } }).error;
    expect(info.message).not.toContain('max_tokens: too large');
    expect(info.details).toMatchObject({ upstream: 'anthropic', status: 400, upstreamType: 'invalid_request_error' });
  });

  it('Anthropic: tool_use and tool_result turns upstream, client tools untouched, the grid first in the reply, JSON and SSE', async () => {
    server.push('anthropic', step.text('Nikoli named it.'), step.text('Nikoli named it.'));
    const res = await postJson(app, '/v1/messages', {
      model: 'trm-router',
      max_tokens: 300,
      tools: [ANTHROPIC_WEATHER],
      messages: [{ role: 'user', content: ASK }],
    });
    const body = (await res.json()) as { content: { type: string; text?: string }[]; stop_reason: string };
    expect(body.content[0]!.text).toContain(SUDOKU_FIRST_ROW);
    expect(body.content.map((b) => b.text ?? '').join('')).toContain('Nikoli');
    const sent = lastRequest();
    expect(sent.model).toBe('claude-upstream');
    expect(sent.tools[0]).toEqual(ANTHROPIC_WEATHER);
    expect(sent.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(JSON.stringify(sent.messages[2])).toContain('tool_result');

    const streamed = await events(
      await postJson(app, '/v1/messages', { model: 'trm-router', max_tokens: 300, stream: true, messages: [{ role: 'user', content: ASK }] }),
    );
    const text = streamed
      .filter((e) => e.event === 'content_block_delta')
      .map((e) => (JSON.parse(e.data) as { delta: { text?: string } }).delta.text ?? '')
      .join('');
    expect(text.indexOf(SUDOKU_FIRST_ROW)).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(SUDOKU_FIRST_ROW)).toBeLessThan(text.indexOf('Nikoli'));
    expect(streamed.at(-1)!.event).toBe('message_stop');
  });

  it('Anthropic: the upstream calls a solver tool (run here, hidden from the client) or a client tool (returned)', async () => {
    server.push('anthropic', step.toolCalls([{ name: 'solve_sudoku', arguments: { puzzle: SUDOKU } }]), step.text('All done.'));
    const streamed = await events(
      await postJson(app, '/v1/messages', {
        model: 'trm-router',
        max_tokens: 300,
        stream: true,
        messages: [{ role: 'user', content: 'Solve the sudoku from my notes.' }],
      }),
    );
    expect(streamed.some((e) => e.data.includes('tool_use'))).toBe(false);
    expect(
      streamed
        .filter((e) => e.event === 'content_block_delta')
        .map((e) => (JSON.parse(e.data) as { delta: { text?: string } }).delta.text ?? '')
        .join(''),
    ).toContain('All done.');
    server.push('anthropic', step.toolCalls([{ name: 'get_weather', arguments: { city: 'Kyoto' } }]));
    const res = await postJson(app, '/v1/messages', {
      model: 'trm-router',
      max_tokens: 300,
      tools: [ANTHROPIC_WEATHER],
      messages: [{ role: 'user', content: 'Weather?' }],
    });
    const body = (await res.json()) as { content: { type: string; name?: string }[]; stop_reason: string };
    expect(body.stop_reason).toBe('tool_use');
    expect(body.content.filter((b) => b.type === 'tool_use').map((b) => b.name)).toEqual(['get_weather']);
  });
});
