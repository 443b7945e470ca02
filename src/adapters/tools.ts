/**
 * The solver tools as plain data plus one `execute`: validate the arguments with the tool's
 * zod schema, parse the puzzle, solve it, and return a `ToolOutcome`. Never throws, whatever
 * the model sent; every adapter is a thin mapping of this onto its framework.
 *
 * @example
 * const toolkit = createTrmTools({ solver: 'auto' });
 * const outcome = await toolkit.execute('solve_maze', { maze: ['#####', '#S  #', '### #', '#G  #', '#####'] });
 * console.log(outcome.text);
 */
import type { z } from 'zod';
import { InvalidInputError } from '../core/errors.js';
import { DEFAULT_MAX_JSON_DEPTH, inputTooLong, jsonTextDepth, valueDepth } from '../core/json-depth.js';
import { PACKAGE_MODELS_DIR } from '../core/package-paths.js';
import { getTask, listTasks, parseTask } from '../tasks/index.js';
import type { AnyPuzzle, AnyTaskDefinition } from '../tasks/index.js';
import { scanModels, solveParsed } from '../trm/index.js';
import type { HaltPolicy, SolveOutcome, SolverChoice } from '../trm/index.js';
import { errorOutcome, schemaErrorOutcome, successOutcome, thrownErrorOutcome } from './tool-result.js';
import type { ToolOutcome } from './tool-result.js';
import { RESULT_NOTE, SOLVE_GRID_HINT, SOLVE_GRID_TOOL, solveGridDescription, solveGridInput } from './tool-schemas.js';
import type { SolveGridInput } from './tool-schemas.js';

export interface TrmToolsOptions {
  /** `auto` (default): a TRM model that can take the puzzle, verified, else exact search; `exact`; `trm`. */
  solver?: SolverChoice;
  /** Folders of installed TRM models (default: the package's own). Learned tasks installed there get a tool each. */
  modelDirs?: readonly string[];
  /** An explicit model (folder or installed name) per task (default: the best one that can take the puzzle). */
  models?: Readonly<Record<string, string>>;
  /** Intra-op threads per ONNX Runtime session (default 0 = ORT's default). */
  threads?: number;
  halt?: HaltPolicy;
  maxSteps?: number;
  /** Deadline of one solve, ms (default 60 000). */
  timeoutMs?: number;
  /**
   * Longest arguments a call may send, in characters of their JSON (default 100 000, the router's
   * `maxInputChars`): longer ones, and ones nested deeper than 64 levels, are an `invalid_input`
   * outcome before any parser runs.
   */
  maxInputChars?: number;
  /** Offer only these tools (default: every task's tool and `solve_grid`). */
  tools?: readonly string[];
  /** Replaces the solving step (custom solvers, tests). Default: `solveParsed` with the settings above. */
  solve?: (parsed: AnyPuzzle, options: { signal?: AbortSignal }) => Promise<SolveOutcome>;
}

/** One tool: name, description and the zod schema every format is derived from. */
export interface TrmTool {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: z.ZodObject;
  /** The task the tool solves (`undefined` for `solve_grid`, which detects it). */
  readonly task?: string;
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

const defaults = { solver: 'auto', threads: 0, timeoutMs: 60_000, maxInputChars: 100_000 } as const;

/**
 * The tools on offer for the models in `modelDirs`: every built-in task's tool, one per learned
 * task installed there, and `solve_grid`, in registry order.
 *
 * @example
 * availableTools(['models']).map((t) => t.name); // ['solve_sudoku', 'solve_maze', 'solve_arc', 'solve_fill_enclosed', 'solve_grid']
 */
export function availableTools(modelDirs: readonly string[]): TrmTool[] {
  const learned = new Set(
    scanModels(modelDirs)
      .models.map((e) => e.manifest.learnedTask?.name)
      .filter((n) => n !== undefined),
  );
  const tasks = listTasks().filter((t) => t.origin === 'builtin' || learned.has(t.name));
  return [
    ...tasks.map((t) => ({ name: t.tool.name, description: t.tool.description + RESULT_NOTE, inputSchema: t.tool.input, task: t.name })),
    { name: SOLVE_GRID_TOOL, description: solveGridDescription(tasks.map((t) => t.notation)), inputSchema: solveGridInput() },
  ];
}

/**
 * Creates the tool set.
 *
 * @example
 * const { tools, execute } = createTrmTools({ tools: ['solve_sudoku'] });
 */
export function createTrmTools(options: TrmToolsOptions = {}): TrmToolkit {
  const o = { ...defaults, ...options } satisfies TrmToolsOptions;
  const modelDirs = o.modelDirs ?? [PACKAGE_MODELS_DIR];
  const all = availableTools(modelDirs);
  const tools = o.tools === undefined ? all : all.filter((t) => o.tools?.includes(t.name));
  const solve =
    o.solve ??
    ((parsed: AnyPuzzle, solveOptions: { signal?: AbortSignal }) =>
      solveParsed(
        parsed,
        {
          solver: o.solver,
          modelDirs,
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
  const hint = (tool: TrmTool): string => (tool.task === undefined ? SOLVE_GRID_HINT : getTask(tool.task).tool.hint);

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
      const tooBig = oversizeArguments(args, o.maxInputChars);
      if (tooBig !== undefined) return thrownErrorOutcome(tool.name, tooBig, hint(tool));
      const parsedArgs = tool.inputSchema.safeParse(args);
      if (!parsedArgs.success) return schemaErrorOutcome(tool.name, parsedArgs.error, args, hint(tool));
      try {
        const puzzle = toolPuzzle(tool, parsedArgs.data);
        const signal = executeOptions.signal;
        return successOutcome(tool.name, await solve(puzzle, signal === undefined ? {} : { signal }));
      } catch (error) {
        return thrownErrorOutcome(tool.name, error, hint(tool));
      }
    },
  };
}

/** Why `args` are too big to look at (nested too deep, or longer than `limit` as JSON), if they are. */
function oversizeArguments(args: unknown, limit: number): InvalidInputError | undefined {
  if (valueDepth(args, DEFAULT_MAX_JSON_DEPTH) > DEFAULT_MAX_JSON_DEPTH) {
    return new InvalidInputError(`The arguments are nested more than ${DEFAULT_MAX_JSON_DEPTH} levels deep`, { field: 'arguments' });
  }
  return inputTooLong(args, limit, 'arguments');
}

/**
 * Validated arguments of a tool as a tagged puzzle: the task's own `toPuzzle`, or, for
 * `solve_grid`, the text parsed as the named task or detected. Throws `InvalidInputError`.
 *
 * @example
 * toolPuzzle(toolkit.get('solve_maze')!, { maze: ['#S #', '# G#'] }); // { task: 'maze', puzzle }
 */
export function toolPuzzle(tool: Pick<TrmTool, 'task'>, args: Record<string, unknown>): AnyPuzzle {
  if (tool.task === undefined) {
    const { input, task } = args as SolveGridInput;
    return parseTask(input, task ?? 'auto');
  }
  const definition: AnyTaskDefinition = getTask(tool.task);
  return { task: definition.name, puzzle: definition.tool.toPuzzle(args) };
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
  if (jsonTextDepth(json, DEFAULT_MAX_JSON_DEPTH) > DEFAULT_MAX_JSON_DEPTH) {
    return {
      outcome: errorOutcome(tool, {
        code: 'invalid_arguments',
        message: `The arguments are nested more than ${DEFAULT_MAX_JSON_DEPTH} levels deep`,
        hint: 'Send the arguments as one JSON object matching the tool schema.',
      }),
    };
  }
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
