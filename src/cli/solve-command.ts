/**
 * `trm-router solve [FILE|-] [--task auto|TASK] [--solver auto|trm|exact] [--json] ...`
 *
 * Reads a puzzle in any supported notation (detecting the task unless `--task` names it),
 * solves it with the one solve policy (`solveParsed`) and prints the solution (pretty) or
 * `{task, solution, rendered, verified, provenance}` (JSON).
 */
import { basename, extname } from 'node:path';
import { InvalidInputError, describeProvenance, verificationLabel } from '../core/index.js';
import { getTask, parseTask, taskNames } from '../tasks/index.js';
import type { AnyPuzzle } from '../tasks/index.js';
import { arcTask } from '../tasks/arc/index.js';
import type { ArcTask } from '../tasks/arc/index.js';
import { FORMAT_CHOICES, HALT_POLICIES, SOLVER_CHOICES, solveParsed } from '../trm/index.js';
import { defineCommand, opt } from './command.js';
import { EXIT } from './io.js';

export const solveCommand = defineCommand({
  name: 'solve',
  summary: 'solve a puzzle of any known task, given in any supported notation',
  positionals: { synopsis: '[FILE|-]', name: 'FILE', max: 1 },
  usage: {
    description: 'Reads one puzzle from FILE (or standard input) in any supported notation and solves it.',
    footer:
      'Exit status: 0 solved and verified (or answered, for a task without a verifier: ARC, learned tasks),\n' +
      '1 answered but not verified, 2 bad input or usage,\n' +
      '3 no solution exists, 4 not supported (no exact solver for the task, no model), 5 model failed to load.',
  },
  options: {
    task: opt.choice({
      choices: () => ['auto', ...taskNames()],
      default: 'auto',
      defaultText: 'auto, detected from the text',
      description: 'task of the input: a built-in task, or the learned task of an installed model',
    }),
    solver: opt.choice({
      choices: () => SOLVER_CHOICES,
      default: 'auto',
      description:
        'exact = exact search; trm = a Tiny Recursive Model only; auto = TRM first, verified, exact search as fallback, ' +
        'or exact search alone when no model for the task is installed',
    }),
    model: opt.model({
      value: 'PATH',
      description: 'TRM model folder, or the name of an installed model',
      defaultText: 'the best installed model that can take the puzzle',
    }),
    'models-dir': opt.modelsDir(),
    halt: opt.choice({
      choices: () => HALT_POLICIES,
      description: 'TRM halting: all steps / the Q head says halt / the verifier accepts',
      defaultText: "the model's measured policy, else adaptive",
    }),
    'max-steps': opt.positiveInt({ description: 'cap on TRM supervision steps' }),
    explore: opt.integer({
      value: 'K',
      min: 0,
      description:
        "if the TRM answer fails verification, try K more samples: the task's symmetries (a maze rotated or mirrored, or its start and goal swapped), then noisy recursions; 0 = none",
      defaultText: "the model's halting.explore",
    }),
    trace: opt.flag({ description: "include the TRM's per-step trace in the JSON output" }),
    format: opt.choice({ choices: () => FORMAT_CHOICES, default: 'pretty', description: 'how to print the solution' }),
    json: opt.json('print {task, solution, rendered, verified, provenance[, trace]}'),
  },
  async run({ values, positionals, io, config }) {
    const source = positionals[0] ?? '-';
    const text = source === '-' ? await io.readStdin() : await io.readFile(source);
    if (text.trim() === '') throw new InvalidInputError(`Input ${source === '-' ? '(stdin)' : source} is empty`, { field: 'input' });
    const result = await solveParsed(withFileId(parseTask(text, values.task), source), {
      solver: values.solver,
      modelDirs: config.modelDirs,
      threads: config.threads,
      trace: values.trace,
      format: values.format,
      timeoutMs: config.timeoutMs,
      ...(values.model === undefined ? {} : { model: values.model }),
      ...(values.halt === undefined ? {} : { halt: values.halt }),
      ...(values['max-steps'] === undefined ? {} : { maxSteps: values['max-steps'] }),
      ...(values.explore === undefined ? {} : { explore: values.explore }),
    });
    if (values.json) {
      io.stdout(JSON.stringify(result) + '\n');
    } else {
      io.stdout(`${result.rendered}\n`);
      io.stderr(`${result.task}: ${verificationLabel(getTask(result.task), result.verified)} (${describeProvenance(result.provenance)})\n`);
    }
    // a task without a verifier (ARC, learned tasks) has answered as well as it can
    return result.verified || !getTask(result.task).verifiable ? EXIT.ok : EXIT.failure;
  },
});

/**
 * An ARC task read from a file without an id (a bare `{"train", "test"}`) is named after the file,
 * as `trm-router adapt --task FILE` names it: the model finds the task's rows by that name.
 */
function withFileId(parsed: AnyPuzzle, source: string): AnyPuzzle {
  if (parsed.task !== arcTask.name || source === '-') return parsed;
  const task = parsed.puzzle as ArcTask;
  return task.id === undefined ? { ...parsed, puzzle: { ...task, id: basename(source, extname(source)) } } : parsed;
}
