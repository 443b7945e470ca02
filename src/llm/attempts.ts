/**
 * What `withRetry` and `withFallback` share: the record of a failed attempt, and the loop that
 * calls attempt after attempt, replaying a stream that failed before its first event, and adds
 * the failed attempts to the answer (`response.attempts`, or the stream's `finish` event).
 */
import { ProviderError } from '../core/errors.js';
import type { LlmAttempt, LlmProvider, LlmRequest, LlmResponse } from './spec.js';

/** An attempt record for provenance. */
export function attemptOf(provider: LlmProvider, error: unknown): LlmAttempt {
  const e = error as { code?: unknown; message?: unknown };
  const status = error instanceof ProviderError ? error.upstreamStatus : undefined;
  return {
    provider: provider.name,
    model: provider.model,
    code: typeof e.code === 'string' ? e.code : 'error',
    message: typeof e.message === 'string' ? e.message : String(error),
    ...(status === undefined ? {} : { status }),
  };
}

/** Attaches earlier failed attempts to an error as `details.attempts` (read back by `attemptsOf`). */
export function withAttempts<E>(error: E, attempts: LlmAttempt[]): E {
  if (typeof error === 'object' && error !== null && attempts.length > 0) {
    const details = (error as { details?: Record<string, unknown> }).details;
    if (details !== undefined) details.attempts = attempts;
  }
  return error;
}

/** The failed attempts `withAttempts` attached to an error (none when it has none). */
export function attemptsOf(error: unknown): LlmAttempt[] {
  const attempts = (error as { details?: { attempts?: unknown } } | null | undefined)?.details?.attempts;
  return Array.isArray(attempts) ? (attempts as LlmAttempt[]) : [];
}

/** A response with the failed attempts before it recorded. */
function withEarlier(response: LlmResponse, attempts: readonly LlmAttempt[]): LlmResponse {
  return attempts.length === 0 ? response : { ...response, attempts: [...attempts, ...(response.attempts ?? [])] };
}

/** A failed attempt, as `recover` sees it. */
export interface FailedAttempt {
  /** 1-based. */
  attempt: number;
  provider: LlmProvider;
  error: unknown;
  /** The stream had yielded events already, so it cannot be replayed: `recover` must throw. */
  yielded: boolean;
  /** The failures recorded so far, which the answer will carry; `recover` appends to it. */
  attempts: LlmAttempt[];
  request: LlmRequest;
}

/**
 * A provider that asks `pick(1)`, `pick(2)`, ... until one answers. After each failure `recover`
 * either throws (the call ends with that error) or records the failure and resolves (the next
 * attempt starts). A stream is replayed only while it has not yielded anything.
 *
 * @example
 * const retrying = attemptInTurn(p.name, p.model, () => p, async ({ error, attempts, yielded }) => {
 *   if (yielded || !isRetryable(error)) throw error;
 *   attempts.push(attemptOf(p, error));
 * });
 */
export function attemptInTurn(
  name: string,
  model: string,
  pick: (attempt: number) => LlmProvider,
  recover: (failure: FailedAttempt) => Promise<void> | void,
): LlmProvider {
  return {
    name,
    model,

    async generate(request) {
      const attempts: LlmAttempt[] = [];
      for (let attempt = 1; ; attempt++) {
        const provider = pick(attempt);
        try {
          return withEarlier(await provider.generate(request), attempts);
        } catch (error) {
          await recover({ attempt, provider, error, yielded: false, attempts, request });
        }
      }
    },

    async *stream(request) {
      const attempts: LlmAttempt[] = [];
      for (let attempt = 1; ; attempt++) {
        const provider = pick(attempt);
        let yielded = false;
        try {
          for await (const event of provider.stream(request)) {
            yielded = true;
            yield event.type === 'finish' && attempts.length > 0 ? { type: 'finish', response: withEarlier(event.response, attempts) } : event;
          }
          return;
        } catch (error) {
          await recover({ attempt, provider, error, yielded, attempts, request });
          if (yielded) throw error;
        }
      }
    },
  };
}
