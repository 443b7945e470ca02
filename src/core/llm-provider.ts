/**
 * The LLM provider spec: one small interface that every provider implements (OpenAI, Anthropic,
 * any OpenAI-compatible server) and that the router, the tool adapters and the gateway call.
 * Like the Vercel AI SDK's `LanguageModelV4`, it is data in, data out: messages, tools and an
 * optional structured-output schema go in; text, tool calls, the parsed object and usage come out.
 *
 * Conventions every implementation keeps:
 * - failures are typed: `ProviderError` (the SDK error as `cause`; `details.status`,
 *   `details.retryable`, `details.retryAfterMs`), `TimeoutError`, `AbortedError`;
 * - `request.signal` aborts the call (`AbortedError`), `request.timeoutMs` bounds the whole
 *   call including a stream (`TimeoutError`);
 * - a provider makes exactly one HTTP attempt: retries and fallback are wrappers
 *   (`withRetry`, `withFallback`), so they behave the same for every provider.
 *
 * @example
 * const reply = await provider.generate({
 *   messages: [{ role: 'user', content: 'Who invented Sudoku?' }],
 *   maxOutputTokens: 200,
 * });
 * console.log(reply.text, reply.usage.inputTokens, reply.usage.outputTokens);
 */
import type { z } from 'zod';

/** A message of the conversation. Tool results answer an assistant's tool calls by `toolCallId`. */
export type LlmMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: LlmToolCall[] }
  | { role: 'tool'; toolCallId: string; toolName: string; content: string };

/** A tool the model may call; `parameters` (a zod object schema) is the single definition. */
export interface LlmTool {
  name: string;
  description: string;
  parameters: z.ZodType;
}

/** A tool call made by the model. `arguments` is the parsed JSON (not yet validated). */
export interface LlmToolCall {
  id: string;
  name: string;
  arguments: unknown;
}

/** `auto`: the model decides; `none`: no tool calls; `required`: some tool; `{ name }`: that tool. */
export type LlmToolChoice = 'auto' | 'none' | 'required' | { name: string };

/**
 * Structured output: the model must answer with one JSON value of `schema`. Providers pass it
 * natively (OpenAI `response_format: json_schema`, Anthropic a forced tool) and return the
 * parsed JSON as `LlmResponse.object`; `generateObject` validates it with the schema.
 */
export interface LlmOutputSpec {
  /** A short identifier (`[a-zA-Z0-9_-]{1,64}`), e.g. `route_plan`. */
  name: string;
  description?: string;
  schema: z.ZodType;
}

export interface LlmRequest {
  messages: LlmMessage[];
  tools?: LlmTool[];
  toolChoice?: LlmToolChoice;
  output?: LlmOutputSpec;
  maxOutputTokens?: number;
  temperature?: number;
  /** Aborts the call: the promise (or stream) rejects with `AbortedError`. */
  signal?: AbortSignal;
  /** Deadline of the whole call (a stream included), ms; default: the provider's `timeoutMs`. */
  timeoutMs?: number;
}

export type LlmFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'other';

/** Token counts of one call. */
export interface LlmUsage {
  inputTokens: number;
  outputTokens: number;
}

/** A failed attempt before the one that answered (a retry or a fallback), for provenance. */
export interface LlmAttempt {
  provider: string;
  model: string;
  /** The error's stable code (`provider`, `timeout`, ...) and message. */
  code: string;
  message: string;
  status?: number;
}

export interface LlmResponse {
  text: string;
  toolCalls: LlmToolCall[];
  /** The parsed JSON answer when `request.output` was given (not yet validated). */
  object?: unknown;
  finishReason: LlmFinishReason;
  usage: LlmUsage;
  /** The provider and model that answered (after retries and fallbacks). */
  provider: string;
  model: string;
  latencyMs: number;
  /** Failed attempts before this answer, oldest first (set by `withRetry` / `withFallback`). */
  attempts?: LlmAttempt[];
}

/** Events of a streamed call; the last one is always `finish` with the whole response. */
export type LlmStreamEvent = { type: 'text-delta'; text: string } | { type: 'tool-call'; toolCall: LlmToolCall } | { type: 'finish'; response: LlmResponse };

export interface LlmProvider {
  /** `openai`, `anthropic`, `openai-compatible`, or a chain such as `openai>anthropic`. */
  readonly name: string;
  readonly model: string;
  /** One call; resolves with the whole response. */
  generate(request: LlmRequest): Promise<LlmResponse>;
  /** One streamed call; a malformed stream rejects the iteration with `ProviderError`. */
  stream(request: LlmRequest): AsyncIterable<LlmStreamEvent>;
}
