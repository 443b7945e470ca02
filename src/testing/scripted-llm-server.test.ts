import { afterEach, describe, expect, it } from 'vitest';
import { startScriptedLlmServer, step } from './index.js';
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
});
