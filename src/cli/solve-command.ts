/**
 * `trm-router solve [FILE|-] [--task auto|sudoku|maze|arc] [--solver exact|trm|auto] [--json]`
 *
 * Reads a puzzle in any supported notation (detecting the task unless `--task` names it),
 * solves it and prints the solution (pretty) or `{task, solution, verified, provenance}` (JSON).
 */
import { parseArgs } from 'node:util';
import { InvalidInputError, NotSupportedError, exactSolver, isTrmRouterError } from '../core/index.js';
import type { Provenance, SolveResult, TaskName } from '../core/index.js';
import { getCodec, isTaskName, parseTask } from '../tasks/index.js';
import type { AnyPuzzle } from '../tasks/index.js';
import type { CliIo } from './io.js';
import { EXIT, exitCodeFor, formatError } from './io.js';

export const SOLVER_CHOICES = ['exact', 'trm', 'auto'] as const;
export type SolverChoice = (typeof SOLVER_CHOICES)[number];

export const SOLVE_USAGE = `Usage: trm-router solve [FILE|-] [options]

Reads one puzzle from FILE (or standard input) in any supported notation and solves it.

Options:
  --task auto|sudoku|maze|arc   task of the input (default: auto, detected from the text)
  --solver exact|trm|auto       exact search; trm = a Tiny Recursive Model; auto = TRM first,
                                verified, exact fallback (default: exact; trm and auto need the
                                TRM runtime, which is not part of this version yet)
  --model PATH                  TRM model folder (for --solver trm|auto)
  --format pretty|line          how to print the solution (default: pretty)
  --json                        print {task, solution, rendered, verified, provenance} as JSON
  -h, --help                    this help

Exit status: 0 solved and verified, 2 bad input or usage, 3 no solution exists,
4 not supported (e.g. exact ARC), 1 any other failure.`;

export interface SolveOutcome {
  task: TaskName;
  solution: unknown;
  rendered: string;
  verified: boolean;
  provenance: Provenance;
}

/** Solves an already parsed puzzle with the task's exact solver. */
export async function solveExact(parsed: AnyPuzzle, format: 'pretty' | 'line' = 'pretty'): Promise<SolveOutcome> {
  switch (parsed.task) {
    case 'sudoku': {
      const codec = getCodec('sudoku');
      return outcome('sudoku', await exactSolver(codec).solve(parsed.puzzle), (s) =>
        codec.formatSolution(s, parsed.puzzle, format),
      );
    }
    case 'maze': {
      const codec = getCodec('maze');
      return outcome('maze', await exactSolver(codec).solve(parsed.puzzle), (s) =>
        codec.formatSolution(s, parsed.puzzle, format),
      );
    }
    case 'arc': {
      const codec = getCodec('arc');
      throw new NotSupportedError(`ARC has no exact solver: ${codec.exactUnavailable ?? ''}`.trim(), {
        details: { task: 'arc' },
      });
    }
  }
}

function outcome<S>(task: TaskName, result: SolveResult<S>, render: (s: S) => string): SolveOutcome {
  return {
    task,
    solution: result.solution,
    rendered: render(result.solution),
    verified: result.verified,
    provenance: result.provenance,
  };
}

/** Runs the command; returns the exit status. Never throws. */
export async function runSolveCommand(argv: string[], io: CliIo): Promise<number> {
  let json = argv.includes('--json');
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        task: { type: 'string', default: 'auto' },
        solver: { type: 'string', default: 'exact' },
        model: { type: 'string' },
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
      throw new InvalidInputError(`--task must be auto, sudoku, maze or arc (got "${task}")`, { field: '--task' });
    }
    const solver = values.solver;
    if (!(SOLVER_CHOICES as readonly string[]).includes(solver)) {
      throw new InvalidInputError(`--solver must be exact, trm or auto (got "${solver}")`, { field: '--solver' });
    }
    const format = values.format;
    if (format !== 'pretty' && format !== 'line') {
      throw new InvalidInputError(`--format must be pretty or line (got "${format}")`, { field: '--format' });
    }
    if (solver !== 'exact') {
      throw new NotSupportedError(
        `--solver ${solver} needs the TRM runtime, which this version does not include yet; use --solver exact`,
        { details: { solver } },
      );
    }
    const source = positionals[0] ?? '-';
    const text = source === '-' ? await io.readStdin() : await io.readFile(source);
    if (text.trim() === '') throw new InvalidInputError(`Input ${source === '-' ? '(stdin)' : source} is empty`, { field: 'input' });
    const parsed = parseTask(text, task);
    const result = await solveExact(parsed, format);
    if (json) {
      io.stdout(JSON.stringify(result) + '\n');
    } else {
      const p = result.provenance;
      const nodes = p.searchNodes === undefined ? '' : `, ${p.searchNodes} nodes`;
      io.stdout(`${result.rendered}\n`);
      io.stderr(
        `${result.task}: ${result.verified ? 'verified' : 'NOT verified'} (${p.solver}${nodes}, ${p.latencyMs.toFixed(1)} ms)\n`,
      );
    }
    return result.verified ? EXIT.ok : EXIT.failure;
  } catch (error) {
    if (json) {
      const body = isTrmRouterError(error)
        ? error.toJSON()
        : { code: 'invalid_input', message: error instanceof Error ? error.message : String(error), details: {} };
      io.stdout(JSON.stringify({ error: body }) + '\n');
    } else {
      io.stderr(`trm-router solve: ${formatError(error)}\n`);
    }
    return exitCodeFor(error);
  }
}
