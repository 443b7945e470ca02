/**
 * The one mapping from what an `openai` or `@anthropic-ai/sdk` call threw to a trm-router error,
 * used by the providers (`openai-provider.ts`, `anthropic-provider.ts`) and by the tool-loop
 * adapters (`adapters/openai-loop.ts`, `adapters/anthropic.ts`). It loads neither SDK: the
 * caller passes its SDK's error classes, so each adapter subpath still loads only its own SDK.
 *
 * @example
 * try { await client.chat.completions.create(body, { signal }) } catch (error) {
 *   throw sdkError('openai', error, OpenAI, { timeoutMs: client.timeout });
 * }
 */
import type { TrmRouterError } from '../core/errors.js';
import type { Deadline } from './deadline.js';
import { asTrmRouterError, endedError, httpProviderError, providerFailure } from './errors.js';

/** The error classes both SDKs export under the same names (openai-node and anthropic-sdk). */
export interface SdkErrorClasses {
  APIError: abstract new (...args: never[]) => Error & { status: number | undefined; headers: Headers | undefined };
  APIConnectionError: abstract new (...args: never[]) => Error;
  APIConnectionTimeoutError: abstract new (...args: never[]) => Error;
  APIUserAbortError: abstract new (...args: never[]) => Error;
}

/** What the mapper knows about the call. */
export interface SdkCall {
  /** The call's own deadline (the providers): once its signal fired, the error is `TimeoutError` or `AbortedError`. */
  deadline?: Deadline;
  /** The SDK client's timeout, ms, for the `TimeoutError` of an SDK-side timeout (default: the deadline's). */
  timeoutMs?: number;
}

/**
 * Maps anything an SDK call threw to a trm-router error: the deadline or the caller's signal ->
 * `TimeoutError` / `AbortedError`; the SDK's own timeout -> `TimeoutError`; an HTTP status ->
 * `ProviderError` with `upstreamStatus`, retryability and Retry-After; an error event inside a
 * stream -> retryable `ProviderError` (`stream_error`); unparseable response data ->
 * `ProviderError` (`malformed_response`); a connection failure -> retryable `ProviderError`
 * (`connection`). trm-router errors pass through; anything else is a non-retryable `ProviderError`.
 */
export function sdkError(provider: string, error: unknown, sdk: SdkErrorClasses, call: SdkCall = {}): TrmRouterError {
  const { deadline } = call;
  const timeoutMs = call.timeoutMs ?? deadline?.timeoutMs ?? 0;
  if (deadline?.signal.aborted === true) return endedError(provider, deadline.timedOut(), deadline.timeoutMs, error);
  if (error instanceof sdk.APIConnectionTimeoutError) return endedError(provider, true, timeoutMs, error);
  if (error instanceof sdk.APIUserAbortError) return endedError(provider, false, timeoutMs, error);
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
