/**
 * The router: one call takes a user's problem through detect -> classify/split -> extract ->
 * solve -> merge and returns one `Answer`. Grid parts go to local solvers (TRM, verified, exact
 * fallback); text parts go to the LLM with the solver results as tool results; the LLM is asked
 * only where structure leaves it open (ambiguous regions, puzzles described in words, ARC tasks
 * no local model knows). Without an LLM the grid parts are still answered and the text parts
 * say how to configure one. Size limits are checked before anything else.
 *
 * @example
 * const router = createRouter({ llm: createLlmFromConfig(config), modelDirs: config.modelDirs });
 * const answer = await router.answer('Solve this and tell me who invented sudoku: 53..7....6..195....98....');
 * console.log(answer.text, answer.usage);
 */
import { ProviderError, isTrmRouterError } from '../core/errors.js';
import { PACKAGE_MODELS_DIR } from '../core/package-paths.js';
import { registerInstalledTasks } from '../trm/catalog.js';
import type { Provenance, Usage } from '../core/spec.js';
import { providerSummary } from '../llm/errors.js';
import { LLM_SETUP_HINT } from '../llm/from-config.js';
import type { LlmProvider, LlmResponse } from '../llm/spec.js';
import { findTask, getTask } from '../tasks/registry.js';
import type { AnyPuzzle } from '../tasks/registry.js';
import { canonicalKey, SolveCache } from './cache.js';
import { checkInputSize, DEFAULT_LIMITS } from './limits.js';
import type { RouterLimits } from './limits.js';
import { classifyRegions, extractPuzzle, solveWithLlm } from './llm-steps.js';
import { createLocalSolvers } from './local-solvers.js';
import type { GridSolveOutcome, LocalSolvers } from './local-solvers.js';
import { llmProvenance, mergeAnswer, routerProvenance, usageOf } from './merge.js';
import type { PartResult, RouterAnswer, RouterNote } from './merge.js';
import { assemblePlan, findRegions } from './plan.js';
import type { GridPlanPart, Regions, RoutePlan } from './plan.js';
import { loadPrompts } from './prompts.js';
import type { PromptLibrary } from './prompts.js';
import { answerText } from './text-answer.js';

export interface RouterOptions {
  /** The LLM (a provider or a fallback chain); without one, text parts get a configuration note. */
  llm?: LlmProvider;
  /** Local solvers; default `createLocalSolvers({ modelDirs, threads })`. */
  solvers?: LocalSolvers;
  /** Folders of TRM models for the default solvers. Default: the package's own models. */
  modelDirs?: readonly string[];
  threads?: number;
  prompts?: PromptLibrary;
  limits?: Partial<RouterLimits>;
  /** Cache of verified solutions; `false` for none. Default: 512 entries, 8 MiB. */
  cache?: SolveCache | false;
  /** Deadline of one local solve, ms. */
  solveTimeoutMs?: number;
  /** Cap on the LLM's answer to the text parts. Default 1024. */
  maxOutputTokens?: number;
  /** How to configure an LLM, shown when none is. */
  llmSetupHint?: string;
}

export interface RouteOptions {
  signal?: AbortSignal;
}

export interface Router {
  readonly llm: LlmProvider | undefined;
  /** The plan, without solving: structure first, the LLM only for ambiguous regions (`useLlm`, default true). */
  plan(text: string, options?: RouteOptions & { useLlm?: boolean }): Promise<{ plan: RoutePlan; usage: Usage }>;
  /** The whole route: one merged answer. Throws only for bad input (size limits, empty) and aborts. */
  answer(text: string, options?: RouteOptions): Promise<RouterAnswer>;
}

/** A task as a word in a note ("This looks like a Sudoku but ..."). */
const word = (task: string): string => findTask(task)?.title ?? task;

/** A failure as a note says it; a provider's by its kind and status only (`providerSummary`: its own words may quote a key). */
function problemOf(error: unknown): string {
  if (error instanceof ProviderError) return `${error.code}: ${providerSummary(error)}`;
  return isTrmRouterError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
}

function rethrowAbort(error: unknown): void {
  if (isTrmRouterError(error) && error.code === 'aborted') throw error;
}

/**
 * A router. Everything is optional: without `llm` text parts get a note, without `solvers`
 * the TRM models in `modelDirs` (else exact search) solve the grids.
 *
 * @example
 * const router = createRouter({ llm: withFallback([withRetry(openai), withRetry(claude)]) });
 * const { plan } = await router.plan(text, { useLlm: false });
 */
export function createRouter(options: RouterOptions = {}): Router {
  const llm = options.llm;
  const limits: RouterLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const prompts = options.prompts ?? loadPrompts();
  const modelDirs = options.modelDirs ?? [PACKAGE_MODELS_DIR];
  registerInstalledTasks(modelDirs); // the learned tasks of the installed models are found like any other
  const solvers = options.solvers ?? createLocalSolvers({ modelDirs, threads: options.threads ?? 0 });
  const cache = options.cache === false ? undefined : (options.cache ?? new SolveCache());
  const hint = options.llmSetupHint ?? LLM_SETUP_HINT;
  const noLlm = (what: string): string => `${what} needs a language model, and none is configured: ${hint}.`;

  /** Structure first; the LLM classifies ambiguous regions when there is one. */
  async function route(text: string, useLlm: boolean, responses: LlmResponse[], notes: RouterNote[], signal?: AbortSignal): Promise<RoutePlan> {
    checkInputSize(text, limits);
    let regions: Regions = findRegions(text, limits);
    let plan = assemblePlan(text, regions, limits);
    if (llm !== undefined && useLlm && regions.ambiguous.length > 0) {
      try {
        const classified = await classifyRegions(llm, prompts, text, regions.ambiguous, signal);
        responses.push(classified.response);
        regions = { grids: [...regions.grids, ...classified.promoted], ambiguous: classified.remaining };
        plan = assemblePlan(text, regions, limits);
      } catch (error) {
        rethrowAbort(error);
        notes.push({ code: 'llm_failed', message: `Classifying grid-like regions failed, so they stay text (${problemOf(error)})` });
      }
    }
    return plan;
  }

  async function solveLocally(
    parsed: AnyPuzzle,
    responses: LlmResponse[],
    notes: RouterNote[],
    index: number,
    signal?: AbortSignal,
  ): Promise<GridSolveOutcome | string> {
    const key = canonicalKey(parsed);
    const cached = cache?.get(key);
    if (cached !== undefined) {
      notes.push({ code: 'cache_hit', part: index, message: `Puzzle served from the cache of solved puzzles (first solved by ${cached.provenance.solver})` });
      return cached;
    }
    const outcome = await solvers.solve(parsed, {
      ...(signal === undefined ? {} : { signal }),
      ...(options.solveTimeoutMs === undefined ? {} : { timeoutMs: options.solveTimeoutMs }),
    });
    if (outcome !== undefined) {
      if (outcome.verified) cache?.set(key, outcome);
      return outcome;
    }
    const task = getTask(parsed.task);
    if (task.llm === undefined) return `no local solver for ${task.title} (no installed model can take it)`;
    if (llm === undefined) return noLlm(`No installed TRM model can take this ${task.title}, so solving it`);
    const reply = await solveWithLlm(llm, prompts, task, parsed.puzzle, signal);
    if (reply.response !== undefined) responses.push(reply.response);
    if (!reply.ok) return reply.problem;
    const provenance: Provenance = llmProvenance(reply.response);
    return { solution: reply.value, rendered: task.codec.formatSolution(reply.value, parsed.puzzle), verified: false, provenance };
  }

  async function solvePart(
    part: GridPlanPart,
    index: number,
    text: string,
    responses: LlmResponse[],
    notes: RouterNote[],
    signal?: AbortSignal,
  ): Promise<PartResult> {
    const started = performance.now();
    const note = (code: RouterNote['code'], message: string, solver = 'router'): PartResult => {
      notes.push({ code, part: index, message });
      return { kind: 'text', plan: part, text: message, provenance: routerProvenance(solver, started) };
    };
    if (part.invalid !== undefined) {
      return note('invalid_puzzle', `This looks like a ${word(part.task)} but it cannot be read: ${part.invalid.message}`);
    }
    let parsed = part.puzzle;
    if (parsed === undefined) {
      if (llm === undefined) return note('no_llm', noLlm(`This ${word(part.task)} is described in words; reading it`), 'router:no-llm');
      try {
        const extracted = await extractPuzzle(llm, prompts, part.task, text.slice(part.start, part.end), signal);
        if (extracted.response !== undefined) responses.push(extracted.response);
        if (!extracted.ok) return note('extraction_failed', `Could not read the ${word(part.task)}: ${extracted.problem}`);
        parsed = extracted.value;
      } catch (error) {
        rethrowAbort(error);
        return note('llm_failed', `Could not read the ${word(part.task)}: the language model failed (${problemOf(error)})`);
      }
    }
    try {
      const outcome = await solveLocally(parsed, responses, notes, index, signal);
      if (typeof outcome === 'string') return note('not_solved', `The ${word(part.task)} was not solved: ${outcome}`);
      return { kind: 'grid', plan: part, puzzle: parsed.puzzle, outcome };
    } catch (error) {
      rethrowAbort(error);
      if (isTrmRouterError(error) && error.code === 'unsolvable') return note('unsolvable', `This ${word(part.task)} has no solution: ${error.message}`);
      return note('not_solved', `The ${word(part.task)} was not solved (${problemOf(error)})`);
    }
  }

  return {
    llm,

    async plan(text, planOptions = {}) {
      const responses: LlmResponse[] = [];
      const plan = await route(text, planOptions.useLlm ?? true, responses, [], planOptions.signal);
      return { plan, usage: usageOf(responses, []) };
    },

    async answer(text, answerOptions = {}) {
      const { signal } = answerOptions;
      const responses: LlmResponse[] = [];
      const notes: RouterNote[] = [];
      const plan = await route(text, true, responses, notes, signal);
      const solved = await Promise.all(
        plan.parts.map((part, i) => (part.kind === 'grid' ? solvePart(part, i, text, responses, notes, signal) : Promise.resolve(undefined))),
      );
      const results: PartResult[] = [];
      for (const [i, part] of plan.parts.entries()) {
        const done = solved[i];
        if (done !== undefined) {
          results.push(done);
          continue;
        }
        if (part.kind !== 'text') continue;
        const started = performance.now();
        if (part.ambiguous !== undefined && llm === undefined) {
          const what = part.ambiguous.map((a) => `a ${a.task}-like region (confidence ${a.score})`).join(', ');
          notes.push({
            code: 'left_as_text',
            part: i,
            message: `Left ${what} as text: structure alone does not say it is a puzzle, and no language model is configured to ask`,
          });
        }
        if (llm === undefined) {
          notes.push({ code: 'no_llm', part: i, message: 'No language model is configured' });
          const asked = part.text.length > 80 ? `${part.text.slice(0, 77)}...` : part.text;
          results.push({ kind: 'text', plan: part, text: noLlm(`Answering "${asked}"`), provenance: routerProvenance('router:no-llm', started) });
          continue;
        }
        try {
          const reply = await answerText(
            llm,
            prompts,
            text,
            plan,
            solved.filter((r): r is PartResult => r !== undefined),
            {
              maxOutputTokens: options.maxOutputTokens ?? 1024,
              ...(signal === undefined ? {} : { signal }),
            },
          );
          responses.push(reply);
          results.push({ kind: 'text', plan: part, text: reply.text, provenance: llmProvenance(reply) });
        } catch (error) {
          rethrowAbort(error);
          const message = `The language model could not answer this part (${problemOf(error)})`;
          notes.push({ code: 'llm_failed', part: i, message });
          results.push({ kind: 'text', plan: part, text: message, provenance: routerProvenance('router:llm-failed', started) });
        }
      }
      return mergeAnswer(plan, results, usageOf(responses, results), notes);
    },
  };
}
