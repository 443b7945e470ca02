import { afterEach, describe, expect, it } from 'vitest';
import { fault, startScriptedLlmServer, step, streamFrameCount } from './index.js';
import type { ScriptedLlmServer } from './index.js';

let server: ScriptedLlmServer | undefined;
afterEach(async () => {
  await server?.close();
});

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('startScriptedLlmServer', () => {
  it('listens on 127.0.0.1, plays each endpoint script in order and records the requests', async () => {
    server = await startScriptedLlmServer({ openai: [step.text('one')], anthropic: [step.text('two')] });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const a = (await (await post(`${server.openaiBaseURL}/chat/completions`, { model: 'm', messages: [] })).json()) as {
      choices: { message: { content: string } }[];
    };
    expect(a.choices[0]?.message.content).toBe('one');
    const b = (await (await post(`${server.anthropicBaseURL}/v1/messages`, { model: 'm', messages: [] })).json()) as { content: { text: string }[] };
    expect(b.content[0]?.text).toBe('two');
    expect(server.requests.map((r) => r.endpoint)).toEqual(['openai', 'anthropic']);
    expect(server.remaining('openai')).toBe(0);
  });

  it('streams SSE that ends in [DONE] (OpenAI) and message_stop (Anthropic)', async () => {
    server = await startScriptedLlmServer({ openai: [step.text('a b c')], anthropic: [step.text('a b c')] });
    const o = await (await post(`${server.openaiBaseURL}/chat/completions`, { stream: true })).text();
    expect(o.trim().endsWith('data: [DONE]')).toBe(true);
    const a = await (await post(`${server.anthropicBaseURL}/v1/messages`, { stream: true })).text();
    expect(a).toContain('event: message_stop');
  });

  it('sends scripted errors with Retry-After, a non-retryable 400 when the script runs out, 404 elsewhere', async () => {
    server = await startScriptedLlmServer({ openai: [step.error(429, { retryAfter: 3 })] });
    const limited = await post(`${server.openaiBaseURL}/chat/completions`, {});
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    const exhausted = await post(`${server.openaiBaseURL}/chat/completions`, {});
    expect(exhausted.status).toBe(400);
    expect(await exhausted.text()).toMatch(/no step left for openai/);
    expect((await post(`${server.url}/v2/nothing`, {})).status).toBe(404);
  });

  it('close() ends hanging requests; idleCloseMs closes it by itself', async () => {
    server = await startScriptedLlmServer({ openai: [step.hang()] });
    const pending = post(`${server.openaiBaseURL}/chat/completions`, {}).then(
      () => 'answered',
      () => 'closed',
    );
    await new Promise((r) => setTimeout(r, 50));
    await server.close();
    expect(await pending).toBe('closed');
    const idle = await startScriptedLlmServer({ idleCloseMs: 30 });
    await new Promise((r) => setTimeout(r, 100));
    await expect(post(`${idle.openaiBaseURL}/chat/completions`, {})).rejects.toThrow();
  });

  it('injects faults: a stream cut at any frame, malformed JSON mid-stream, a JSON body cut short, connection resets', async () => {
    const answer = step.text('a b c');
    const frames = streamFrameCount('openai', answer);
    expect(frames).toBe(7); // role, three words, finish, usage, [DONE]
    server = await startScriptedLlmServer({
      openai: [
        ...Array.from({ length: frames }, (_, k) => step.text('a b c', { fault: fault.cut(k) })),
        step.text('a b c', { fault: fault.corrupt(2) }),
        step.text('a b c', { fault: fault.cut(1) }),
        step.text('a b c', { fault: fault.reset(0) }),
        step.text('a b c', { fault: fault.reset(3) }),
        step.text('a b c', { fault: fault.reset(1) }),
      ],
    });
    const url = `${server.openaiBaseURL}/chat/completions`;
    for (let k = 0; k < frames; k++) {
      const text = await (await post(url, { stream: true })).text();
      expect(text.split('\n\n').filter((f) => f !== '')).toHaveLength(k);
      expect(text).not.toContain('[DONE]');
    }
    const corrupt = (await (await post(url, { stream: true })).text()).split('\n\n');
    expect(() => JSON.parse(corrupt[2]!.slice(6)) as unknown).toThrow(SyntaxError);
    expect(corrupt.at(-2)).toBe('data: [DONE]'); // the rest of the stream follows the broken frame
    const cutJson = await (await post(url, {})).text();
    expect(() => JSON.parse(cutJson) as unknown).toThrow(SyntaxError);
    await expect(post(url, { stream: true })).rejects.toThrow(); // reset before the status line
    const streamed = await post(url, { stream: true }); // reset after 3 frames: the body fails mid-way
    expect(streamed.status).toBe(200);
    await expect(streamed.text()).rejects.toThrow();
    const body = await post(url, {}); // a JSON body reset half-way
    await expect(body.text()).rejects.toThrow();
  });
});
