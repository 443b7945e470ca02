/**
 * `trm-router solve [FILE|-] [--task auto|sudoku|maze|arc] [--solver exact|trm|auto] [--json]`
 *
 * Reads a puzzle in any supported notation (detecting the task unless `--task` names it),
 * solves it and prints the solution (pretty) or `{task, solution, verified, provenance}` (JSON).
 */
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { InvalidInputError } from '../core/index.js';
import type { Provenance } from '../core/index.js';
import { isTaskName, parseTask, taskNames } from '../tasks/index.js';
import { HALT_POLICIES, SOLVER_CHOICES, solveParsed } from '../trm/index.js';
import type { SolveSettings } from '../trm/index.js';
import type { CliIo } from './io.js';
import { EXIT, optionalPositiveInt, reportCommandError } from './io.js';

// Solving a parsed puzzle is shared with the tool adapters and the gateway: it lives in src/trm.
export { SOLVER_CHOICES, solveParsed } from '../trm/index.js';
export type { SolveOutcome, SolveSettings, SolverChoice } from '../trm/index.js';

export const SOLVE_USAGE = `Usage: trm-router solve [FILE|-] [options]

Reads one puzzle from FILE (or standard input) in any supported notation and solves it.

Options:
  --task auto|sudoku|maze|arc   task of the input (default: auto, detected from the text)
  --solver exact|trm|auto       exact = exact search; trm = a Tiny Recursive Model only;
                                auto = TRM first, verified, exact search as fallback, or exact
                                search alone when no model for the task is installed (default)
  --model PATH                  TRM model folder (default: the best model for the task in
                                TRM_ROUTER_MODELS_DIR, "models")
  --halt fixed|adaptive|verified  TRM halting: all steps / Q head says halt / verifier accepts
                                (default: the model's measured policy, else adaptive)
  --max-steps N                 cap on TRM supervision steps
  --explore K                   if the TRM answer fails verification, try K noisy recursions
  --trace                       include the TRM's per-step trace in the JSON output
  --format pretty|line          how to print the solution (default: pretty)
  --json                        print {task, solution, rendered, verified, provenance[, trace]}
  -h, --help                    this help

Exit status: 0 solved and verified, 1 answered but not verified, 2 bad input or usage,
3 no solution exists, 4 not supported (e.g. exact ARC, no model), 5 model failed to load.`;

function oneOf<T extends string>(value: string, choices: readonly T[], field: string): T {
  if (!(choices as readonly string[]).includes(value)) {
    throw new InvalidInputError(`${field} must be ${choices.join(', ')} (got "${value}")`, { field });
  }
  return value as T;
}

/** Runs the command; returns the exit status. Never throws. */
export async function runSolveCommand(argv: string[], io: CliIo, config: Config): Promise<number> {
  let json = argv.includes('--json');
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        task: { type: 'string', default: 'auto' },
        solver: { type: 'string', default: 'auto' },
        model: { type: 'string' },
        halt: { type: 'string' },
        'max-steps': { type: 'string' },
        explore: { type: 'string' },
        trace: { type: 'boolean', default: false },
        format: { type: 'string', default: 'pretty' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    json = values.json;
    if (values.help) {
      io.stdout(SOLVE_USAGE + '\n');
      return EXIT.ok;
    }
    if (positionals.length > 1) {
      throw new InvalidInputError(`Expected at most one FILE, got ${positionals.length}`, { field: 'FILE' });
    }
    const task = values.task;
    if (task !== 'auto' && !isTaskName(task)) {
      throw new InvalidInputError(`--task must be auto or one of ${taskNames().join(', ')} (got "${String(task)}")`, { field: '--task' });
    }
    const maxSteps = optionalPositiveInt(values['max-steps'], '--max-steps');
    const explore = optionalPositiveInt(values.explore, '--explore');
    const settings: SolveSettings = {
      solver: oneOf(values.solver, SOLVER_CHOICES, '--solver'),
      modelDirs: config.modelDirs,
      threads: config.threads,
      trace: values.trace,
      format: oneOf(values.format, ['pretty', 'line'] as const, '--format'),
      timeoutMs: config.timeoutMs,
      ...(values.model === undefined ? {} : { model: values.model }),
      ...(values.halt === undefined ? {} : { halt: oneOf(values.halt, HALT_POLICIES, '--halt') }),
      ...(maxSteps === undefined ? {} : { maxSteps }),
      ...(explore === undefined ? {} : { explore }),
    };
    const source = positionals[0] ?? '-';
    const text = source === '-' ? await io.readStdin() : await io.readFile(source);
    if (text.trim() === '') throw new InvalidInputError(`Input ${source === '-' ? '(stdin)' : source} is empty`, { field: 'input' });
    const result = await solveParsed(parseTask(text, task), settings);
    if (json) {
      io.stdout(JSON.stringify(result) + '\n');
    } else {
      io.stdout(`${result.rendered}\n`);
      io.stderr(`${result.task}: ${result.verified ? 'verified' : 'NOT verified'} (${describe(result.provenance)})\n`);
    }
    return result.verified ? EXIT.ok : EXIT.failure;
  } catch (error) {
    return reportCommandError(io, 'solve', error, json);
  }
}

function describe(p: Provenance): string {
  const parts = [p.solver];
  if (p.steps !== undefined) parts.push(`${p.steps} steps${p.haltedBy === undefined ? '' : `, halted by ${p.haltedBy}`}`);
  if (p.searchNodes !== undefined) parts.push(`${p.searchNodes} nodes`);
  parts.push(`${p.latencyMs.toFixed(1)} ms`);
  if (p.fallbackFrom !== undefined) parts.push(`after ${p.fallbackFrom.join(', ')}`);
  return parts.join(', ');
}
