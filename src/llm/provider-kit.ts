/**
 * What the SDK-backed providers share: mapping an SDK error to a typed error, reading JSON the
 * model wrote (tool arguments, structured output), and the object wrapper for structured output
 * whose schema is not an object (providers require an object at the root).
 */
import { z } from 'zod';
import type { TrmRouterError } from '../core/errors.js';
import type { Deadline } from './deadline.js';
import { asTrmRouterError, endedError, httpProviderError, providerFailure } from './errors.js';
import type { JsonSchema } from './json-schema.js';
import { toJsonSchema } from './json-schema.js';
import type { LlmOutputSpec } from './spec.js';

/** The error classes both SDKs export under the same names (openai-node and anthropic-sdk). */
export interface SdkErrorClasses {
  APIError: abstract new (...args: never[]) => Error & { status: number | undefined; headers: Headers | undefined };
  APIConnectionError: abstract new (...args: never[]) => Error;
  APIConnectionTimeoutError: abstract new (...args: never[]) => Error;
  APIUserAbortError: abstract new (...args: never[]) => Error;
}

/**
 * Maps anything an SDK call threw to a trm-router error: the deadline or the caller's signal ->
 * `TimeoutError` / `AbortedError`; an HTTP status -> `ProviderError` with status, retryability
 * and Retry-After; an error event inside a stream -> retryable `ProviderError`; unparseable
 * response data -> `ProviderError` (`malformed_response`); a connection failure -> retryable.
 */
export function sdkError(provider: string, error: unknown, deadline: Deadline, sdk: SdkErrorClasses): TrmRouterError {
  if (deadline.signal.aborted) return endedError(provider, deadline.timedOut(), deadline.timeoutMs, error);
  if (error instanceof sdk.APIConnectionTimeoutError) return endedError(provider, true, deadline.timeoutMs, error);
  if (error instanceof sdk.APIUserAbortError) return endedError(provider, false, deadline.timeoutMs, error);
  if (error instanceof sdk.APIConnectionError) {
    return providerFailure(provider, 'connection', `Cannot reach ${provider}: ${error.message}`, error);
  }
  if (error instanceof sdk.APIError) {
    if (typeof error.status === 'number') return httpProviderError(provider, error.status, error.headers, error.message, error);
    return providerFailure(provider, 'stream_error', `${provider} reported an error inside the stream: ${error.message}`, error, true);
  }
  if (error instanceof SyntaxError) {
    return providerFailure(provider, 'malformed_response', `${provider} sent malformed data: ${error.message}`, error);
  }
  return asTrmRouterError(provider, error);
}

/** The model's JSON (tool arguments, structured output); fenced JSON is unwrapped. */
export function parseModelJson(provider: string, text: string, what: string): unknown {
  const trimmed = text.trim();
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/.exec(trimmed);
  const body = fenced?.[1] ?? trimmed;
  if (body === '') return {};
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw providerFailure(provider, 'invalid_output', `${provider} returned ${what} that is not JSON: ${shorten(body)}`, error);
  }
}

function shorten(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** A structured-output request as providers send it: an object JSON Schema, and how to unwrap. */
export interface OutputSchema {
  name: string;
  description: string;
  jsonSchema: JsonSchema;
  /** The schema was not an object, so the answer sits under `value`. */
  wrapped: boolean;
}

export function outputSchema(output: LlmOutputSpec): OutputSchema {
  const schema = toJsonSchema(output.schema);
  const wrapped = schema.type !== 'object';
  return {
    name: output.name,
    description: output.description ?? `Answer with one JSON value: ${output.name}`,
    jsonSchema: wrapped ? toJsonSchema(z.object({ value: output.schema })) : schema,
    wrapped,
  };
}

/** Reads the value out of a (possibly wrapped) structured answer. */
export function unwrapOutput(spec: OutputSchema, value: unknown): unknown {
  if (!spec.wrapped) return value;
  return typeof value === 'object' && value !== null && 'value' in value ? value.value : value;
}
