/**
 * One call's deadline: a signal that fires when the caller aborts or `timeoutMs` passes, and
 * which of the two it was (so the error is `AbortedError` or `TimeoutError`).
 *
 * @example
 * const deadline = startDeadline(30_000, request.signal);
 * try { await client.call({ signal: deadline.signal }) } finally { deadline.dispose() }
 */
import { AbortedError } from '../core/errors.js';

export interface Deadline {
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** The timer fired (not the caller's signal). */
  timedOut(): boolean;
  /** Clears the timer and the listener on the caller's signal. */
  dispose(): void;
}

export function startDeadline(timeoutMs: number, outer?: AbortSignal): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = (): void => controller.abort(outer?.reason);
  if (outer?.aborted === true) controller.abort(outer.reason);
  else outer?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`deadline of ${timeoutMs} ms passed`));
  }, timeoutMs);
  timer.unref?.();
  return {
    signal: controller.signal,
    timeoutMs,
    timedOut: () => timedOut,
    dispose() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * Waits `ms`; when the signal aborts (before or during the wait) it rejects with `AbortedError`
 * (the signal's reason as `cause`), like every other abort in the toolkit.
 *
 * @example
 * await sleep(500, signal);
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = (): AbortedError => new AbortedError('The wait was aborted', { cause: signal?.reason });
    if (signal?.aborted === true) {
      reject(aborted());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(aborted());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The deadline of one provider call: the request's own timeout, else the provider's default. */
export function callDeadline(request: { timeoutMs?: number; signal?: AbortSignal }, defaultTimeoutMs: number): { deadline: Deadline; timeoutMs: number } {
  const timeoutMs = request.timeoutMs ?? defaultTimeoutMs;
  return { deadline: startDeadline(timeoutMs, request.signal), timeoutMs };
}
