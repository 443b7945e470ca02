/**
 * A fallback chain: the first provider answers unless it fails with a provider error or a
 * timeout (after its own retries), then the next one, and so on. Aborts and bad input end the
 * chain at once. The answer records every failed attempt (`response.attempts`); when all fail,
 * a `ProviderError` (`reason: 'all_failed'`, `details.attempts`) wraps the last error.
 *
 * @example
 * const llm = withFallback([withRetry(openai), withRetry(claude)]);
 * const reply = await llm.generate({ messages }); // reply.provider: 'anthropic' if OpenAI was down
 */
import { ProviderError } from '../core/errors.js';
import { attemptInTurn, attemptOf, attemptsOf } from './attempts.js';
import { canFallBack } from './errors.js';
import type { LlmAttempt, LlmProvider } from './spec.js';

export interface FallbackOptions {
  /** Called when a provider failed and the next one is tried. */
  onFallback?: (event: { from: LlmProvider; to: LlmProvider; error: unknown }) => void;
}

function allFailed(chain: string, attempts: LlmAttempt[], last: unknown): ProviderError {
  const list = attempts.map((a) => `${a.provider}: ${a.message}`).join('; ');
  return new ProviderError(chain, `Every LLM provider failed (${list})`, {
    cause: last,
    reason: 'all_failed',
    retryable: false,
    details: { attempts },
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

  return attemptInTurn(
    chain,
    first.model,
    (attempt) => providers[attempt - 1] as LlmProvider,
    ({ attempt, provider, error, yielded, attempts }) => {
      if (yielded || !canFallBack(error)) throw error;
      attempts.push(...attemptsOf(error), attemptOf(provider, error));
      const to = providers[attempt];
      if (to === undefined) throw allFailed(chain, attempts, error);
      options.onFallback?.({ from: provider, to, error });
    },
  );
}
