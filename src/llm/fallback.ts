/**
 * A fallback chain: the first provider answers unless it fails with a provider error or a
 * timeout (after its own retries), then the next one, and so on. Aborts and bad input end the
 * chain at once. The answer records every failed attempt (`response.attempts`); when all fail,
 * a `ProviderError` (`details.reason: 'all_failed'`, `details.attempts`) wraps the last error.
 *
 * @example
 * const llm = withFallback([withRetry(openai), withRetry(claude)]);
 * const reply = await llm.generate({ messages }); // reply.provider: 'anthropic' if OpenAI was down
 */
import { ProviderError } from '../core/errors.js';
import { canFallBack } from './errors.js';
import { attemptOf } from './retry.js';
import type { LlmAttempt, LlmProvider, LlmStreamEvent } from './spec.js';

export interface FallbackOptions {
  /** Called when a provider failed and the next one is tried. */
  onFallback?: (event: { from: LlmProvider; to: LlmProvider; error: unknown }) => void;
}

function earlier(error: unknown): LlmAttempt[] {
  const attempts = (error as { details?: { attempts?: unknown } }).details?.attempts;
  return Array.isArray(attempts) ? (attempts as LlmAttempt[]) : [];
}

function allFailed(chain: string, attempts: LlmAttempt[], last: unknown): ProviderError {
  const list = attempts.map((a) => `${a.provider}: ${a.message}`).join('; ');
  return new ProviderError(chain, `Every LLM provider failed (${list})`, {
    cause: last,
    details: { reason: 'all_failed', retryable: false, attempts },
  });
}

/**
 * Chains providers; one provider is returned as is.
 *
 * @example
 * const llm = withFallback([withRetry(openai), withRetry(claude)], { onFallback: ({ from, to }) => log(from.name, to.name) });
 */
export function withFallback(providers: readonly LlmProvider[], options: FallbackOptions = {}): LlmProvider {
  const first = providers[0];
  if (first === undefined) throw new RangeError('withFallback needs at least one provider');
  if (providers.length === 1) return first;
  const chain = providers.map((p) => p.name).join('>');

  const next = (i: number, error: unknown, attempts: LlmAttempt[]): void => {
    const provider = providers[i] as LlmProvider;
    attempts.push(...earlier(error), attemptOf(provider, error));
    const to = providers[i + 1];
    if (to === undefined) throw allFailed(chain, attempts, error);
    options.onFallback?.({ from: provider, to, error });
  };

  return {
    name: chain,
    model: first.model,

    async generate(request) {
      const attempts: LlmAttempt[] = [];
      for (let i = 0; i < providers.length; i++) {
        try {
          const response = await (providers[i] as LlmProvider).generate(request);
          return attempts.length === 0 ? response : { ...response, attempts: [...attempts, ...(response.attempts ?? [])] };
        } catch (error) {
          if (!canFallBack(error)) throw error;
          next(i, error, attempts);
        }
      }
      throw allFailed(chain, attempts, undefined);
    },

    async *stream(request) {
      const attempts: LlmAttempt[] = [];
      for (let i = 0; i < providers.length; i++) {
        let yielded = false;
        try {
          for await (const event of (providers[i] as LlmProvider).stream(request)) {
            yielded = true;
            if (event.type === 'finish' && attempts.length > 0) {
              yield { type: 'finish', response: { ...event.response, attempts: [...attempts, ...(event.response.attempts ?? [])] } } satisfies LlmStreamEvent;
            } else {
              yield event;
            }
          }
          return;
        } catch (error) {
          if (yielded || !canFallBack(error)) throw error;
          next(i, error, attempts);
        }
      }
    },
  };
}
