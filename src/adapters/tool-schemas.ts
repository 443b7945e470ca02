/**
 * The four solver tools, each defined once as a zod schema with an LLM-facing description.
 * Every ecosystem's format (OpenAI strict function tools, Anthropic `input_schema`, MCP, AI SDK,
 * LangChain) is derived from these. Inputs take what a model naturally writes: a grid as text,
 * rows as strings, or rows as arrays. Limits are enforced here with messages a model can act on;
 * the task parsers then report the row and column of anything else that is wrong.
 *
 * @example
 * solveSudokuInput.parse({ puzzle: '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79' });
 * solveMazeInput.parse({ maze: ['#####', '#S  #', '### #', '#G  #', '#####'] });
 */
import { z } from 'zod';

/** The tool names, in a stable order. */
export const TOOL_NAMES = ['solve_sudoku', 'solve_maze', 'solve_arc', 'solve_grid'] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

/** Longest text input a tool accepts (an ARC task with many 30x30 grids fits easily). */
export const MAX_TOOL_TEXT = 100_000;

const text = (what: string) =>
  z
    .string({ error: `${what} must be text` })
    .min(1, { error: `${what} is empty` })
    .max(MAX_TOOL_TEXT, { error: `${what} is longer than ${MAX_TOOL_TEXT} characters: send one puzzle, without extra text` });

// --- Sudoku -----------------------------------------------------------------------------------

const SUDOKU_CELL_ERROR = 'a Sudoku cell is a digit 1-9, or 0, null or "." for a blank';

const sudokuCell = z.union(
  [
    z.int({ error: SUDOKU_CELL_ERROR }).min(0, { error: SUDOKU_CELL_ERROR }).max(9, { error: SUDOKU_CELL_ERROR }),
    z.string().max(1, { error: SUDOKU_CELL_ERROR }),
    z.null(),
  ],
  { error: SUDOKU_CELL_ERROR },
);

const sudokuRow = z.union(
  [
    z.string().max(40, { error: 'a Sudoku row as text has at most 9 cells (plus separators)' }),
    z.array(sudokuCell).max(9, { error: 'a Sudoku row has at most 9 cells' }),
  ],
  { error: 'a Sudoku row is a string like "53..7...." or an array like [5,3,0,0,7,0,0,0,0]' },
);

/**
 * Input of `solve_sudoku`.
 *
 * @example
 * solveSudokuInput.parse({ puzzle: [[5, 3, 0, 0, 7, 0, 0, 0, 0], ...] });
 */
export const solveSudokuInput = z.object({
  puzzle: z
    .union(
      [
        text('puzzle'),
        z
          .array(sudokuRow)
          .min(1, { error: 'puzzle has no rows' })
          .max(9, { error: 'a Sudoku has at most 9 rows: send the 9 rows (or the 81 cells as one string)' }),
      ],
      { error: 'puzzle must be the grid as text, or an array of rows' },
    )
    .describe(
      'The Sudoku (9x9; 4x4 and 6x6 work too). Either text: 81 characters with 0 or . for blanks, or 9 lines ' +
        '(separators | - + and spaces are fine); or rows as strings ["53..7....", ...]; or rows as arrays of ' +
        'digits [[5,3,0,0,7,0,0,0,0], ...] with 0 or null for blanks.',
    ),
});
export type SolveSudokuInput = z.infer<typeof solveSudokuInput>;

// --- Maze -------------------------------------------------------------------------------------

/**
 * Input of `solve_maze`.
 *
 * @example
 * solveMazeInput.parse({ maze: '#####\n#S  #\n### #\n#G  #\n#####' });
 */
export const solveMazeInput = z.object({
  maze: z
    .union(
      [
        text('maze'),
        z
          .array(z.string({ error: 'each maze row is a string such as "#S  #"' }).max(100, { error: 'a maze row has at most 30 cells' }), {
            error: 'maze rows must be strings',
          })
          .min(2, { error: 'a maze has at least 2 rows' })
          .max(30, { error: 'a maze has at most 30 rows (mazes are at most 30x30)' }),
      ],
      { error: 'maze must be the maze as text, or an array of row strings' },
    )
    .describe(
      "The maze, at most 30x30: '#' wall, ' ' or '.' open, 'S' start, 'G' goal (exactly one each). Either text " +
        '(rows separated by newlines) or an array of equally long row strings ["#####", "#S  #", ...].',
    ),
});
export type SolveMazeInput = z.infer<typeof solveMazeInput>;

// --- ARC --------------------------------------------------------------------------------------

const ARC_CELL_ERROR = 'an ARC colour is an integer 0..9';

const arcGrid = z.union(
  [
    z
      .array(
        z
          .array(z.int({ error: ARC_CELL_ERROR }).min(0, { error: ARC_CELL_ERROR }).max(9, { error: ARC_CELL_ERROR }), {
            error: 'an ARC grid row is an array of colours 0..9',
          })
          .min(1, { error: 'an ARC grid row has at least 1 colour' })
          .max(30, { error: 'an ARC grid row has at most 30 colours' }),
      )
      .min(1, { error: 'an ARC grid has at least 1 row' })
      .max(30, { error: 'an ARC grid has at most 30 rows' }),
    z.string().min(1, { error: 'an ARC grid is empty' }).max(2000, { error: 'an ARC grid is at most 30x30' }),
  ],
  { error: 'an ARC grid is an array of rows of colours 0..9, or text with one row of digits per line' },
);

/**
 * Input of `solve_arc`: the demonstration pairs and the test inputs of one ARC task.
 *
 * @example
 * solveArcInput.parse({ train: [{ input: [[1]], output: [[2]] }], test: [{ input: [[1]] }], task_id: null });
 */
export const solveArcInput = z.object({
  train: z
    .array(z.object({ input: arcGrid, output: arcGrid }), { error: 'train must be an array of {input, output} pairs' })
    .min(1, { error: 'an ARC task needs at least one training pair' })
    .max(20, { error: 'an ARC task has at most 20 training pairs' })
    .describe('Demonstration pairs: each {input, output} is two grids'),
  test: z
    .array(z.object({ input: arcGrid }), { error: 'test must be an array of {input} items' })
    .min(1, { error: 'an ARC task needs at least one test input' })
    .max(10, { error: 'an ARC task has at most 10 test inputs' })
    .describe('Test inputs whose outputs are wanted: [{input: grid}]'),
  task_id: z
    .string()
    .max(100, { error: 'task_id is an ARC task id such as "007bbfb7"' })
    .nullish()
    .describe('The ARC task id (e.g. "007bbfb7") if known, else null: a TRM model only solves tasks it was trained on'),
});
export type SolveArcInput = z.infer<typeof solveArcInput>;

// --- Any grid ---------------------------------------------------------------------------------

/**
 * Input of `solve_grid`: a puzzle in any supported notation, task detected unless named.
 *
 * @example
 * solveGridInput.parse({ input: 'Solve: 53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79', task: null });
 */
export const solveGridInput = z.object({
  input: text('input').describe(
    'The puzzle as text in any supported notation: a Sudoku (81 characters or 9 lines), an ASCII maze ' +
      "('#' walls, 'S' start, 'G' goal), or ARC task JSON {\"train\": [...], \"test\": [...]}. Surrounding prose " +
      'and code fences are fine.',
  ),
  task: z
    .enum(['auto', 'sudoku', 'maze', 'arc'], { error: 'task is one of auto, sudoku, maze, arc (or null)' })
    .nullish()
    .describe('The task if known; null or "auto" detects it'),
});
export type SolveGridInput = z.infer<typeof solveGridInput>;

/** The input type of each tool. */
export interface ToolInputs {
  solve_sudoku: SolveSudokuInput;
  solve_maze: SolveMazeInput;
  solve_arc: SolveArcInput;
  solve_grid: SolveGridInput;
}

/** Each tool's zod input schema: the single definition every adapter derives from. */
export const TOOL_INPUT_SCHEMAS = {
  solve_sudoku: solveSudokuInput,
  solve_maze: solveMazeInput,
  solve_arc: solveArcInput,
  solve_grid: solveGridInput,
} as const satisfies { [N in ToolName]: z.ZodType<ToolInputs[N]> };

/** The zod schema type of one tool's input. */
export type ToolInputSchema<N extends ToolName = ToolName> = (typeof TOOL_INPUT_SCHEMAS)[N];

const RESULT_NOTE =
  ' Returns the solution, whether it was verified, which solver produced it (exact search or a Tiny Recursive ' +
  'Model) and how many steps it took, plus the solution drawn as text. On bad input it returns an error saying ' +
  'what to fix: correct the arguments and call again.';

/** What each tool does, for the model. */
export const TOOL_DESCRIPTIONS: { [N in ToolName]: string } = {
  solve_sudoku:
    'Solve a Sudoku exactly (LLMs cannot solve hard Sudoku reliably; this tool can). Give the grid as text or rows.' +
    RESULT_NOTE,
  solve_maze:
    'Find the shortest path through an ASCII maze (at most 30x30) from S to G. The path is drawn with o marks.' + RESULT_NOTE,
  solve_arc:
    'Predict the test outputs of an ARC-AGI task from its demonstration pairs with a Tiny Recursive Model trained on ' +
    'ARC. Works only for tasks an installed model was trained on (give task_id); otherwise it says so and you should ' +
    'reason about the task yourself. ARC answers are not verifiable.' +
    RESULT_NOTE,
  solve_grid:
    'Solve a grid puzzle given as text in any notation (Sudoku, ASCII maze or ARC task JSON): the task is detected. ' +
    'Use this when the user pasted a puzzle and you are unsure which tool fits.' +
    RESULT_NOTE,
};
