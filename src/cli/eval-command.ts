/**
 * `trm-router eval --model DIR --data FILE [--halt fixed|adaptive|verified] [--curves] [--record] [--json]`
 *
 * Runs a model through the TS runtime on a data file of its task (read through the task's
 * `data`, built-in or learned) and prints exact, token-exact and cell accuracy, mean supervision
 * steps, halting precision and puzzles/s (`evaluateModel`), or with `--curves` every halting
 * policy measured in one pass. An ARC model reads ARC JSON (challenges, with `--solutions`) and
 * is scored as the official evaluator scores it: pass@1 and pass@2 over augmentation votes
 * (`evaluateArc`, `--augmentations N`). `--record` writes the figures into the model's
 * manifest: the accuracy numbers in every shipped manifest come from this command.
 * `--installed --task NAME` scores the solve policy instead of one model: each puzzle through
 * `solveParsed` with solver `trm` over the installed models (the best family that takes it, then
 * second opinions while the answer does not verify, then the exploration a family had not run and
 * every sample continued to more steps), as `solve --solver trm` answers it.
 */
import { basename, dirname, join } from 'node:path';
import { InvalidInputError, NotSupportedError } from '../core/index.js';
import { arcTask } from '../tasks/arc/index.js';
import { getTask, listTasks, taskNames } from '../tasks/index.js';
import {
  HALT_POLICIES,
  chooseAdaptive,
  chooseHalting,
  evaluateArc,
  evaluateModel,
  formatArcEval,
  formatCurves,
  formatEval,
  haltingCurves,
  loadModel,
  modelTask,
  parseArcEvalData,
  parseEvalData,
  recordAccuracy,
  recordArcAccuracy,
  recordHalting,
  recordSteps,
  solveParsed,
} from '../trm/index.js';
import { defineCommand, opt, wrap } from './command.js';
import type { OptionValues } from './command.js';
import type { CliIo } from './io.js';
import type { Config } from '../config.js';
import type { HaltPolicy, TrmModel } from '../trm/index.js';
import { EXIT } from './io.js';

/** A bar redrawn in place on a terminal; in a log, one line per 10%. */
function progressBar(io: CliIo): (done: number, total: number) => void {
  const tty = io.stderrIsTTY === true;
  let last = -1;
  return (done, total) => {
    const pct = Math.floor((done / total) * (tty ? 100 : 10));
    if (pct === last && done !== total) return;
    last = pct;
    const width = 30;
    const filled = Math.round((done / total) * width);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
    io.stderr(tty ? `\r${bar}${done === total ? '\n' : ''}` : `${bar}\n`);
  };
}

/** What a data file of each registered task looks like, for the help. */
function dataFormats(): string {
  const rows = listTasks()
    .filter((t) => t.data !== undefined)
    .map((t) => `  ${wrap(`${t.name}: ${t.data?.formats ?? ''}`, 98, 4)}`);
  return [
    'Evaluates a TRM model on FILE, a data file of its task, through the TypeScript runtime. Exact accuracy\n' +
      "counts the answers the task's verifier accepts (a learned task has none: the whole output grid right);\n" +
      'token-exact, every cell equal to the label (the official metric). Data files:',
    ...rows,
    '  a learned task: JSON lines {"input": grid, "output": grid}',
    `  ${wrap(
      `${arcTask.name}: ARC-AGI-1 or -2 JSON, challenges` +
        ' {task_id: {train, test: [{input}]}} with --solutions {task_id: [output per ' +
        'test input]} (default: the challenges file name with "challenges" replaced by "solutions", where it exists), or ' +
        'one task {train, test: [{input, output}]}. Every known augmentation of each test input is run and voted (count, ' +
        'then mean halting probability), as the official evaluator: pass@1 and pass@2 are the mean over tasks of the ' +
        'test inputs solved by the top 1 and top 2 answers; tasks the model has no puzzle identifiers for are unanswered ' +
        'and score 0',
      98,
      4,
    )}`,
  ].join('\n');
}

/** The solutions file of an ARC challenges file: `--solutions`, else its `_solutions` sibling where one exists. */
async function readArcSolutions(io: CliIo, data: string, solutions: string | undefined): Promise<string | undefined> {
  if (solutions !== undefined) return io.readFile(solutions);
  const name = basename(data);
  if (!name.includes('challenges')) return undefined;
  try {
    return await io.readFile(join(dirname(data), name.replace(/challenges(?!.*challenges)/, 'solutions')));
  } catch {
    return undefined; // the test items may carry their outputs
  }
}

const EVAL_OPTIONS = {
  model: opt.model({ value: 'DIR', description: 'the model folder', defaultText: 'required, unless --installed' }),
  installed: opt.flag({
    description:
      'evaluate what `solve --solver trm` answers with the installed models instead of one model: for each puzzle the ' +
      'best model family that takes it, then the others while its answer does not verify, then more samples and ' +
      'steps for them (needs --task)',
  }),
  task: opt.choice({ choices: () => taskNames(), description: 'with --installed: the task of the data file' }),
  'gateway-limits': opt.flag({
    description:
      "with --installed: under the gateway's compute caps (TRM_ROUTER_MAX_STEPS, TRM_ROUTER_MAX_EXPLORE, TRM_ROUTER_SOLVE_BUDGET), " +
      'as `serve` answers: the models fitted to them, every solve within the budget',
  }),
  data: opt.string({ value: 'FILE', required: true, description: "a data file of the model's task" }),
  halt: opt.choice({
    choices: () => HALT_POLICIES,
    defaultText: "fixed, as the official evaluation; with --installed, each model's own",
    description: 'halting policy',
  }),
  'max-steps': opt.positiveInt({ description: 'cap on supervision steps', defaultText: "the model's maximum" }),
  threshold: opt.number({
    description: 'q_halt logit threshold for adaptive halting',
    defaultText: "the manifest's, chosen from the curves, else 0",
  }),
  explore: opt.integer({
    value: 'K',
    min: 0,
    description:
      "when an answer does not verify, up to K more samples: the task's symmetries (a maze rotated or mirrored, or its start and goal swapped), then noisy " +
      'recursions, as `solve --explore`; with --curves --record, the default exploration written to the manifest',
    defaultText: "0; with --installed, each model's own",
  }),
  limit: opt.positiveInt({ description: 'evaluate the first N puzzles only' }),
  batch: opt.positiveInt({ description: 'most puzzles per ORT call', defaultText: '64' }),
  dataset: opt.string({ value: 'NAME', description: 'name of the data set in the report', defaultText: 'the file name' }),
  curves: opt.flag({
    description:
      'measure every halting policy in one pass (fixed 1..max steps, adaptive at several q_halt thresholds, verified) ' +
      'and pick the default: the fewest mean steps within half a point of the best accuracy, and by the same rule the ' +
      'q_halt threshold for adaptive halting',
  }),
  record: opt.flag({ description: "write the result into the model's manifest.json (accuracy list; with --curves, the chosen default halting policy)" }),
  solutions: opt.string({ value: 'FILE', description: 'ARC: the solutions file of the --data challenges', defaultText: 'the _solutions sibling' }),
  augmentations: opt.positiveInt({
    description: 'ARC: most augmentations voted per test input (identity first)',
    defaultText: 'every one the model knows',
  }),
  json: opt.json('print the result as JSON'),
};

/** The checked values of `eval`'s options. */
type EvalValues = OptionValues<typeof EVAL_OPTIONS>;

export const evalCommand = defineCommand({
  name: 'eval',
  summary: 'accuracy, steps, halting precision and speed of a TRM model on a data file',
  usage: { description: dataFormats },
  options: EVAL_OPTIONS,
  async run({ values, argv, io, config }) {
    if (values.installed) {
      if (values.model !== undefined) throw new InvalidInputError('--installed evaluates the installed models: drop --model', { field: '--model' });
      for (const modelOnly of ['curves', 'record', 'solutions', 'augmentations', 'threshold', 'batch'] as const) {
        if (values[modelOnly] !== undefined && values[modelOnly] !== false)
          throw new InvalidInputError(`--${modelOnly} is for one model (--model), not --installed`, { field: `--${modelOnly}` });
      }
      if (values.task === undefined) throw new InvalidInputError('--installed needs --task: the task of the data file', { field: '--task' });
      return evalInstalled({ ...values, task: values.task }, io, config);
    }
    if (values['gateway-limits'])
      throw new InvalidInputError('--gateway-limits goes with --installed (what the gateway answers)', { field: '--gateway-limits' });
    if (values.model === undefined) throw new InvalidInputError('--model DIR is required (or --installed)', { field: '--model' });
    if (values.task !== undefined) throw new InvalidInputError("--task goes with --installed; a model's task is its own", { field: '--task' });
    const halt = values.halt ?? 'fixed';
    const model = await loadModel(values.model, { threads: config.threads });
    const task = modelTask(model);
    const command = ['trm-router eval', ...argv.filter((a) => a !== '--record' && a !== '--json')].join(' ');
    if (values.explore !== undefined && !task.verifiable)
      throw new InvalidInputError(`--explore keeps a sample the verifier accepts; ${task.title} answers cannot be verified`, { field: '--explore' });
    if (task.name === arcTask.name) return evalArc(model, { ...values, model: values.model, halt }, command, io);
    for (const arcOnly of ['solutions', 'augmentations'] as const) {
      if (values[arcOnly] !== undefined)
        throw new InvalidInputError(`--${arcOnly} is for ARC models; ${model.name} solves ${task.title}`, { field: `--${arcOnly}` });
    }
    let items = parseEvalData(await io.readFile(values.data), task.name);
    if (values.limit !== undefined) items = items.slice(0, values.limit);
    if (items.length === 0) throw new InvalidInputError(`${values.data} holds no puzzles`, { field: '--data' });
    const dataset = values.dataset ?? basename(values.data);
    const maxSteps = values['max-steps'];
    const batch = values.batch;
    const onProgress = values.json ? undefined : progressBar(io);
    if (values.curves) {
      const records = await recordSteps(model, items, {
        onProgress,
        ...(maxSteps === undefined ? {} : { maxSteps }),
        ...(batch === undefined ? {} : { batch }),
      });
      const points = haltingCurves(records, undefined, { verifiable: task.verifiable });
      const chosen = chooseHalting(points);
      const adaptive = chooseAdaptive(points);
      if (values.record) await recordHalting(values.model, chosen, adaptive, dataset, records.length, maxSteps, values.explore);
      io.stdout(
        values.json
          ? JSON.stringify({ model: model.name, dataset, puzzles: records.length, points, chosen, adaptive }) + '\n'
          : `${model.name} on ${dataset} (${records.length} puzzles)\n${formatCurves(points, chosen, adaptive)}\n`,
      );
      return EXIT.ok;
    }
    const result = await evaluateModel(model, items, {
      halt,
      dataset,
      onProgress,
      ...(maxSteps === undefined ? {} : { maxSteps }),
      ...(values.threshold === undefined ? {} : { threshold: values.threshold }),
      ...(values.explore === undefined ? {} : { explore: values.explore }),
      ...(batch === undefined ? {} : { batch }),
    });
    if (values.record) await recordAccuracy(values.model, result, command);
    io.stdout(values.json ? JSON.stringify(result) + '\n' : formatEval(result) + '\n');
    return EXIT.ok;
  },
});

/** `eval` of an ARC model: pass@1 and pass@2 over augmentation votes on ARC JSON. */
async function evalArc(model: TrmModel, values: EvalValues & { model: string; halt: HaltPolicy }, command: string, io: CliIo): Promise<number> {
  if (values.curves) throw new InvalidInputError('--curves measures halting on one-answer tasks; ARC is scored by pass@1 and pass@2', { field: '--curves' });
  const solutions = await readArcSolutions(io, values.data, values.solutions);
  let tasks = parseArcEvalData(await io.readFile(values.data), solutions, basename(values.data).replace(/\.json$/, ''));
  if (values.limit !== undefined) tasks = tasks.slice(0, values.limit);
  const result = await evaluateArc(model, tasks, {
    halt: values.halt,
    dataset: values.dataset ?? basename(values.data),
    onProgress: values.json ? undefined : progressBar(io),
    ...(values['max-steps'] === undefined ? {} : { maxSteps: values['max-steps'] }),
    ...(values.threshold === undefined ? {} : { threshold: values.threshold }),
    ...(values.batch === undefined ? {} : { batch: values.batch }),
    ...(values.augmentations === undefined ? {} : { augmentations: values.augmentations }),
  });
  if (values.record) await recordArcAccuracy(values.model, result, command);
  io.stdout(values.json ? JSON.stringify(result) + '\n' : formatArcEval(result) + '\n');
  return EXIT.ok;
}

/** What `eval --installed` measured: the solve policy over the installed models, puzzle by puzzle. */
export interface InstalledEval {
  task: string;
  dataset: string;
  puzzles: number;
  /** Share of puzzles answered with an answer the task's verifier accepts. */
  exact: number;
  /** Puzzles each model answered verified (the one that verified, when several were tried). */
  answeredBy: Record<string, number>;
  /** Puzzles no installed model can take (too large, another canvas). */
  unfit: number;
  /** Mean model runs per puzzle: each family tried, and again for its later samples and steps after none verified. */
  meanAttempts: number;
  /** Mean supervision steps per puzzle, every sample of every model tried (as `eval --explore` counts them). */
  meanSteps: number;
  puzzlesPerSec: number;
}

/** `eval --installed`: each puzzle through `solveParsed` with solver `trm`, as `solve --solver trm` answers it. */
async function evalInstalled(
  values: Pick<EvalValues, 'data' | 'halt' | 'max-steps' | 'explore' | 'limit' | 'dataset' | 'json' | 'gateway-limits'> & { task: string },
  io: CliIo,
  config: Config,
): Promise<number> {
  const task = getTask(values.task);
  if (!task.verifiable) throw new InvalidInputError(`--installed scores verified answers; ${task.title} has no verifier`, { field: '--task' });
  let items = parseEvalData(await io.readFile(values.data), task.name);
  if (values.limit !== undefined) items = items.slice(0, values.limit);
  if (items.length === 0) throw new InvalidInputError(`${values.data} holds no puzzles`, { field: '--data' });
  const progress = values.json ? undefined : progressBar(io);
  const answeredBy: Record<string, number> = {};
  let verified = 0;
  let unfit = 0;
  let attempts = 0;
  let steps = 0;
  const started = performance.now();
  for (const [i, item] of items.entries()) {
    try {
      const outcome = await solveParsed(
        { task: task.name, puzzle: item.puzzle },
        {
          solver: 'trm',
          modelDirs: config.modelDirs,
          threads: config.threads,
          trace: false,
          format: 'line',
          ...(values.halt === undefined ? {} : { halt: values.halt }),
          ...(values['max-steps'] === undefined ? {} : { maxSteps: values['max-steps'] }),
          ...(values.explore === undefined ? {} : { explore: values.explore }),
          ...(values['gateway-limits'] ? { limits: config.gateway.compute } : {}),
        },
      );
      attempts += outcome.attempts.length;
      steps += outcome.trmSteps ?? 0;
      if (outcome.verified) {
        verified++;
        const name = outcome.provenance.model ?? '?';
        answeredBy[name] = (answeredBy[name] ?? 0) + 1;
      }
    } catch (error) {
      if (!(error instanceof NotSupportedError)) throw error;
      unfit++;
    }
    progress?.(i + 1, items.length);
  }
  const seconds = (performance.now() - started) / 1000;
  const result: InstalledEval = {
    task: task.name,
    dataset: values.dataset ?? basename(values.data),
    puzzles: items.length,
    exact: verified / items.length,
    answeredBy,
    unfit,
    meanAttempts: attempts / Math.max(1, items.length - unfit),
    meanSteps: steps / Math.max(1, items.length - unfit),
    puzzlesPerSec: items.length / seconds,
  };
  if (values.json) {
    io.stdout(JSON.stringify(result) + '\n');
  } else {
    const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
    const by = Object.entries(answeredBy)
      .sort((a, b) => b[1] - a[1])
      .map(([name, n]) => `${name} ${n}`)
      .join(', ');
    io.stdout(
      [
        `models             installed (${config.modelDirs.join(', ')}), solve --solver trm`,
        `data               ${result.dataset} (${result.puzzles} puzzles)`,
        `halting            ${values.halt ?? "each model's default"}`,
        ...(values['gateway-limits']
          ? [
              `compute caps       the gateway's: ${config.gateway.compute.maxSteps} steps, ${config.gateway.compute.maxExplore} exploration samples, ${config.gateway.compute.maxCellSteps} cell-steps a solve`,
            ]
          : []),
        `exact accuracy     ${pct(result.exact)}`,
        `answered by        ${by || 'none'}`,
        ...(unfit > 0 ? [`no model fits      ${unfit}`] : []),
        `model runs         ${result.meanAttempts.toFixed(2)} per puzzle (each family tried, and its later samples and steps)`,
        `mean steps         ${result.meanSteps.toFixed(2)} (every sample of every model tried)`,
        `puzzles/s          ${result.puzzlesPerSec.toFixed(1)} (${seconds.toFixed(1)} s)`,
      ].join('\n') + '\n',
    );
  }
  return EXIT.ok;
}
