/**
 * Upstream faults through the gateway, seen by real clients: the `openai` and `@anthropic-ai/sdk`
 * SDKs (never stubbed) call the gateway's chat endpoints (`/v1/chat/completions`,
 * `/v1/messages`) over HTTP on 127.0.0.1, JSON and SSE, while the scripted upstream injects one
 * fault per request: 429 with Retry-After, 5xx, 503 with Retry-After, a slow first byte past the
 * gateway's deadline, a connection reset before the status line and mid-body, a stream cut off
 * at every frame, malformed JSON at every frame. Every case must end in a typed error the SDK
 * raises (an `APIError` whose body carries the gateway's error code), or in the whole answer
 * with its finish reason: never a truncated answer passed off as complete. Every error is in
 * the gateway log under the request's id.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../src/gateway/index.js';
import { fault, startScriptedLlmServer, step, streamFrameCount } from '../src/testing/index.js';
import type { ScriptEndpoint, ScriptStep, ScriptedLlmServer } from '../src/testing/index.js';
import { recordingLogger, startTestGateway } from './support/gateway.js';

const ANSWER = 'Nikoli popularised it in 1984.';
const ASK = 'Who popularised sudoku?';
const DEADLINE_MS = 1_000;

/** What a client got: the answer it took as complete, or the error it raised. */
type Outcome = { kind: 'answer'; text: string; finish: string | null } | { kind: 'error'; error: unknown };

interface Expected {
  /** HTTP status of the error (undefined: the error came inside a stream that had started). */
  status?: number;
  code: string;
  retryAfter?: string;
}

interface FaultCase {
  name: string;
  step: ScriptStep;
  /** The typed error; `undefined` when the whole answer may also arrive (a cut after the last word). */
  expected: Expected | Expected[] | 'complete-or-error';
}

function faultCases(endpoint: ScriptEndpoint, stream: boolean): FaultCase[] {
  const cases: FaultCase[] = [
    { name: '429 with Retry-After: 7', step: step.error(429, { retryAfter: 7 }), expected: { status: 429, code: 'upstream_rate_limited', retryAfter: '7' } },
    { name: '500', step: step.error(500), expected: { status: 502, code: 'provider' } },
    { name: '503 with Retry-After: 2', step: step.error(503, { retryAfter: 2 }), expected: { status: 503, code: 'upstream_overloaded', retryAfter: '2' } },
    {
      name: 'a slow first byte past the deadline',
      step: step.text(ANSWER, { delayMs: DEADLINE_MS * 10 }),
      expected: { status: 504, code: 'timeout' },
    },
    { name: 'a connection reset before the status line', step: step.text(ANSWER, { fault: fault.reset(0) }), expected: { status: 502, code: 'provider' } },
  ];
  if (!stream) {
    cases.push(
      { name: 'a body cut half-way', step: step.text(ANSWER, { fault: fault.cut(1) }), expected: { status: 502, code: 'provider' } },
      { name: 'a body that is not JSON', step: step.text(ANSWER, { fault: fault.corrupt(0) }), expected: { status: 502, code: 'provider' } },
      { name: 'a connection reset mid-body', step: step.text(ANSWER, { fault: fault.reset(1) }), expected: { status: 502, code: 'provider' } },
    );
    return cases;
  }
  // Before the first frame the gateway has not answered yet (a status); after it, the error comes inside the stream.
  const inStream = [{ status: 502, code: 'provider' }, { code: 'provider' }];
  const frames = streamFrameCount(endpoint, step.text(ANSWER));
  for (let k = 0; k < frames; k++) {
    cases.push({ name: `a stream cut after ${k} of ${frames} frames`, step: step.text(ANSWER, { fault: fault.cut(k) }), expected: 'complete-or-error' });
    cases.push({ name: `malformed JSON at frame ${k}`, step: step.text(ANSWER, { fault: fault.corrupt(k) }), expected: inStream });
  }
  for (const k of [1, 3, frames - 1]) {
    cases.push({ name: `a connection reset after ${k} frames`, step: step.text(ANSWER, { fault: fault.reset(k) }), expected: 'complete-or-error' });
  }
  return cases;
}

/** The gateway's error code in what an SDK raised (the body is `{error}` for OpenAI, `{type, error}` for Anthropic). */
function codeOf(error: unknown): string | undefined {
  const body = (error as { error?: { code?: unknown; error?: { code?: unknown } } }).error;
  const code = body?.code ?? body?.error?.code;
  return typeof code === 'string' ? code : undefined;
}

async function viaOpenAI(client: OpenAI, stream: boolean, requestId: string): Promise<Outcome> {
  const options = { headers: { 'x-request-id': requestId } };
  try {
    if (!stream) {
      const completion = await client.chat.completions.create({ model: 'trm-router', messages: [{ role: 'user', content: ASK }] }, options);
      return { kind: 'answer', text: completion.choices[0]?.message.content ?? '', finish: completion.choices[0]?.finish_reason ?? null };
    }
    const chunks = await client.chat.completions.create({ model: 'trm-router', stream: true, messages: [{ role: 'user', content: ASK }] }, options);
    let text = '';
    let finish: string | null = null;
    for await (const chunk of chunks) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    return { kind: 'answer', text, finish };
  } catch (error) {
    return { kind: 'error', error };
  }
}

async function viaAnthropic(client: Anthropic, stream: boolean, requestId: string): Promise<Outcome> {
  const options = { headers: { 'x-request-id': requestId } };
  const body = { model: 'trm-router', max_tokens: 100, messages: [{ role: 'user' as const, content: ASK }] };
  try {
    if (!stream) {
      const message = await client.messages.create(body, options);
      return { kind: 'answer', text: message.content.map((b) => (b.type === 'text' ? b.text : '')).join(''), finish: message.stop_reason };
    }
    const events = await client.messages.create({ ...body, stream: true }, options);
    let text = '';
    let finish: string | null = null;
    let stopped = false;
    for await (const event of events) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
      if (event.type === 'message_delta') finish = event.delta.stop_reason;
      if (event.type === 'message_stop') stopped = true;
    }
    return { kind: 'answer', text, finish: stopped ? finish : null };
  } catch (error) {
    return { kind: 'error', error };
  }
}

describe('upstream faults through the gateway, seen by the real SDKs', () => {
  let llm: ScriptedLlmServer;
  let gateway: RunningGateway;
  let openai: OpenAI;
  let anthropic: Anthropic;
  const log = recordingLogger();
  let n = 0;

  beforeAll(async () => {
    llm = await startScriptedLlmServer();
    gateway = await startTestGateway({
      requestTimeoutMs: DEADLINE_MS,
      logger: log.logger,
      upstream: {
        openai: {
          client: new OpenAI({ baseURL: llm.openaiBaseURL, apiKey: 'upstream-secret-key', maxRetries: 0, organization: null, project: null, logLevel: 'off' }),
          model: 'gpt-upstream',
        },
        anthropic: {
          client: new Anthropic({ baseURL: llm.anthropicBaseURL, apiKey: 'upstream-secret-key', authToken: null, maxRetries: 0, logLevel: 'off' }),
          model: 'claude-upstream',
        },
      },
    });
    openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0, organization: null, project: null, logLevel: 'off' });
    anthropic = new Anthropic({ baseURL: gateway.url, apiKey: 'unused', authToken: null, maxRetries: 0, logLevel: 'off' });
  });
  afterAll(async () => {
    await gateway.close();
    await llm.close();
  });

  for (const sdk of ['openai', 'anthropic'] as const) {
    for (const stream of [false, true]) {
      describe(`${sdk} SDK, ${stream ? 'SSE' : 'JSON'}`, () => {
        for (const c of faultCases(sdk, stream)) {
          it(c.name, async () => {
            const requestId = `fault-${sdk}-${stream ? 'sse' : 'json'}-${++n}`;
            llm.push(sdk, c.step);
            const outcome = sdk === 'openai' ? await viaOpenAI(openai, stream, requestId) : await viaAnthropic(anthropic, stream, requestId);
            expect(llm.remaining(sdk)).toBe(0);
            if (outcome.kind === 'answer') {
              // Only a whole answer with its finish reason may come without an error.
              expect(c.expected, `${c.name}: an answer where an error was due`).toBe('complete-or-error');
              expect(outcome.text).toBe(ANSWER);
              expect(outcome.finish).toMatch(/^(stop|end_turn)$/);
              return;
            }
            const { error } = outcome;
            expect(error).toBeInstanceOf(sdk === 'openai' ? OpenAI.APIError : Anthropic.APIError);
            const status = (error as { status?: number }).status;
            const got = { status, code: codeOf(error) };
            if (c.expected === 'complete-or-error') {
              expect(got.code).toBe('provider');
            } else {
              const allowed = (Array.isArray(c.expected) ? c.expected : [c.expected]).map((e) => ({ status: e.status, code: e.code }));
              expect(allowed).toContainEqual(got);
              const retryAfter = Array.isArray(c.expected) ? undefined : c.expected.retryAfter;
              if (retryAfter !== undefined) expect((error as { headers?: Headers }).headers?.get('retry-after')).toBe(retryAfter);
            }
            // The message is the gateway's own: nothing of the upstream's text or key.
            expect(String((error as Error).message)).not.toMatch(/scripted error|upstream-secret/);
            // What the error points at is in the log, under this request id.
            expect(log.lines.some((l) => l.requestId === requestId && l.level !== 'info' && l.msg !== 'request')).toBe(true);
          });
        }
      });
    }
  }
});
