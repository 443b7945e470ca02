/**
 * Merging: every part's result into one `Answer`. Solved grids are inserted verbatim (the
 * codec's rendering, never the LLM's), each with its provenance; text parts carry the LLM's
 * reply or a plain note (no LLM configured, a puzzle that does not parse, no solution).
 */
import { describeProvenance } from '../core/provenance.js';
import type { Answer, AnswerPart, Provenance, Usage } from '../core/spec.js';
import { verificationLabel } from '../core/task.js';
import { findTask } from '../tasks/registry.js';
import type { LlmResponse } from '../llm/spec.js';
import type { GridSolveOutcome } from './local-solvers.js';
import type { GridPlanPart, PlanPart, RoutePlan } from './plan.js';

/** Something the router wants the caller to know about one part (or the whole request). */
export interface RouterNote {
  code: 'no_llm' | 'llm_failed' | 'invalid_puzzle' | 'extraction_failed' | 'unsolvable' | 'not_solved' | 'cache_hit' | 'left_as_text';
  /** Index into `answer.parts`, when the note is about one part. */
  part?: number;
  message: string;
}

/** One merged answer, with the plan it followed and the router's notes. */
export interface RouterAnswer extends Answer {
  plan: RoutePlan;
  notes: RouterNote[];
}

/** The result of one planned part, before merging. */
export type PartResult =
  { kind: 'grid'; plan: GridPlanPart; puzzle: unknown; outcome: GridSolveOutcome } | { kind: 'text'; plan: PlanPart; text: string; provenance: Provenance };

export { describeProvenance } from '../core/provenance.js';

/** A task's title in an answer ("Sudoku", "ARC task", a learned task's name). */
const titleOf = (task: string): string => findTask(task)?.title ?? task;

/**
 * One solved puzzle as a section of an answer: its number, task, verification in the task's
 * own words, where it came from, and the grid verbatim in a code fence (the router's answers
 * and the gateway's chat replies both write it so).
 *
 * @example
 * solvedSection(1, 'sudoku', outcome); // 'Puzzle 1: Sudoku, verified (sudoku-bitmask, 12 search nodes, 0.3 ms)\n```\n...\n```'
 */
export function solvedSection(n: number, task: string, outcome: Pick<GridSolveOutcome, 'verified' | 'provenance' | 'rendered'>): string {
  const definition = findTask(task);
  const status = definition === undefined ? (outcome.verified ? 'verified' : 'NOT verified') : verificationLabel(definition, outcome.verified);
  return `Puzzle ${n}: ${titleOf(task)}, ${status} (${describeProvenance(outcome.provenance)})\n\`\`\`\n${outcome.rendered}\n\`\`\``;
}

/** The provenance of an LLM reply (provider and model that answered, failed attempts before it). */
export function llmProvenance(response: LlmResponse): Provenance {
  const before = (response.attempts ?? []).map((a) => `${a.provider} (${a.code}${a.status === undefined ? '' : ` ${a.status}`})`);
  return {
    solver: response.provider,
    kind: 'llm',
    model: response.model,
    verified: false,
    latencyMs: response.latencyMs,
    ...(before.length === 0 ? {} : { fallbackFrom: before }),
  };
}

/** Provenance of a note written by the router itself (no solver or model produced it). */
export function routerProvenance(solver: string, started: number): Provenance {
  return { solver, kind: 'router', verified: false, latencyMs: performance.now() - started };
}

/** Adds up calls, tokens and TRM steps (every sample the TRM ran, also where exact search answered after it). */
export function usageOf(responses: readonly LlmResponse[], results: readonly PartResult[]): Usage {
  return {
    llmCalls: responses.length,
    inputTokens: responses.reduce((n, r) => n + r.usage.inputTokens, 0),
    outputTokens: responses.reduce((n, r) => n + r.usage.outputTokens, 0),
    trmSteps: results.reduce((n, r) => n + (r.kind === 'grid' ? (r.outcome.trmSteps ?? 0) : 0), 0),
  };
}

/** Puzzle numbers (1-based) of the grid parts of a plan, in order. */
export function puzzleNumbers(plan: RoutePlan): Map<PlanPart, number> {
  const numbers = new Map<PlanPart, number>();
  for (const part of plan.parts) if (part.kind === 'grid') numbers.set(part, numbers.size + 1);
  return numbers;
}

/**
 * The merged answer: parts in the order of the request; the text shows each solved grid
 * verbatim in a code block under a line saying how it was solved, and each text part as written.
 *
 * @example
 * const answer = mergeAnswer(plan, results, usageOf(responses, results), notes);
 */
export function mergeAnswer(plan: RoutePlan, results: readonly PartResult[], usage: Usage, notes: RouterNote[]): RouterAnswer {
  const numbers = puzzleNumbers(plan);
  const parts: AnswerPart[] = [];
  const sections: string[] = [];
  for (const result of results) {
    const n = numbers.get(result.plan);
    if (result.kind === 'grid') {
      const { outcome, plan: part } = result;
      parts.push({
        kind: 'grid',
        task: part.task,
        puzzle: result.puzzle,
        solution: outcome.solution,
        rendered: outcome.rendered,
        verified: outcome.verified,
        provenance: outcome.provenance,
      });
      sections.push(solvedSection(n ?? parts.length, part.task, outcome));
    } else {
      parts.push({ kind: 'text', text: result.text, provenance: result.provenance });
      const task = result.plan.kind === 'grid' ? result.plan.task : undefined;
      sections.push(n === undefined || task === undefined ? result.text : `Puzzle ${n}: ${titleOf(task)}: ${result.text}`);
    }
  }
  return { text: sections.join('\n\n'), parts, usage, plan, notes };
}
