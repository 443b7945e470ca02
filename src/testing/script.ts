/**
 * The script of a `ScriptedLlmServer`: what it answers to each request, in order, per wire
 * format. A step is data, so tests and examples read as a transcript.
 *
 * @example
 * const steps = [
 *   step.error(503, { retryAfter: 1 }),               // first call: 503 with Retry-After: 1
 *   step.text('Sudoku was popularised in Japan.'),     // second call: a text answer
 * ];
 */

/** Token counts the server reports (defaults: input 10, output = words of the answer). */
export interface ScriptUsage {
  inputTokens?: number;
  outputTokens?: number;
}

interface Timing {
  /** Wait before the response starts (status line and headers), ms. */
  delayMs?: number;
  /** Wait between stream chunks, ms (a slow stream). */
  chunkDelayMs?: number;
}

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
