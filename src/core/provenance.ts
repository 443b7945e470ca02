/**
 * Provenance as one line for people, written the same way everywhere (CLI, tools, router
 * answers, the gateway's chat replies).
 *
 * @example
 * describeProvenance(outcome.provenance); // 'trm:sudoku-9x9-mlp-small (sudoku-9x9-mlp-small), 3 TRM steps, halted by verified, 4.1 ms'
 */
import type { Provenance } from './spec.js';

/** A short human description of where a result came from; `latency: false` leaves the time out (texts a model reads). */
export function describeProvenance(p: Provenance, options: { latency?: boolean } = {}): string {
  const what = [p.model === undefined || p.solver.includes(p.model) ? p.solver : `${p.solver} (${p.model})`];
  if (p.steps !== undefined) what.push(`${p.steps} TRM steps${p.haltedBy === undefined ? '' : `, halted by ${p.haltedBy}`}`);
  if (p.sample !== undefined) what.push(`explored: ${p.sample}`);
  if (p.confidence !== undefined && p.kind === 'trm' && !p.verified) what.push(`confidence ${p.confidence.toFixed(2)}`);
  if (p.searchNodes !== undefined) what.push(`${p.searchNodes} search nodes`);
  if (options.latency !== false) what.push(`${p.latencyMs.toFixed(1)} ms`);
  if (p.fallbackFrom !== undefined && p.fallbackFrom.length > 0) what.push(`after ${p.fallbackFrom.join(', ')}`);
  return what.join(', ');
}
