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
import { isRetryable, retryDelayOf } from './errors.js';
import type { LlmAttempt, LlmProvider, LlmRequest, LlmResponse, LlmStreamEvent } from './spec.js';

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

/** An attempt record for provenance. */
export function attemptOf(provider: LlmProvider, error: unknown): LlmAttempt {
  const e = error as { code?: unknown; message?: unknown; details?: { status?: unknown } };
  return {
    provider: provider.name,
    model: provider.model,
    code: typeof e.code === 'string' ? e.code : 'error',
    message: typeof e.message === 'string' ? e.message : String(error),
    ...(typeof e.details?.status === 'number' ? { status: e.details.status } : {}),
  };
}

/** Attaches earlier failed attempts to an error (read back by `withFallback` and callers). */
export function withAttempts<E>(error: E, attempts: LlmAttempt[]): E {
  if (typeof error === 'object' && error !== null && attempts.length > 0) {
    const details = (error as { details?: Record<string, unknown> }).details;
    if (details !== undefined) details.attempts = attempts;
  }
  return error;
}

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

  const pause = async (attempt: number, delayMs: number, error: unknown, request: LlmRequest): Promise<void> => {
    o.onRetry?.({ attempt, delayMs, error });
    await wait(delayMs, request.signal);
    throwIfAborted(request.signal);
  };

  return {
    name: provider.name,
    model: provider.model,

    async generate(request) {
      const attempts: LlmAttempt[] = [];
      for (let attempt = 1; ; attempt++) {
        try {
          const response = await provider.generate(request);
          return attempts.length === 0 ? response : ({ ...response, attempts: [...attempts, ...(response.attempts ?? [])] } satisfies LlmResponse);
        } catch (error) {
          const delayMs = delayFor(attempt, error);
          if (delayMs === undefined) throw withAttempts(error, attempts);
          attempts.push(attemptOf(provider, error));
          await pause(attempt, delayMs, error, request);
        }
      }
    },

    async *stream(request) {
      const attempts: LlmAttempt[] = [];
      for (let attempt = 1; ; attempt++) {
        let yielded = false;
        try {
          for await (const event of provider.stream(request)) {
            yielded = true;
            if (event.type === 'finish' && attempts.length > 0) {
              yield { type: 'finish', response: { ...event.response, attempts: [...attempts, ...(event.response.attempts ?? [])] } } satisfies LlmStreamEvent;
            } else {
              yield event;
            }
          }
          return;
        } catch (error) {
          const delayMs = yielded ? undefined : delayFor(attempt, error);
          if (delayMs === undefined) throw withAttempts(error, attempts);
          attempts.push(attemptOf(provider, error));
          await pause(attempt, delayMs, error, request);
        }
      }
    },
  };
}
