/**
 * How provider failures become trm-router errors, and what the retry layer reads back from them.
 * The SDK error is always kept as `cause`; programs read `ProviderError`'s typed fields
 * (`reason`, `upstreamStatus`, `retryable`, `retryAfterMs`, `provider`); `details` carries the
 * same as JSON. How an SDK error maps is in `sdk-errors.ts`.
 *
 * @example
 * try { await provider.generate(request) } catch (e) {
 *   if (e instanceof ProviderError) console.log(e.reason, e.upstreamStatus, e.retryable, e.cause);
 * }
 */
import { AbortedError, ProviderError, TimeoutError, isTrmRouterError } from '../core/errors.js';
import type { ProviderFailureReason, TrmRouterError } from '../core/errors.js';

/** Why a provider call failed, as `ProviderError.reason` (and `details.reason`). */
export type ProviderFailure = ProviderFailureReason;

/** HTTP statuses worth retrying: request timeout, conflict/lock, rate limit, server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** Longest Retry-After honoured from a header, in ms (a longer wait is the fallback's job). */
const RETRY_AFTER_CAP_MS = 24 * 3_600_000;

/**
 * The wait a response asks for: `retry-after-ms`, else `retry-after` in seconds or as an HTTP
 * date; `undefined` when absent or unreadable.
 *
 * @example
 * retryAfterMs(new Headers({ 'retry-after': '2' })); // 2000
 */
export function retryAfterMs(headers: Pick<Headers, 'get'> | undefined, now = Date.now()): number | undefined {
  if (headers === undefined) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms)) && Number(ms) >= 0) {
    return Math.min(Number(ms), RETRY_AFTER_CAP_MS);
  }
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, RETRY_AFTER_CAP_MS);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.min(Math.max(0, date - now), RETRY_AFTER_CAP_MS);
}

/**
 * A `ProviderError` for an HTTP error response.
 *
 * @example
 * throw httpProviderError('openai', 429, headers, 'rate limited', sdkError);
 */
export function httpProviderError(provider: string, status: number, headers: Pick<Headers, 'get'> | undefined, message: string, cause: unknown): ProviderError {
  const wait = retryAfterMs(headers);
  return new ProviderError(provider, `${provider} answered HTTP ${status}: ${message}`, {
    cause,
    reason: 'http',
    upstreamStatus: status,
    retryable: isRetryableStatus(status),
    ...(wait === undefined ? {} : { retryAfterMs: wait }),
  });
}

/** A `ProviderError` for a failure that is not an HTTP status (connection, stream, output). */
export function providerFailure(
  provider: string,
  reason: Exclude<ProviderFailure, 'http'>,
  message: string,
  cause?: unknown,
  retryable = reason === 'connection',
): ProviderError {
  return new ProviderError(provider, message, { cause, reason, retryable });
}

/** True for errors the retry layer may try again (5xx, 429, connection failures, timeouts). */
export function isRetryable(error: unknown): boolean {
  if (error instanceof TimeoutError) return true;
  return error instanceof ProviderError && error.retryable;
}

/** The wait the failed response asked for, if any. */
export function retryDelayOf(error: unknown): number | undefined {
  return error instanceof ProviderError ? error.retryAfterMs : undefined;
}

/** True for errors after which another provider may be tried (everything but aborts and bad input). */
export function canFallBack(error: unknown): boolean {
  if (!isTrmRouterError(error)) return true;
  return error.code === 'provider' || error.code === 'timeout';
}

/** Passes trm-router errors through; wraps anything else as a `ProviderError`. */
export function asTrmRouterError(provider: string, error: unknown): TrmRouterError {
  if (isTrmRouterError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return providerFailure(provider, 'connection', `${provider} call failed: ${message}`, error, false);
}

/**
 * A provider failure in words a person may read anywhere (a router note, an answer, a gateway
 * response): its kind and HTTP status, never the upstream's own message, which may quote what
 * it was sent (an API key fragment). The full message stays on the error for the caller's logs.
 *
 * @example
 * providerSummary(new ProviderError('openai', 'openai answered HTTP 401: Incorrect API key provided: sk-ab****', { reason: 'http', upstreamStatus: 401 }));
 * // 'openai answered HTTP 401'
 */
export function providerSummary(error: ProviderError): string {
  const p = error.provider;
  switch (error.reason) {
    case 'http':
      return error.upstreamStatus === undefined ? `${p} answered with an HTTP error` : `${p} answered HTTP ${error.upstreamStatus}`;
    case 'connection':
      return `${p} could not be reached, or dropped the connection`;
    case 'stream_error':
      return `${p} reported an error inside its stream`;
    case 'malformed_response':
      return `${p} sent a malformed or incomplete response`;
    case 'invalid_output':
      return `${p} answered with output that does not fit the schema`;
    case 'all_failed':
      return `every LLM provider failed (${p})`;
    default:
      return error.upstreamStatus === undefined ? `${p} failed` : `${p} failed (HTTP ${error.upstreamStatus})`;
  }
}

/** The error for a call whose own deadline or the caller's signal ended it. */
export function endedError(provider: string, timedOut: boolean, timeoutMs: number, cause: unknown): TrmRouterError {
  if (timedOut) return new TimeoutError(`${provider} call timed out after ${timeoutMs} ms`, timeoutMs, { cause, details: { provider } });
  return new AbortedError(`${provider} call was aborted`, { cause, details: { provider } });
}
