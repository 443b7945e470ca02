/**
 * The text parts of a request go to the LLM once, with every puzzle replaced by a placeholder
 * and the solver results given as `solve_puzzle` tool results (an assistant tool call per
 * puzzle, then its result), so the model answers the questions around the puzzles while the
 * solved grids stay out of its hands.
 */
import { z } from 'zod';
import type { LlmMessage, LlmProvider, LlmResponse, LlmTool } from '../llm/spec.js';
import type { PartResult } from './merge.js';
import { describeProvenance, puzzleNumbers } from './merge.js';
import type { RoutePlan } from './plan.js';
import type { PromptLibrary } from './prompts.js';

/** The tool whose results carry the solved puzzles (already called by the router). */
export const SOLVE_PUZZLE_TOOL: LlmTool = {
  name: 'solve_puzzle',
  description: 'Solves puzzle N of the request with a local solver (TRM or exact search). Already called for every puzzle.',
  parameters: z.object({ puzzle: z.number().int().min(1), task: z.string().describe("The puzzle's task") }),
};

/** The tool result of one grid part: what was solved, by what, verified or not, or why not. */
export function toolResult(n: number, result: PartResult): Record<string, unknown> {
  if (result.kind === 'grid') {
    const { outcome } = result;
    return {
      puzzle: n,
      task: result.plan.task,
      status: 'solved',
      verified: outcome.verified,
      solvedBy: describeProvenance(outcome.provenance),
      solution: outcome.rendered,
    };
  }
  return { puzzle: n, task: result.plan.kind === 'grid' ? result.plan.task : undefined, status: 'not_solved', problem: result.text };
}

/**
 * Asks the LLM for the text parts of `text`, given the plan and the solved parts.
 *
 * @example
 * const reply = await answerText(llm, loadPrompts(), text, plan, results);
 * console.log(reply.text, reply.usage);
 */
export async function answerText(
  llm: LlmProvider,
  prompts: PromptLibrary,
  text: string,
  plan: RoutePlan,
  results: readonly PartResult[],
  options: { signal?: AbortSignal; maxOutputTokens?: number } = {},
): Promise<LlmResponse> {
  const numbers = puzzleNumbers(plan);
  // Replace puzzles right to left so earlier offsets stay valid.
  let request = text;
  for (const part of [...plan.parts].reverse()) {
    const n = numbers.get(part);
    if (part.kind !== 'grid' || n === undefined) continue;
    const placeholder = prompts.render('placeholder', { index: String(n), task: part.task }).user;
    request = request.slice(0, part.start) + placeholder + request.slice(part.end);
  }
  const graded = results.flatMap((r) => {
    const n = numbers.get(r.plan);
    return n === undefined ? [] : [{ n, r }];
  });
  const summary = graded
    .map(({ n, r }) =>
      r.kind === 'grid' ? `puzzle ${n}: ${r.plan.task}, ${r.outcome.verified ? 'solved and verified' : 'solved, not verified'}` : `puzzle ${n}: not solved`,
    )
    .join('\n');
  const prompt = prompts.render('answer', { request: request.trim(), parts: summary === '' ? '-' : summary });
  const messages: LlmMessage[] = [
    ...(prompt.system === '' ? [] : [{ role: 'system' as const, content: prompt.system }]),
    { role: 'user', content: prompt.user },
  ];
  if (graded.length > 0) {
    messages.push({
      role: 'assistant',
      content: '',
      toolCalls: graded.map(({ n, r }) => ({
        id: `puzzle_${n}`,
        name: SOLVE_PUZZLE_TOOL.name,
        arguments: { puzzle: n, task: r.plan.kind === 'grid' ? r.plan.task : 'unknown' },
      })),
    });
    for (const { n, r } of graded) {
      messages.push({ role: 'tool', toolCallId: `puzzle_${n}`, toolName: SOLVE_PUZZLE_TOOL.name, content: JSON.stringify(toolResult(n, r)) });
    }
  }
  return llm.generate({
    messages,
    ...(graded.length > 0 ? { tools: [SOLVE_PUZZLE_TOOL], toolChoice: 'none' as const } : {}),
    ...(options.maxOutputTokens === undefined ? {} : { maxOutputTokens: options.maxOutputTokens }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
}
