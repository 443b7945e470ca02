/**
 * The zod schemas of the gateway's REST API: the single definition that validates requests
 * (400 naming the field) and generates `/openapi.json`. The OpenAI- and Anthropic-compatible
 * bodies are validated loosely (the fields the gateway reads; the rest passes through).
 *
 * @example
 * const body = solveRequestSchema().parse({ puzzle: '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79' });
 * body.task; // 'auto'
 *
 * The task enums come from the task registry when a schema is first asked for with the tasks
 * registered then (built-in ones, and learned tasks of the installed models).
 */
import { z } from 'zod';
import { HALT_REASONS } from '../core/spec.js';
import { taskNames } from '../tasks/index.js';
import { FORMAT_CHOICES, HALT_POLICIES, SOLVER_CHOICES } from '../trm/index.js';

/** One schema per set of registered tasks (zod ids must stay unique within a document). */
function perTaskSet<T>(build: (tasks: [string, ...string[]]) => T): () => T {
  const built = new Map<string, T>();
  return () => {
    const tasks = taskNames() as [string, ...string[]];
    const key = tasks.join(',');
    let schema = built.get(key);
    if (schema === undefined) {
      schema = build(tasks);
      built.set(key, schema);
    }
    return schema;
  };
}

export const solveRequestSchema = perTaskSet((tasks) =>
  z
    .strictObject({
      task: z
        .enum(['auto', ...tasks])
        .default('auto')
        .describe('The task, or auto to detect it from the puzzle (default auto)'),
      puzzle: z
        .union(
          [
            z.string().min(1, { error: 'the puzzle text is empty' }),
            z.array(z.unknown()).min(1, { error: 'the puzzle grid is empty' }),
            z.record(z.string(), z.unknown()),
          ],
          { error: 'puzzle must be text, a grid (a JSON array of rows) or an ARC task object {train, test}' },
        )
        .describe(
          'The puzzle in any supported notation: text (an 81-digit Sudoku line, 9 grid lines, an ASCII maze with # walls and S/G, ARC task JSON), a JSON grid, or an ARC task object {train, test}',
        ),
      solver: z
        .enum(SOLVER_CHOICES)
        .default('auto')
        .describe('auto: the TRM model for the task, verified, exact search as fallback; trm: the model only; exact: exact search only'),
      model: z.string().min(1).max(200).optional().describe('Name of an installed TRM model (GET /v1/models); default the best one for the task'),
      halt: z
        .enum(HALT_POLICIES)
        .optional()
        .describe("TRM halting: fixed (all steps), adaptive (the Q head says halt), verified (the verifier accepts); default the model's measured policy"),
      maxSteps: z
        .int()
        .min(1)
        .max(256)
        .optional()
        .describe(
          "Cap on TRM supervision steps. Default: the model's own, lowered to the server's cap and budget (where the budget cannot pay for the model's default exploration, toward the steps the model was trained with first). The server's own cap (TRM_ROUTER_MAX_STEPS, default 32) cannot be raised: more is refused with 400 naming this field",
        ),
      explore: z
        .int()
        .min(0)
        .max(64)
        .optional()
        .describe(
          "If the TRM answer does not verify, try this many more samples: the task's symmetries first (a maze rotated or mirrored, or its start and goal swapped, the path mapped back), then noisy recursions; 0 = none. Default: the model's own (its manifest's halting.explore), lowered to the server's caps and budget. The server's cap (TRM_ROUTER_MAX_EXPLORE, default 31) cannot be raised: more is refused with 400 naming this field; so is a request whose worst case (steps x samples x cells) is over the compute budget (TRM_ROUTER_SOLVE_BUDGET)",
        ),
      trace: z.boolean().default(false).describe("Include the TRM's raw per-step trace (tokens, q_halt, per-cell confidence)"),
      view: z
        .boolean()
        .default(false)
        .describe('Include display grids: the puzzle, the answer and one frame per TRM step (cells and confidence), as the playground shows them'),
      format: z.enum(FORMAT_CHOICES).default('pretty').describe('How `rendered` draws the solution'),
    })
    .meta({ id: 'SolveRequest' }),
);

export type SolveRequest = z.output<ReturnType<typeof solveRequestSchema>>;

export const provenanceSchema = z
  .object({
    solver: z.string().describe('The solver that answered, e.g. exact:sudoku or trm:sudoku-mlp'),
    kind: z.enum(['exact', 'trm', 'llm']),
    model: z.string().optional(),
    steps: z.number().optional().describe('TRM supervision steps'),
    haltedBy: z.enum(HALT_REASONS).optional(),
    confidence: z.number().optional(),
    searchNodes: z.number().optional(),
    verified: z.boolean(),
    latencyMs: z.number(),
    fallbackFrom: z.array(z.string()).optional().describe('Solvers tried first that did not verify or failed'),
  })
  .describe('Where the answer came from');

export const traceStepSchema = z.object({
  step: z.number(),
  tokens: z.array(z.number()),
  qHalt: z.number(),
  haltProbability: z.number(),
  confidence: z.array(z.number()),
});

/** A grid as the playground draws it: cell labels (digits, maze characters, ARC colours). */
export const boardSchema = z
  .object({
    rows: z.number(),
    cols: z.number(),
    cells: z.array(z.array(z.string())).describe('Row-major cell labels: Sudoku digits ("" = blank), maze characters (# wall, S, G, o path), ARC colours 0..9'),
    style: z.enum(['digits', 'chars', 'colours']).describe('How the cells are drawn: digits (with box lines when `box` is set), characters, colours 0..9'),
    box: z.object({ rows: z.number(), cols: z.number() }).optional().describe('Sudoku box shape, for the box lines'),
    givens: z.array(z.array(z.boolean())).optional().describe('Sudoku: which cells were given'),
  })
  .meta({ id: 'Board' });

export const frameSchema = z
  .object({
    step: z.number(),
    qHalt: z.number(),
    haltProbability: z.number().describe('sigmoid(q_halt): how sure the model is that it is done'),
    board: boardSchema,
    confidence: z.array(z.array(z.number())).describe('Per cell: the probability of the chosen token'),
    verified: z.boolean().describe("Whether this step's answer passes the task's verifier"),
  })
  .meta({ id: 'TraceFrame' });

export const solveResponseSchema = perTaskSet((tasks) =>
  z
    .object({
      task: z.enum(tasks),
      solution: z.unknown().describe('Sudoku {size, cells}; maze {path}; ARC one grid per test input; a learned task its output grid'),
      rendered: z.string(),
      verified: z.boolean().describe('True only when the verifier accepted the answer in full'),
      provenance: provenanceSchema,
      attempts: z
        .array(z.string())
        .describe(
          'What ran, in order (e.g. "trm:sudoku-9x9-mlp-small, 8 TRM steps, halted by max_steps: NOT verified", "sudoku-bitmask, 12 search nodes: verified")',
        ),
      alternatives: z.unknown().optional().describe('ARC: the ranked candidates per test input (pass@2 = the first two)'),
      cellSteps: z
        .number()
        .optional()
        .describe('Compute the TRM spent on this solve, in cell-steps (steps x samples x cells); never more than the compute budget (TRM_ROUTER_SOLVE_BUDGET)'),
      trace: z.array(traceStepSchema).optional(),
      view: z
        .object({
          puzzle: z.array(boardSchema).describe('The puzzle (ARC: each test input)'),
          answer: z.array(boardSchema).describe('The answer (ARC: one per test input)'),
          frames: z.array(frameSchema).describe('One per TRM supervision step (empty when no TRM ran)'),
          attempts: z.array(z.string()).describe('What ran, in order'),
          verifiable: z.boolean().describe("Whether the task's answers can be proven right at all (Sudoku, maze: yes; ARC and learned tasks: no)"),
          unverifiedLabel: z.string().describe('How this task labels an answer that is not verified ("NOT verified", "not verifiable")'),
        })
        .optional(),
    })
    .meta({ id: 'SolveResponse' }),
);

export const routeRequestSchema = z
  .strictObject({
    input: z.string().min(1, { error: 'the input is empty' }).describe('The request text: prose, puzzles, or both'),
    useLlm: z.boolean().default(true).describe('Let the LLM classify grid-like regions that structure alone leaves open (when one is configured)'),
  })
  .meta({ id: 'RouteRequest' });

export const routeResponseSchema = z
  .object({
    plan: z.object({ parts: z.array(z.record(z.string(), z.unknown())) }).describe('Grid parts (task, confidence, source) and text parts, in request order'),
    usage: z.record(z.string(), z.number()),
  })
  .meta({ id: 'RouteResponse' });

export const modelsResponseSchema = z
  .object({
    object: z.literal('list'),
    data: z.array(
      z.object({
        id: z.string(),
        object: z.literal('model'),
        owned_by: z.string(),
        kind: z.enum(['trm', 'llm']),
        task: z.string().optional().describe('TRM models: the task the model answers'),
        taskOrigin: z
          .enum(['builtin', 'learned'])
          .optional()
          .describe("TRM models: whether the task is built into trm-router or learned (declared by the model's manifest)"),
        learnedTask: z
          .object({
            description: z.string().describe('What the transformation does'),
            tool: z.string().nullable().describe('The LLM tool that solves it (solve_<name>), also offered at /mcp'),
            maxGrid: z.object({ rows: z.number(), cols: z.number() }).describe('Largest input grid'),
            alphabet: z
              .union([z.object({ colours: z.number() }), z.object({ symbols: z.array(z.string()) })])
              .describe('Integer colours 0..colours-1, or one-character symbols (symbol i = colour i)'),
            sameSize: z.boolean().describe('Whether the output always has the input size'),
          })
          .optional()
          .describe('TRM models of a learned task: the task as its manifest declares it'),
        parameters: z.number().optional(),
        accuracy: z.unknown().optional().describe("The manifest's measured accuracy (dataset, puzzles, exact, ...), null when not measured"),
        halting: z.unknown().optional(),
        provider: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'ModelList' });

export const healthResponseSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

export const readyResponseSchema = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    models: z.array(z.object({ name: z.string(), task: z.string(), loaded: z.boolean(), error: z.string().optional() })),
    solvers: z.array(z.string()).describe('Tasks that can be answered now'),
  })
  .meta({ id: 'Readiness' });

const openaiMessageSchema = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: z.union([z.string(), z.array(z.looseObject({ type: z.string() })), z.null()]).optional(),
});

export const openaiChatRequestSchema = z
  .looseObject({
    model: z.string().min(1).describe('An upstream model, or "trm-router" for the configured default'),
    messages: z.array(openaiMessageSchema).min(1, { error: 'messages must hold at least one message' }),
    stream: z.boolean().optional(),
    tools: z
      .array(z.looseObject({ type: z.string() }))
      .optional()
      .describe('Client tools: passed to the upstream LLM untouched'),
  })
  .meta({ id: 'ChatCompletionRequest', description: 'OpenAI chat completions request (other fields pass through to the upstream)' });

const anthropicBlockSchema = z.looseObject({ type: z.string() });

export const anthropicMessagesRequestSchema = z
  .looseObject({
    model: z.string().min(1),
    max_tokens: z.int().min(1),
    messages: z
      .array(z.looseObject({ role: z.enum(['user', 'assistant']), content: z.union([z.string(), z.array(anthropicBlockSchema)]) }))
      .min(1, { error: 'messages must hold at least one message' }),
    system: z.union([z.string(), z.array(anthropicBlockSchema)]).optional(),
    stream: z.boolean().optional(),
    tools: z
      .array(z.looseObject({ name: z.string() }))
      .optional()
      .describe('Client tools: passed to the upstream LLM untouched'),
  })
  .meta({ id: 'MessagesRequest', description: 'Anthropic messages request (other fields pass through to the upstream)' });
