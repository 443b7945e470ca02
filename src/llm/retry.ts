/**
 * Retries with exponential backoff on 429, 5xx, connection failures and timeouts, honouring
 * the server's Retry-After. A wait longer than `maxRetryAfterMs` is not waited out: the error
 * is passed on at once, so a fallback provider can answer instead. A stream is retried only
 * while it has not yielded anything.
 *
 * @example
 * const openai = withRetry(createOpenAiProvider({ apiKey, model }), { maxRetries: 2 });
 */
import { throwIfAborted } from '../core/errors.js';
import { sleep } from './deadline.js';
import { attemptInTurn, attemptOf, withAttempts } from './attempts.js';
import { isRetryable, retryDelayOf } from './errors.js';
import type { LlmProvider } from './spec.js';

export { attemptOf, withAttempts } from './attempts.js';

export interface RetryOptions {
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number;
  /** First backoff, ms; doubled each retry. Default 500. */
  initialDelayMs?: number;
  /** Longest backoff, ms. Default 8000. */
  maxDelayMs?: number;
  /** Longest Retry-After that is waited out, ms. Default 30000. */
  maxRetryAfterMs?: number;
  /** Random share taken off each backoff (0..1). Default 0.25. */
  jitter?: number;
  /** Called before each wait (logging, tests). */
  onRetry?: (event: { attempt: number; delayMs: number; error: unknown }) => void;
  /** Waits (tests pass a fake). Default: a timer that the request's signal cancels. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

const DEFAULTS = { maxRetries: 2, initialDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 30_000, jitter: 0.25 } as const;

/**
 * Wraps a provider with retries (see the module comment for the policy).
 *
 * @example
 * const llm = withRetry(provider, { maxRetries: 3, onRetry: ({ attempt, delayMs }) => log(attempt, delayMs) });
 */
export function withRetry(provider: LlmProvider, options: RetryOptions = {}): LlmProvider {
  const o = { ...DEFAULTS, ...options } satisfies RetryOptions;
  const wait = options.sleep ?? sleep;
  const random = options.random ?? Math.random;

  /** The wait before retry `attempt` (1-based), or `undefined` to give up now. */
  const delayFor = (attempt: number, error: unknown): number | undefined => {
    if (attempt > o.maxRetries || !isRetryable(error)) return undefined;
    const asked = retryDelayOf(error);
    if (asked !== undefined) return asked <= o.maxRetryAfterMs ? asked : undefined;
    const backoff = Math.min(o.maxDelayMs, o.initialDelayMs * 2 ** (attempt - 1));
    return Math.round(backoff * (1 - o.jitter * random()));
  };

  return attemptInTurn(
    provider.name,
    provider.model,
    () => provider,
    async ({ attempt, error, yielded, attempts, request }) => {
      const delayMs = yielded ? undefined : delayFor(attempt, error);
      if (delayMs === undefined) throw withAttempts(error, attempts);
      attempts.push(attemptOf(provider, error));
      o.onRetry?.({ attempt, delayMs, error });
      await wait(delayMs, request.signal);
      throwIfAborted(request.signal);
    },
  );
}
