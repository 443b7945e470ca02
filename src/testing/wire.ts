/**
 * The two HTTP wire formats the scripted server speaks, as plain data: OpenAI chat completions
 * (JSON and `data:` SSE chunks ending in `[DONE]`) and Anthropic messages (JSON and typed SSE
 * events from `message_start` to `message_stop`), and the faults a step may inject into them
 * (`ScriptFault`: cut, corrupt, reset).
 */
import type { ScriptEndpoint, ScriptFault, ScriptStep } from './script.js';
import { chunkText, usageOf } from './script.js';

/**
 * What to write back: a whole body, or SSE frames (already formatted, `\n\n`-terminated).
 * `reset`: after writing what is listed (nothing, not even the status line, when the body is
 * empty and `resetBeforeStatus` is set), the connection is destroyed with a TCP RST.
 */
export type WireResponse =
  | { kind: 'json'; status: number; headers: Record<string, string>; body: string; reset?: boolean; resetBeforeStatus?: boolean }
  | { kind: 'sse'; frames: string[]; reset?: boolean; resetBeforeStatus?: boolean };

type Answer = Extract<ScriptStep, { type: 'text' | 'tool-calls' | 'object' | 'malformed' }>;

interface Parts {
  text: string;
  calls: { id: string; name: string; input: unknown }[];
  finish: 'stop' | 'length' | 'tool_calls';
}

const json = (value: unknown): string => JSON.stringify(value);

/** Text, tool calls and finish reason of an answer step, for either wire. */
function partsOf(s: Answer, request: Record<string, unknown>, endpoint: ScriptEndpoint, n: number): Parts {
  if (s.type === 'text') return { text: s.text, calls: [], finish: s.finishReason ?? 'stop' };
  if (s.type === 'malformed') return { text: s.text ?? 'partial answer', calls: [], finish: 'stop' };
  if (s.type === 'tool-calls') {
    const prefix = endpoint === 'openai' ? 'call' : 'toolu';
    const calls = s.calls.map((c, i) => ({ id: c.id ?? `${prefix}_${n}_${i}`, name: c.name, input: c.arguments }));
    return { text: s.text ?? '', calls, finish: 'tool_calls' };
  }
  if (endpoint === 'openai') return { text: json(s.value), calls: [], finish: 'stop' };
  const choice = request.tool_choice as { type?: string; name?: string } | undefined;
  const name = choice?.type === 'tool' && typeof choice.name === 'string' ? choice.name : 'output';
  return { text: '', calls: [{ id: `toolu_${n}_0`, name, input: s.value }], finish: 'tool_calls' };
}

/** An error response in the endpoint's format, with Retry-After headers when scripted. */
export function errorResponse(endpoint: ScriptEndpoint, s: Extract<ScriptStep, { type: 'error' }>): WireResponse {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (s.retryAfter !== undefined) headers['retry-after'] = String(s.retryAfter);
  if (s.retryAfterMs !== undefined) headers['retry-after-ms'] = String(s.retryAfterMs);
  const message = s.message ?? `scripted error ${s.status}`;
  const body =
    endpoint === 'openai'
      ? { error: { message, type: s.errorType ?? (s.status >= 500 ? 'server_error' : 'invalid_request_error'), param: null, code: null } }
      : { type: 'error', error: { type: s.errorType ?? (s.status >= 500 ? 'api_error' : 'invalid_request_error'), message } };
  return { kind: 'json', status: s.status, headers, body: json(body) };
}

/** A stream frame whose data is not JSON, in the endpoint's format. */
const BROKEN_FRAME: Record<ScriptEndpoint, string> = {
  openai: 'data: {"id": "chatcmpl-broken", "choices": [{"delta": {"content": \n\n',
  anthropic: 'event: content_block_delta\ndata: {"type": "content_block_delta", "index": 0, "delta": {\n\n',
};

/** The response to an answer step (text, tool calls, object, malformed). */
export function answerResponse(endpoint: ScriptEndpoint, s: Answer, request: Record<string, unknown>, n: number): WireResponse {
  const model = typeof request.model === 'string' ? request.model : 'scripted-model';
  const parts = partsOf(s, request, endpoint, n);
  const usage = usageOf('usage' in s ? s : {}, parts.text || json(parts.calls.map((c) => c.input)));
  const stream = request.stream === true;
  if (!stream) {
    if (s.type === 'malformed') return { kind: 'json', status: 200, headers: { 'content-type': 'application/json' }, body: '{"id": "broken", "choices": [' };
    const body = endpoint === 'openai' ? openaiCompletion(parts, model, usage, n) : anthropicMessage(parts, model, usage, n);
    return withFault(endpoint, { kind: 'json', status: 200, headers: { 'content-type': 'application/json' }, body: json(body) }, s.fault);
  }
  const frames = endpoint === 'openai' ? openaiChunks(parts, model, usage, n) : anthropicEvents(parts, model, usage, n);
  if (s.type !== 'malformed') return withFault(endpoint, { kind: 'sse', frames }, s.fault);
  // Keep the first content frame, then break the stream.
  const terminal = frames.findIndex((f) => f.includes('"finish_reason":"') || f.startsWith('event: message_delta'));
  const head = frames.slice(0, Math.min(endpoint === 'openai' ? 2 : 4, terminal < 0 ? frames.length : terminal));
  if (s.mode === 'invalid-json') head.push(BROKEN_FRAME[endpoint]);
  return { kind: 'sse', frames: head };
}

/** The response with a fault injected (see `ScriptFault`). */
export function withFault(endpoint: ScriptEndpoint, wire: WireResponse, f: ScriptFault | undefined): WireResponse {
  if (f === undefined) return wire;
  if (wire.kind === 'json') {
    const half = wire.body.slice(0, Math.floor(wire.body.length / 2));
    if (f.type === 'cut') return { ...wire, body: half };
    if (f.type === 'corrupt') return { ...wire, body: half + '<' };
    return f.after <= 0 ? { ...wire, body: '', reset: true, resetBeforeStatus: true } : { ...wire, body: half, reset: true };
  }
  if (f.type === 'cut') return { kind: 'sse', frames: wire.frames.slice(0, Math.max(0, f.after)) };
  if (f.type === 'corrupt') return { kind: 'sse', frames: wire.frames.map((frame, i) => (i === f.at ? BROKEN_FRAME[endpoint] : frame)) };
  return { kind: 'sse', frames: wire.frames.slice(0, Math.max(0, f.after)), reset: true, resetBeforeStatus: f.after <= 0 };
}

/**
 * How many SSE frames an answer step streams (the `[DONE]` line included), so a test can cut
 * or corrupt a stream at every frame.
 *
 * @example
 * const n = streamFrameCount('openai', step.text('a b c')); // role, 3 words, finish, usage, [DONE] = 7
 */
export function streamFrameCount(endpoint: ScriptEndpoint, s: ScriptStep, request: Record<string, unknown> = {}): number {
  if (s.type !== 'text' && s.type !== 'tool-calls' && s.type !== 'object') return 0;
  const wire = answerResponse(endpoint, { ...s, fault: undefined }, { ...request, stream: true }, 1);
  return wire.kind === 'sse' ? wire.frames.length : 0;
}

type Usage = { input: number; output: number };

function openaiCompletion(p: Parts, model: string, usage: Usage, n: number): unknown {
  return {
    id: `chatcmpl-${n}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: p.text === '' && p.calls.length > 0 ? null : p.text,
          refusal: null,
          ...(p.calls.length === 0
            ? {}
            : { tool_calls: p.calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: json(c.input) } })) }),
        },
        logprobs: null,
        finish_reason: p.finish,
      },
    ],
    usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output },
  };
}

function openaiChunks(p: Parts, model: string, usage: Usage, n: number): string[] {
  const base = { id: `chatcmpl-${n}`, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model };
  const frame = (choices: unknown[], extra: Record<string, unknown> = {}): string => `data: ${json({ ...base, choices, ...extra })}\n\n`;
  const frames = [frame([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }])];
  for (const piece of chunkText(p.text)) frames.push(frame([{ index: 0, delta: { content: piece }, finish_reason: null }]));
  p.calls.forEach((c, index) => {
    const args = json(c.input);
    const half = Math.ceil(args.length / 2);
    frames.push(
      frame([
        {
          index: 0,
          delta: { tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.name, arguments: args.slice(0, half) } }] },
          finish_reason: null,
        },
      ]),
    );
    frames.push(frame([{ index: 0, delta: { tool_calls: [{ index, function: { arguments: args.slice(half) } }] }, finish_reason: null }]));
  });
  frames.push(frame([{ index: 0, delta: {}, finish_reason: p.finish }]));
  frames.push(frame([], { usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output } }));
  frames.push('data: [DONE]\n\n');
  return frames;
}

function anthropicStop(p: Parts): string {
  return p.finish === 'tool_calls' ? 'tool_use' : p.finish === 'length' ? 'max_tokens' : 'end_turn';
}

function anthropicMessage(p: Parts, model: string, usage: Usage, n: number): unknown {
  const content: unknown[] = [];
  if (p.text !== '') content.push({ type: 'text', text: p.text });
  for (const c of p.calls) content.push({ type: 'tool_use', id: c.id, name: c.name, input: c.input });
  return {
    id: `msg_${n}`,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: anthropicStop(p),
    stop_sequence: null,
    usage: { input_tokens: usage.input, output_tokens: usage.output },
  };
}

function anthropicEvents(p: Parts, model: string, usage: Usage, n: number): string[] {
  const event = (type: string, data: Record<string, unknown>): string => `event: ${type}\ndata: ${json({ type, ...data })}\n\n`;
  const frames = [
    event('message_start', {
      message: {
        id: `msg_${n}`,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: usage.input, output_tokens: 1 },
      },
    }),
  ];
  let index = 0;
  if (p.text !== '' || p.calls.length === 0) {
    frames.push(event('content_block_start', { index, content_block: { type: 'text', text: '' } }));
    frames.push(event('ping', {}));
    for (const piece of chunkText(p.text)) frames.push(event('content_block_delta', { index, delta: { type: 'text_delta', text: piece } }));
    frames.push(event('content_block_stop', { index }));
    index++;
  }
  for (const c of p.calls) {
    const args = json(c.input);
    const half = Math.ceil(args.length / 2);
    frames.push(event('content_block_start', { index, content_block: { type: 'tool_use', id: c.id, name: c.name, input: {} } }));
    frames.push(event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: args.slice(0, half) } }));
    frames.push(event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: args.slice(half) } }));
    frames.push(event('content_block_stop', { index }));
    index++;
  }
  frames.push(event('message_delta', { delta: { stop_reason: anthropicStop(p), stop_sequence: null }, usage: { output_tokens: usage.output } }));
  frames.push(event('message_stop', {}));
  return frames;
}
