/**
 * A minimal scripted server for the OpenAI Responses API (`POST /v1/responses`, JSON only),
 * which `startScriptedLlmServer` (chat completions and Anthropic messages) does not speak.
 * It plays the same `ScriptStep`s (text, tool calls, errors) in the real wire format, so the
 * `openai` SDK's `responses.create` runs unmodified against it.
 *
 * @example
 * const server = await startScriptedResponsesServer([step.toolCalls([{ name: 'solve_maze', arguments: { maze } }]), step.text('Done')]);
 * const client = new OpenAI({ baseURL: server.baseURL, apiKey: 'test' });
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ScriptStep } from '../../src/testing/index.js';

export interface ScriptedResponsesServer {
  /** `baseURL` for the openai SDK (`http://127.0.0.1:PORT/v1`). */
  readonly baseURL: string;
  /** Every request body, oldest first. */
  readonly requests: Record<string, unknown>[];
  close(): Promise<void>;
}

function responseBody(s: ScriptStep, model: string, n: number): { status: number; body: unknown } {
  if (s.type === 'error') {
    return { status: s.status, body: { error: { message: s.message ?? `scripted error ${s.status}`, type: 'server_error', param: null, code: null } } };
  }
  const output: unknown[] = [];
  if (s.type === 'tool-calls') {
    s.calls.forEach((c, i) => {
      output.push({
        type: 'function_call',
        id: `fc_${n}_${i}`,
        call_id: c.id ?? `call_${n}_${i}`,
        name: c.name,
        arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments),
        status: 'completed',
      });
    });
  }
  const text = s.type === 'text' ? s.text : s.type === 'tool-calls' ? (s.text ?? '') : '';
  if (text !== '') {
    output.push({
      type: 'message',
      id: `msg_${n}`,
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text, annotations: [] }],
    });
  }
  return {
    status: 200,
    body: {
      id: `resp_${n}`,
      object: 'response',
      created_at: Math.floor(Date.now() / 1000),
      status: 'completed',
      error: null,
      incomplete_details: null,
      instructions: null,
      model,
      output,
      parallel_tool_calls: true,
      temperature: 1,
      tool_choice: 'auto',
      tools: [],
      top_p: 1,
      metadata: {},
      text: { format: { type: 'text' } },
      usage: {
        input_tokens: 10,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: 5,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 15,
      },
    },
  };
}

/** Starts the server on 127.0.0.1 (an ephemeral port); it never keeps the process alive. */
export async function startScriptedResponsesServer(steps: ScriptStep[]): Promise<ScriptedResponsesServer> {
  const script = [...steps];
  const requests: Record<string, unknown>[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url?.split('?')[0] !== '/v1/responses') {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'no route' } }));
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      requests.push(body);
      const s = script.shift() ?? { type: 'error', status: 400, message: `no step left (request ${requests.length})` };
      const { status, body: answer } = responseBody(s, typeof body.model === 'string' ? body.model : 'scripted', requests.length);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  server.unref();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
