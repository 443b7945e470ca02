/**
 * The solver tools as plain data plus one `execute`: validate the arguments with the tool's
 * zod schema, parse the puzzle, solve it, and return a `ToolOutcome`. Never throws, whatever
 * the model sent; every adapter is a thin mapping of this onto its framework.
 *
 * @example
 * const toolkit = createTrmTools({ solver: 'auto', modelsDir: 'models' });
 * const outcome = await toolkit.execute('solve_maze', { maze: ['#####', '#S  #', '### #', '#G  #', '#####'] });
 * console.log(outcome.text);
 */
import type { TaskName } from '../core/index.js';
import type { AnyPuzzle } from '../tasks/index.js';
import { solveParsed } from '../trm/index.js';
import type { HaltPolicy, SolveOutcome, SolverChoice } from '../trm/index.js';
import { errorOutcome, schemaErrorOutcome, successOutcome, thrownErrorOutcome } from './tool-result.js';
import type { ToolOutcome } from './tool-result.js';
import { toPuzzle } from './tool-input.js';
import { TOOL_DESCRIPTIONS, TOOL_INPUT_SCHEMAS, TOOL_NAMES } from './tool-schemas.js';
import type { ToolInputSchema, ToolName } from './tool-schemas.js';

export interface TrmToolsOptions {
  /** `auto` (default): a TRM model where one is installed, verified, else exact search; `exact`; `trm`. */
  solver?: SolverChoice;
  /** Folder of installed TRM models (default `models`). */
  modelsDir?: string;
  /** An explicit model folder per task (default: the best one for the task in `modelsDir`). */
  models?: Partial<Record<TaskName, string>>;
  /** Intra-op threads per ONNX Runtime session (default 0 = ORT's default). */
  threads?: number;
  halt?: HaltPolicy;
  maxSteps?: number;
  /** Deadline of one solve, ms (default 60 000). */
  timeoutMs?: number;
  /** Offer only these tools (default all four). */
  tools?: readonly ToolName[];
  /** Replaces the solving step (custom solvers, tests). Default: `solveParsed` with the settings above. */
  solve?: (parsed: AnyPuzzle, options: { signal?: AbortSignal }) => Promise<SolveOutcome>;
}

/** One tool: name, description and the zod schema every format is derived from. */
export interface TrmTool<N extends ToolName = ToolName> {
  readonly name: N;
  readonly description: string;
  readonly inputSchema: ToolInputSchema<N>;
}

export interface ExecuteOptions {
  /** Cancels the solve; the outcome is an `aborted` error. */
  signal?: AbortSignal;
}

/** The tools and how to run them. */
export interface TrmToolkit {
  readonly tools: readonly TrmTool[];
  /** The tool called `name`, if offered. */
  get(name: string): TrmTool | undefined;
  /** Runs a tool on raw (unvalidated) arguments. Never throws. */
  execute(name: string, args: unknown, options?: ExecuteOptions): Promise<ToolOutcome>;
}

const defaults = { solver: 'auto', modelsDir: 'models', threads: 0, timeoutMs: 60_000 } as const;

const HINTS: { [N in ToolName]: string } = {
  solve_sudoku:
    'Call solve_sudoku again with {"puzzle": "<81 characters, 0 or . for blanks>"} or {"puzzle": [[5,3,0,...], ...]} (9 rows of 9 digits).',
  solve_maze: 'Call solve_maze again with {"maze": ["#####", "#S  #", ...]}: equally long rows of # . S G, one S and one G, at most 30x30.',
  solve_arc:
    'Call solve_arc again with {"train": [{"input": [[...]], "output": [[...]]}], "test": [{"input": [[...]]}], "task_id": null}: grids are 1..30 rows of 1..30 colours 0..9.',
  solve_grid: 'Call solve_grid again with {"input": "<the puzzle as text>", "task": null}, or use solve_sudoku / solve_maze / solve_arc.',
};

/**
 * Creates the tool set.
 *
 * @example
 * const { tools, execute } = createTrmTools({ tools: ['solve_sudoku'] });
 */
export function createTrmTools(options: TrmToolsOptions = {}): TrmToolkit {
  const o = { ...defaults, ...options } satisfies TrmToolsOptions;
  const offered = (o.tools ?? TOOL_NAMES).filter((name, i, all) => TOOL_NAMES.includes(name) && all.indexOf(name) === i);
  const tools: TrmTool[] = offered.map((name) => ({
    name,
    description: TOOL_DESCRIPTIONS[name],
    inputSchema: TOOL_INPUT_SCHEMAS[name],
  }));
  const solve =
    o.solve ??
    ((parsed: AnyPuzzle, solveOptions: { signal?: AbortSignal }) =>
      solveParsed(
        parsed,
        {
          solver: o.solver,
          modelsDir: o.modelsDir,
          threads: o.threads,
          trace: false,
          format: 'pretty',
          timeoutMs: o.timeoutMs,
          ...(o.models?.[parsed.task] === undefined ? {} : { model: o.models[parsed.task] }),
          ...(o.halt === undefined ? {} : { halt: o.halt }),
          ...(o.maxSteps === undefined ? {} : { maxSteps: o.maxSteps }),
        },
        solveOptions,
      ));
  const get = (name: string): TrmTool | undefined => tools.find((t) => t.name === name);

  return {
    tools,
    get,
    async execute(name, args, executeOptions = {}) {
      const tool = get(name);
      if (tool === undefined) {
        return errorOutcome(name, {
          code: 'unknown_tool',
          message: `There is no tool called ${JSON.stringify(name)}`,
          hint: `Use one of: ${tools.map((t) => t.name).join(', ')}.`,
        });
      }
      const parsedArgs = tool.inputSchema.safeParse(args);
      if (!parsedArgs.success) return schemaErrorOutcome(tool.name, parsedArgs.error, args, HINTS[tool.name]);
      try {
        const puzzle = toPuzzle(tool.name, parsedArgs.data);
        const signal = executeOptions.signal;
        return successOutcome(tool.name, await solve(puzzle, signal === undefined ? {} : { signal }));
      } catch (error) {
        return thrownErrorOutcome(tool.name, error, HINTS[tool.name]);
      }
    },
  };
}

/**
 * Parses a tool call's JSON argument string (as OpenAI sends it) without throwing: invalid JSON
 * becomes an `invalid_arguments` outcome for the model to correct.
 *
 * @example
 * const args = parseToolArguments('solve_sudoku', call.function.arguments);
 * const outcome = 'outcome' in args ? args.outcome : await toolkit.execute('solve_sudoku', args.value);
 */
export function parseToolArguments(tool: string, json: string): { value: unknown } | { outcome: ToolOutcome } {
  try {
    return { value: json.trim() === '' ? {} : (JSON.parse(json) as unknown) };
  } catch (error) {
    return {
      outcome: errorOutcome(tool, {
        code: 'invalid_arguments',
        message: `The arguments are not valid JSON (${error instanceof Error ? error.message : String(error)})`,
        hint: 'Send the arguments as one JSON object matching the tool schema.',
      }),
    };
  }
}

/**
 * Runs a tool on its arguments as JSON text (as OpenAI sends them): an unknown tool or text
 * that is not JSON becomes an error outcome. Never throws.
 *
 * @example
 * const outcome = await executeJsonArguments(toolkit, call.function.name, call.function.arguments);
 */
export async function executeJsonArguments(toolkit: TrmToolkit, name: string, json: string, options: ExecuteOptions = {}): Promise<ToolOutcome> {
  if (toolkit.get(name) === undefined) return toolkit.execute(name, {}, options);
  const parsed = parseToolArguments(name, json);
  return 'outcome' in parsed ? parsed.outcome : toolkit.execute(name, parsed.value, options);
}
