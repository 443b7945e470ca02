/**
 * Evaluating an ARC model as the official evaluator (TinyRecursiveModels evaluators/arc.py)
 * does: every test input of every task is run under each augmentation the model knows for the
 * task (its puzzle identifiers; identity first, at most `augmentations`), the answers mapped
 * back and voted on (count, then mean halting probability: `voteArcCandidates`), and the top
 * two groups are the two attempts. A test input is solved at pass@k when one of the first k
 * attempts equals its solution exactly; a task scores the fraction of its test inputs solved;
 * pass@k is the mean over tasks. A task the model has no identifiers for is unanswered: it
 * scores 0 and is counted, never dropped. The run goes through the same solver as `solve_arc`
 * (`createTaskTrmSolver`).
 *
 * @example
 * const tasks = parseArcEvalData(challengesText, solutionsText);
 * const result = await evaluateArc(await loadModel(dir), tasks, { halt: 'fixed', dataset: 'arc-agi-1 evaluation' });
 * console.log(formatArcEval(result));
 */
import { InvalidInputError } from '../../core/index.js';
import { arcTask, parseArcDataset, scoreArcPassK } from '../../tasks/arc/index.js';
import type { ArcGrid, ArcTask, ArcVote } from '../../tasks/arc/index.js';
import { TrmEngine } from '../engine.js';
import type { TrmAccuracy } from '../manifest.js';
import type { TrmModel } from '../model.js';
import { createTaskTrmSolver } from '../solver.js';
import type { HaltPolicy } from '../stop.js';
import { round, writeAccuracyEntry } from './record.js';

/** How one task scored. */
export interface ArcTaskScore {
  id: string;
  testInputs: number;
  /** Whether the model knows the task (has puzzle identifiers for it); an unanswered task scores 0. */
  answered: boolean;
  /** Fraction of its test inputs whose top-voted answer equals the solution. */
  pass1: number;
  /** Fraction of its test inputs solved by one of the top two voted answers. */
  pass2: number;
  /** Augmentations run (and voted) per test input; 0 when unanswered. */
  samples: number;
}

export interface ArcEvalResult {
  model: string;
  dataset: string;
  halt: HaltPolicy;
  maxSteps: number;
  threshold: number;
  /** The cap on augmentations per test input that was asked for; `null`: every one the model knows. */
  augmentations: number | null;
  /** Most augmentations voted per test input in this run. */
  maxSamples: number;
  tasks: number;
  /** Tasks the model has puzzle identifiers for. */
  answerableTasks: number;
  testInputs: number;
  answerableTestInputs: number;
  /** Mean over all tasks of the fraction of test inputs solved by the top vote (official: unanswered tasks score 0). */
  pass1: number;
  /** The same with the top two votes as attempts: the official ARC score. */
  pass2: number;
  /** pass@1 and pass@2 over the answerable tasks only; `null` when there are none. */
  answerablePass1: number | null;
  answerablePass2: number | null;
  /** Test inputs solved at pass@1 and pass@2, as fractions of all test inputs. */
  testInputPass1: number;
  testInputPass2: number;
  /** Mean supervision steps of the answered tasks (the most any of their samples took). */
  meanSteps: number;
  seconds: number;
  /** Ids of the tasks the model has no identifiers for. */
  unanswered: string[];
  perTask: ArcTaskScore[];
}

export interface ArcEvalOptions {
  halt: HaltPolicy;
  maxSteps?: number;
  threshold?: number;
  /** Most augmentations per test input (identity first); default every one the model knows. */
  augmentations?: number;
  batch?: number;
  dataset: string;
  /** Tasks run at once (each runs all its test inputs and augmentations together); default 8. */
  concurrency?: number;
  onProgress?: ((done: number, total: number) => void) | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string, field: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidInputError(`${field} is not JSON: ${(error as Error).message}`, { field, cause: error });
  }
}

/**
 * Reads ARC evaluation data: a challenges file in the Kaggle layout of ARC-AGI-1 and ARC-AGI-2
 * (`{task_id: {train, test: [{input}]}}`) with its solutions file (`{task_id: [output per test
 * input]}`), or challenges whose test items carry their `output` already (then `solutionsText`
 * may be omitted), or one task as the ARC-AGI repositories store it (`{train, test: [{input,
 * output}]}`, its id `singleTaskId`). Every test input must have a solution. Errors are
 * `InvalidInputError` naming the task and the field (`--data`, `--solutions`).
 *
 * @example
 * const tasks = parseArcEvalData(readFileSync('data/arc/arc-agi-1_evaluation_challenges.json', 'utf8'),
 *   readFileSync('data/arc/arc-agi-1_evaluation_solutions.json', 'utf8'));
 */
export function parseArcEvalData(challengesText: string, solutionsText?: string, singleTaskId = 'task'): ArcTask[] {
  let challenges = parseJson(challengesText, '--data');
  if (isRecord(challenges) && Array.isArray(challenges.train) && Array.isArray(challenges.test)) {
    challenges = { [singleTaskId]: challenges };
  }
  const solutions = solutionsText === undefined ? undefined : parseJson(solutionsText, '--solutions');
  let tasks: Map<string, ArcTask>;
  try {
    tasks = parseArcDataset(challenges, solutions);
  } catch (error) {
    if (error instanceof InvalidInputError) {
      const field = typeof error.details.field === 'string' ? error.details.field : '';
      const option = field.startsWith('solutions') ? '--solutions' : '--data';
      throw new InvalidInputError(`${option}: ${error.message}`, {
        field: option,
        cause: error,
        details: { at: field },
      });
    }
    throw error;
  }
  const list = [...tasks.values()];
  if (list.length === 0) throw new InvalidInputError('the ARC challenges file holds no tasks', { field: '--data' });
  for (const task of list) {
    const missing = task.test.findIndex((item) => item.output === undefined);
    if (missing >= 0) {
      throw new InvalidInputError(`ARC task ${task.id ?? ''} test input ${missing} has no solution: give the solutions file with --solutions`, {
        field: '--solutions',
      });
    }
  }
  return list;
}

/** Runs `fn` on every item with at most `limit` at once, results in order. */
async function mapPool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

const mean = (xs: readonly number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

/** Evaluates an ARC `model` on `tasks` (each with its test outputs). */
export async function evaluateArc(model: TrmModel, tasks: readonly ArcTask[], options: ArcEvalOptions): Promise<ArcEvalResult> {
  const m = model.manifest;
  if (m.task !== arcTask.name) throw new InvalidInputError(`Model ${m.name} solves ${m.task}, not ARC`, { field: '--model' });
  if (options.halt === 'verified') {
    throw new InvalidInputError('ARC answers cannot be verified, so the verified stop would stop on the label: use --halt fixed or adaptive', {
      field: '--halt',
    });
  }
  const maxSteps = options.maxSteps ?? m.recursion.haltMaxSteps;
  const threshold = options.threshold ?? m.halting?.threshold ?? 0;
  const solver = createTaskTrmSolver(arcTask, model, {
    halt: options.halt,
    maxSteps,
    threshold,
    engine: new TrmEngine(model, { maxBatch: options.batch ?? 64 }),
    ...(options.augmentations === undefined ? {} : { maxSamples: options.augmentations }),
  });
  const started = performance.now();
  let done = 0;
  const steps: number[] = [];
  const perTask = await mapPool(tasks, options.concurrency ?? 8, async (task): Promise<ArcTaskScore> => {
    const id = task.id ?? '';
    const testInputs = task.test.length;
    let score: ArcTaskScore = { id, testInputs, answered: false, pass1: 0, pass2: 0, samples: 0 };
    if (arcTask.trm.unfit(m, task) === null) {
      const result = await solver.solve(task);
      const ranked = result.alternatives as ArcVote[][];
      const solved = (k: number): number => task.test.filter((item, i) => scoreArcPassK(ranked[i] ?? [], item.output as ArcGrid, k)).length / testInputs;
      steps.push(result.provenance.steps ?? 0);
      score = { id, testInputs, answered: true, pass1: solved(1), pass2: solved(2), samples: result.samples };
    }
    options.onProgress?.(++done, tasks.length);
    return score;
  });
  const answered = perTask.filter((t) => t.answered);
  const inputs = (list: readonly ArcTaskScore[], pass: (t: ArcTaskScore) => number): number =>
    list.reduce((sum, t) => sum + Math.round(pass(t) * t.testInputs), 0);
  const testInputs = inputs(perTask, () => 1);
  return {
    model: m.name,
    dataset: options.dataset,
    halt: options.halt,
    maxSteps,
    threshold,
    augmentations: options.augmentations ?? null,
    maxSamples: Math.max(0, ...perTask.map((t) => t.samples)),
    tasks: perTask.length,
    answerableTasks: answered.length,
    testInputs,
    answerableTestInputs: inputs(answered, () => 1),
    pass1: mean(perTask.map((t) => t.pass1)),
    pass2: mean(perTask.map((t) => t.pass2)),
    answerablePass1: answered.length === 0 ? null : mean(answered.map((t) => t.pass1)),
    answerablePass2: answered.length === 0 ? null : mean(answered.map((t) => t.pass2)),
    testInputPass1: testInputs === 0 ? 0 : inputs(perTask, (t) => t.pass1) / testInputs,
    testInputPass2: testInputs === 0 ? 0 : inputs(perTask, (t) => t.pass2) / testInputs,
    meanSteps: mean(steps),
    seconds: (performance.now() - started) / 1000,
    unanswered: perTask.filter((t) => !t.answered).map((t) => t.id),
    perTask,
  };
}

/** The result as a table for people. */
export function formatArcEval(r: ArcEvalResult): string {
  const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
  const shown = r.unanswered.slice(0, 8).join(', ') + (r.unanswered.length > 8 ? `, ... (${r.unanswered.length - 8} more)` : '');
  return [
    `model              ${r.model}`,
    `data               ${r.dataset} (${r.tasks} tasks, ${r.testInputs} test inputs)`,
    `answerable         ${r.answerableTasks} of ${r.tasks} tasks, ${r.answerableTestInputs} of ${r.testInputs} test inputs (the model has puzzle identifiers for them)`,
    `unanswered         ${r.unanswered.length === 0 ? 'none' : `${r.unanswered.length} task${r.unanswered.length === 1 ? '' : 's'}, scored 0: ${shown}`}`,
    `augmentations      ${r.augmentations === null ? 'every one the model knows' : `at most ${r.augmentations}`} per test input (at most ${r.maxSamples} run), voted`,
    `halting            ${r.halt}${r.halt === 'adaptive' ? ` (q_halt > ${r.threshold})` : ''}, max ${r.maxSteps} steps`,
    `pass@1             ${pct(r.pass1)} of tasks (${pct(r.answerablePass1)} of answerable), ${pct(r.testInputPass1)} of test inputs`,
    `pass@2             ${pct(r.pass2)} of tasks (${pct(r.answerablePass2)} of answerable), ${pct(r.testInputPass2)} of test inputs`,
    `mean steps         ${r.meanSteps.toFixed(2)}`,
    `time               ${r.seconds.toFixed(1)} s`,
  ].join('\n');
}

/**
 * Adds the result to the accuracy list of `dir/manifest.json` (replacing an entry of the same
 * data set, halting and augmentations): `exact` is pass@1 (the answer `solve_arc` gives),
 * with `pass1`, `pass2`, the answerable tasks and the augmentations voted.
 */
export async function recordArcAccuracy(dir: string, r: ArcEvalResult, command: string): Promise<void> {
  const entry: TrmAccuracy = {
    dataset: r.dataset,
    puzzles: r.tasks,
    exact: round(r.pass1),
    pass1: round(r.pass1),
    pass2: round(r.pass2),
    answerable: r.answerableTasks,
    testInputs: r.testInputs,
    testInputPass2: round(r.testInputPass2),
    augmentations: r.maxSamples,
    meanSteps: round(r.meanSteps),
    halt: r.halt === 'adaptive' ? `adaptive(q_halt>${r.threshold}, max ${r.maxSteps})` : `${r.halt}(max ${r.maxSteps})`,
    command,
  };
  await writeAccuracyEntry(dir, entry, (a) => a.dataset === entry.dataset && a.halt === entry.halt && a.augmentations === entry.augmentations);
}
