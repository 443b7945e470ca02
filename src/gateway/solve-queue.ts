/**
 * The bounded solver queue: at most `concurrency` solves run at once (TRM steps and exact
 * searches share the CPU), up to `maxQueued` more wait in arrival order, and the rest are shed
 * at once with 503 `overloaded` and a `Retry-After` estimated from recent solve times. A request
 * that waits longer than `maxWaitMs` is shed too, and one whose client leaves or whose deadline
 * passes leaves the queue without running. Every wait is measured
 * (`trm_router_solve_queue_wait_seconds`), with the queue depth, the running solves and the shed
 * requests by reason, in /metrics.
 *
 * @example
 * const queue = createSolveQueue({ concurrency: 64, maxQueued: 256, maxWaitMs: 10_000, metrics });
 * const outcome = await queue.run(() => solveParsed(parsed, settings), signal);
 */
import { abortError } from '../core/errors.js';
import { GatewayError } from './errors.js';
import type { GatewayMetrics } from './middleware/metrics.js';

export interface SolveQueueOptions {
  /** Solves running at once (`TRM_ROUTER_MAX_CONCURRENT_SOLVES`). */
  concurrency: number;
  /** Solves waiting at most; more are shed (`TRM_ROUTER_MAX_QUEUED_SOLVES`). */
  maxQueued: number;
  /** Longest wait before a queued solve is shed, ms (`TRM_ROUTER_MAX_QUEUE_WAIT_MS`). */
  maxWaitMs: number;
  metrics?: GatewayMetrics;
}

export interface SolveQueue {
  /** Runs `work` when a slot is free (now, or after waiting in line); sheds with 503 when it cannot. */
  run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Solves running and waiting now. */
  stats(): { running: number; queued: number };
}

interface Waiter {
  start: () => void;
}

/** Mean solve time assumed before any solve finished, s. */
const FIRST_GUESS_S = 0.1;

export function createSolveQueue(options: SolveQueueOptions): SolveQueue {
  const { concurrency, maxQueued, maxWaitMs, metrics } = options;
  let running = 0;
  const waiting: Waiter[] = [];
  let meanSolveS = FIRST_GUESS_S;

  /** Seconds until a request queued now would likely start: the line ahead of it in rounds of `concurrency`. */
  const retryAfterS = (): number => Math.min(60, Math.max(1, Math.ceil(((waiting.length + 1) / Math.max(1, concurrency)) * meanSolveS)));
  const shed = (reason: 'queue_full' | 'queue_wait', message: string): GatewayError => {
    metrics?.solvesShed.inc({ reason });
    return new GatewayError(503, 'overloaded', message, {
      headers: { 'retry-after': String(retryAfterS()) },
      details: { reason, queued: waiting.length, concurrency, maxQueued, maxWaitMs },
    });
  };

  const next = (): void => {
    while (running < concurrency && waiting.length > 0) (waiting.shift() as Waiter).start();
  };

  async function run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted === true) throw abortError(signal);
    const queuedAt = performance.now();
    if (running >= concurrency) {
      if (waiting.length >= maxQueued) throw shed('queue_full', `The solver queue is full (${maxQueued} waiting, ${concurrency} running): retry later`);
      await new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          start: () => {
            cleanup();
            running += 1;
            resolve();
          },
        };
        // the error is made once the waiter has left, so the Retry-After it carries counts the line behind it only
        const leave = (error: () => Error): void => {
          const i = waiting.indexOf(waiter);
          if (i < 0) return;
          waiting.splice(i, 1);
          cleanup();
          reject(error());
        };
        const onAbort = (): void => leave(() => abortError(signal));
        const timer = setTimeout(() => leave(() => shed('queue_wait', `Waited ${maxWaitMs} ms for a free solver: retry later`)), maxWaitMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        waiting.push(waiter);
      });
    } else {
      running += 1;
    }
    const started = performance.now();
    metrics?.queueWait.observe({}, (started - queuedAt) / 1000);
    try {
      return await work();
    } finally {
      running -= 1;
      meanSolveS = meanSolveS * 0.9 + ((performance.now() - started) / 1000) * 0.1;
      next();
    }
  }

  metrics?.queueDepth.track(() => waiting.length);
  metrics?.solvesRunning.track(() => running);
  return { run, stats: () => ({ running, queued: waiting.length }) };
}
