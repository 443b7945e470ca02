/**
 * The router's LLM calls, each with a prompt from `prompts/` and a zod-validated reply:
 * classifying ambiguous regions, extracting a puzzle described in words, and solving an ARC
 * task that no local model knows. Each returns its response (usage, provenance) or a failure
 * message that the answer reports; none guesses.
 */
import { z } from 'zod';
import { ProviderError, isTrmRouterError } from '../core/errors.js';
import type { LlmProvider, LlmResponse } from '../llm/spec.js';
import { generateObject } from '../llm/structured.js';
import { toJsonSchema } from '../llm/json-schema.js';
import { getTask, listTasks, parseTask, taskNames } from '../tasks/registry.js';
import type { AnyPuzzle, AnyTaskDefinition } from '../tasks/registry.js';
import type { AmbiguousRegion, GridPlanPart } from './plan.js';
import { PROMPT_VARIABLES } from './prompts.js';
import type { PromptLibrary, PromptName, PromptVariables } from './prompts.js';

const messages = (p: { system: string; user: string }) => [
  ...(p.system === '' ? [] : [{ role: 'system' as const, content: p.system }]),
  { role: 'user' as const, content: p.user },
];

function describeFailure(error: unknown): string {
  return isTrmRouterError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
}

/** The reply of the `classify` prompt, over the tasks registered now. */
export function classifyReplySchema() {
  const names = taskNames() as [string, ...string[]];
  return z.object({
    regions: z.array(
      z.object({
        id: z.number().int().describe('The candidate id'),
        isPuzzle: z.boolean().describe('True when the user wants this region solved as a puzzle'),
        task: z.enum(names).nullable().describe('The puzzle kind, or null when it is not a puzzle'),
        reason: z.string().describe('A few words on why'),
      }),
    ),
  });
}

export interface ClassifyResult {
  promoted: GridPlanPart[];
  remaining: AmbiguousRegion[];
  response: LlmResponse;
}

/**
 * Asks the LLM which ambiguous regions are puzzles; those it confirms (and that parse as the
 * task it names) become grid parts (`source: 'llm'`). Provider errors propagate.
 *
 * @example
 * const { promoted, remaining } = await classifyRegions(llm, loadPrompts(), text, regions.ambiguous);
 */
export async function classifyRegions(
  llm: LlmProvider,
  prompts: PromptLibrary,
  text: string,
  regions: readonly AmbiguousRegion[],
  signal?: AbortSignal,
): Promise<ClassifyResult> {
  const candidates = regions.map((r, i) => `${i + 1} | ${r.task} |\n<<<\n${text.slice(r.start, r.end)}\n>>>`).join('\n');
  const { object, response } = await generateObject(llm, {
    name: 'route_regions',
    schema: classifyReplySchema(),
    messages: messages(
      prompts.render('classify', {
        request: text,
        candidates,
        tasks: listTasks()
          .map((t) => `- ${t.name}: ${t.codec.description}`)
          .join('\n'),
      }),
    ),
    temperature: 0,
    ...(signal === undefined ? {} : { signal }),
  });
  const promoted: GridPlanPart[] = [];
  const remaining: AmbiguousRegion[] = [];
  regions.forEach((region, i) => {
    const verdict = object.regions.find((r) => r.id === i + 1);
    const task = verdict?.task ?? region.task;
    let puzzle: AnyPuzzle | undefined = task === region.task ? region.puzzle : undefined;
    if (verdict?.isPuzzle === true && puzzle === undefined) {
      try {
        puzzle = parseTask(text.slice(region.start, region.end), task);
      } catch {
        puzzle = undefined;
      }
    }
    if (verdict?.isPuzzle === true && puzzle !== undefined) {
      promoted.push({
        kind: 'grid',
        task,
        confidence: region.score,
        start: region.start,
        end: region.end,
        source: 'llm',
        reason: `${region.reason}; ${response.provider} classified it as a ${task}: ${verdict.reason}`,
        puzzle,
      });
    } else {
      remaining.push(region);
    }
  });
  return { promoted, remaining, response };
}

export type LlmStepResult<T> = { ok: true; value: T; response: LlmResponse } | { ok: false; problem: string; response?: LlmResponse };

/**
 * Extracts a puzzle described in words into the task's zod schema, then validates it with the
 * task's parser. A reply that is not found, does not match or does not parse is a failure
 * with the reason; never a guess.
 *
 * @example
 * const result = await extractPuzzle(llm, loadPrompts(), task.name, 'row 1 is 5 3 _ _ 7 ...');
 * if (!result.ok) console.log(result.problem);
 */
export async function extractPuzzle(
  llm: LlmProvider,
  prompts: PromptLibrary,
  task: string,
  request: string,
  signal?: AbortSignal,
): Promise<LlmStepResult<AnyPuzzle>> {
  const codec = getTask(task).codec;
  const schema = z.object({ found: z.boolean(), puzzle: codec.puzzleSchema.nullable(), problem: z.string().nullable() });
  let reply: { object: z.infer<typeof schema>; response: LlmResponse };
  try {
    reply = await generateObject(llm, {
      name: `extract_${task}`,
      schema,
      messages: messages(
        prompts.render('extract', { task, description: codec.description, schema: JSON.stringify(toJsonSchema(codec.puzzleSchema)), request }),
      ),
      temperature: 0,
      ...(signal === undefined ? {} : { signal }),
    });
  } catch (error) {
    if (isTrmRouterError(error) && (error.code === 'aborted' || !(error instanceof ProviderError && error.reason === 'invalid_output'))) throw error;
    return { ok: false, problem: `the ${task} could not be read from the description (${describeFailure(error)})` };
  }
  const { object, response } = reply;
  if (!object.found || object.puzzle === null) {
    return { ok: false, problem: `the description does not give a complete ${task}: ${object.problem ?? 'no reason given'}`, response };
  }
  try {
    return { ok: true, value: parseTask(object.puzzle, task), response };
  } catch (error) {
    return { ok: false, problem: `the ${task} read from the description is not valid: ${describeFailure(error)}`, response };
  }
}

/**
 * Answers a puzzle with the LLM through its task's own prompt (`TaskDefinition.llm`: ARC's
 * `solve-arc`); the reply is validated by its schema, then by the task's verifier.
 *
 * @example
 * const result = await solveWithLlm(llm, loadPrompts(), getTask('arc'), task);
 */
export async function solveWithLlm(
  llm: LlmProvider,
  prompts: PromptLibrary,
  task: AnyTaskDefinition,
  puzzle: unknown,
  signal?: AbortSignal,
): Promise<LlmStepResult<unknown>> {
  const spec = task.llm;
  if (spec === undefined || !(spec.prompt in PROMPT_VARIABLES)) return { ok: false, problem: `${task.title} cannot be answered by the LLM` };
  let reply: { object: Record<string, unknown>; response: LlmResponse };
  try {
    reply = await generateObject(llm, {
      name: spec.replyName,
      schema: spec.reply,
      messages: messages(prompts.render(spec.prompt as PromptName, spec.variables(puzzle) as PromptVariables<PromptName>)),
      temperature: 0,
      ...(signal === undefined ? {} : { signal }),
    });
  } catch (error) {
    if (isTrmRouterError(error) && (error.code === 'aborted' || !(error instanceof ProviderError && error.reason === 'invalid_output'))) throw error;
    return { ok: false, problem: `the LLM's ${task.title} answer was not well-formed (${describeFailure(error)})` };
  }
  const solution = spec.solution(reply.object);
  const check = task.codec.verify(puzzle, solution);
  if (!check.ok) {
    const problems = check.problems.map((p) => p.message).join('; ');
    return { ok: false, problem: `the LLM's ${task.title} answer is not a valid solution: ${problems}`, response: reply.response };
  }
  return { ok: true, value: solution, response: reply.response };
}
