/**
 * The script of a `ScriptedLlmServer`: what it answers to each request, in order, per wire
 * format. A step is data, so tests and examples read as a transcript.
 *
 * Faults are scriptable too, each one a real failure on the wire:
 * - an HTTP error with its status and `Retry-After` (`step.error(429, { retryAfter: 7 })`, any
 *   5xx, the upstream's JSON error body in the endpoint's format);
 * - a slow first byte: `delayMs` on any step holds the status line and headers back that long;
 * - a slow stream: `chunkDelayMs` between stream frames;
 * - a stream (or JSON body) cut off cleanly at any frame (`fault.cut(n)`): no finish reason,
 *   no `[DONE]` / `message_stop` when `n` is below the frame count (`streamFrameCount`);
 * - malformed JSON mid-stream (`fault.corrupt(n)`): frame `n` does not parse, the rest follows;
 * - a connection reset (`fault.reset(n)`): the socket is destroyed with a TCP RST after `n`
 *   frames (0: before the status line);
 * - a request that is never answered (`step.hang()`), and the older `step.malformed` shapes.
 *
 * @example
 * const steps = [
 *   step.error(503, { retryAfter: 1 }),               // first call: 503 with Retry-After: 1
 *   step.text('Sudoku was popularised in Japan.'),     // second call: a text answer
 *   step.text('cut short', { fault: fault.cut(2) }),  // third call: the stream stops after 2 frames
 * ];
 */

/** Token counts the server reports (defaults: input 10, output = words of the answer). */
export interface ScriptUsage {
  inputTokens?: number;
  outputTokens?: number;
}

interface Timing {
  /** Wait before the response starts (status line and headers), ms: a slow first byte. */
  delayMs?: number;
  /** Wait between stream chunks, ms (a slow stream). */
  chunkDelayMs?: number;
  /** A fault injected into this answer on the wire (see `fault`). */
  fault?: ScriptFault;
}

/**
 * A fault on the wire, for an answer step (text, tool calls, object). Frames are counted from 0
 * over the SSE frames the step would stream (`streamFrameCount`); a JSON body counts as one frame
 * cut at its middle.
 * - `cut`: the response ends cleanly after `after` frames; a JSON body ends half-way (never parses).
 * - `corrupt`: frame `at` is replaced by one whose `data:` is not JSON, then the rest follows; a
 *   JSON body is sent broken.
 * - `reset`: the connection is destroyed (TCP RST) after `after` frames; 0 = before the status line.
 */
export type ScriptFault = { type: 'cut'; after: number } | { type: 'corrupt'; at: number } | { type: 'reset'; after: number };

/** Fault builders (see `ScriptFault`). */
export const fault = {
  cut: (after: number): ScriptFault => ({ type: 'cut', after }),
  corrupt: (at: number): ScriptFault => ({ type: 'corrupt', at }),
  reset: (after = 0): ScriptFault => ({ type: 'reset', after }),
} as const;

export interface ScriptToolCall {
  id?: string;
  name: string;
  arguments: unknown;
}

/** The wire formats the server speaks. */
export type ScriptEndpoint = 'openai' | 'anthropic';

export type ScriptStep =
  | ({ type: 'text'; text: string; finishReason?: 'stop' | 'length'; usage?: ScriptUsage } & Timing)
  | ({ type: 'tool-calls'; calls: ScriptToolCall[]; text?: string; usage?: ScriptUsage } & Timing)
  /** A structured answer: OpenAI gets it as JSON message content, Anthropic as the forced tool's input. */
  | ({ type: 'object'; value: unknown; usage?: ScriptUsage } & Timing)
  | { type: 'error'; status: number; message?: string; errorType?: string; retryAfter?: number | string; retryAfterMs?: number; delayMs?: number }
  /**
   * A broken response: `invalid-json` (a stream chunk, or the JSON body, that does not parse),
   * `truncated` (the stream stops before the model finishes).
   */
  | ({ type: 'malformed'; mode: 'invalid-json' | 'truncated'; text?: string } & Timing)
  /** Accept the request and never answer (until the server closes): for timeouts. */
  | { type: 'hang' };

/** A request the server received. */
export interface RecordedRequest {
  endpoint: ScriptEndpoint;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  stream: boolean;
}

/** Step builders. */
export const step = {
  text: (text: string, extra: Omit<Extract<ScriptStep, { type: 'text' }>, 'type' | 'text'> = {}): ScriptStep => ({ type: 'text', text, ...extra }),
  toolCalls: (calls: ScriptToolCall[], extra: Omit<Extract<ScriptStep, { type: 'tool-calls' }>, 'type' | 'calls'> = {}): ScriptStep => ({
    type: 'tool-calls',
    calls,
    ...extra,
  }),
  object: (value: unknown, extra: Omit<Extract<ScriptStep, { type: 'object' }>, 'type' | 'value'> = {}): ScriptStep => ({ type: 'object', value, ...extra }),
  error: (status: number, extra: Omit<Extract<ScriptStep, { type: 'error' }>, 'type' | 'status'> = {}): ScriptStep => ({ type: 'error', status, ...extra }),
  malformed: (mode: 'invalid-json' | 'truncated', extra: Omit<Extract<ScriptStep, { type: 'malformed' }>, 'type' | 'mode'> = {}): ScriptStep => ({
    type: 'malformed',
    mode,
    ...extra,
  }),
  hang: (): ScriptStep => ({ type: 'hang' }),
} as const;

/** Splits text into stream chunks (words with their trailing spaces). */
export function chunkText(text: string): string[] {
  const chunks = text.match(/\S+\s*|\s+/g);
  return chunks === null ? [] : chunks;
}

export function usageOf(s: { usage?: ScriptUsage }, text: string): { input: number; output: number } {
  return { input: s.usage?.inputTokens ?? 10, output: s.usage?.outputTokens ?? Math.max(1, chunkText(text).length) };
}
