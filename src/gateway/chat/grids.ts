/**
 * The chat endpoints' shared step: find the grid puzzles in the user's last message (from
 * structure alone, no LLM), solve each locally through the tool kit, and describe the results
 * three ways: as a tool call and tool result for the upstream LLM, as verbatim solution
 * sections for the reply (a verified grid is never rewritten by the LLM), and as JSON.
 *
 * @example
 * const grids = await solveGridsIn(text, toolkit, { signal });
 * const sections = solutionSections(grids); // 'Puzzle 1: Sudoku, verified (...)\n```\n...\n```'
 */
import type { TaskName } from '../../core/spec.js';
import type { ToolOutcome, TrmToolkit } from '../../adapters/index.js';
import { planStructure, solvedSection } from '../../router/index.js';
import { findTask } from '../../tasks/index.js';
import type { RouterLimits } from '../../router/index.js';

/** One puzzle found in the message and what solving it gave. */
export interface SolvedGrid {
  /** Tool-call id used in the upstream transcript (`trm_<request>_<n>`). */
  id: string;
  task: TaskName;
  /** The arguments of the `solve_grid` call the gateway made for it. */
  args: { input: string; task: TaskName };
  outcome: ToolOutcome;
}

/** A task's title for people (the registry's; the name itself for a task no longer registered). */
const titleOf = (task: TaskName): string => findTask(task)?.title ?? task;

/** The text of a message content: a string, or the `text` of its text parts/blocks. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) => {
      if (typeof part !== 'object' || part === null) return '';
      const p = part as { type?: unknown; text?: unknown };
      return (p.type === 'text' || p.type === 'input_text') && typeof p.text === 'string' ? p.text : '';
    })
    .filter((t) => t !== '')
    .join('\n');
}

/**
 * Solves every puzzle that structure finds in `text` (grid parts that parse); the rest of the
 * text is the LLM's. Throws `InvalidInputError` beyond the router's size limits.
 */
export async function solveGridsIn(
  text: string,
  toolkit: TrmToolkit,
  options: { signal?: AbortSignal; limits?: Partial<RouterLimits>; idPrefix?: string } = {},
): Promise<SolvedGrid[]> {
  if (text.trim() === '') return [];
  const plan = planStructure(text, options.limits);
  const parts = plan.parts.filter((p) => p.kind === 'grid' && p.puzzle !== undefined);
  const prefix = options.idPrefix ?? 'trm';
  return Promise.all(
    parts.map(async (part, i) => {
      if (part.kind !== 'grid') throw new Error('unreachable');
      const args = { input: text.slice(part.start, part.end), task: part.task };
      const outcome = await toolkit.execute('solve_grid', args, options.signal === undefined ? {} : { signal: options.signal });
      return { id: `${prefix}_${i + 1}`, task: part.task, args, outcome };
    }),
  );
}

/** The solved grids as reply text: each verbatim in a code block under how it was solved. */
export function solutionSections(grids: readonly SolvedGrid[]): string {
  return grids
    .map((g, i) => {
      const o = g.outcome;
      if (o.isError) return `Puzzle ${i + 1}: ${titleOf(g.task)}: not solved (${o.error.code}: ${o.error.message})`;
      return solvedSection(i + 1, g.task, o.result); // the router's section: the task's title and its own verification label
    })
    .join('\n\n');
}

/** The solved grids as JSON for the `trm_router` field of a reply. */
export function gridsJson(grids: readonly SolvedGrid[]): Record<string, unknown>[] {
  return grids.map((g) =>
    g.outcome.isError
      ? { task: g.task, ok: false, error: g.outcome.error }
      : {
          task: g.task,
          ok: true,
          verified: g.outcome.result.verified,
          solution: g.outcome.result.solution,
          rendered: g.outcome.result.rendered,
          provenance: g.outcome.result.provenance,
        },
  );
}

/** Splits reply text into stream chunks of about `size` characters at line or word ends. */
export function chunkReply(text: string, size = 80): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > size) {
    let cut = rest.lastIndexOf('\n', size);
    if (cut <= 0) cut = rest.lastIndexOf(' ', size);
    if (cut <= 0) cut = size;
    chunks.push(rest.slice(0, cut + 1));
    rest = rest.slice(cut + 1);
  }
  if (rest !== '') chunks.push(rest);
  return chunks;
}
