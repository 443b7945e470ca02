/**
 * The solver tools' schemas: one per task, defined in the task's own folder (`solve_sudoku`,
 * `solve_maze`, `solve_arc`, and `solve_<name>` for each learned task), plus `solve_grid`,
 * which takes a puzzle in any notation and detects its task. Every ecosystem's format (OpenAI
 * strict function tools, Anthropic `input_schema`, MCP, AI SDK, LangChain) is derived from
 * these zod schemas.
 *
 * @example
 * solveSudokuInput.parse({ puzzle: '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79' });
 * solveGridInput().parse({ input: '#####\n#S  #\n### #\n#G  #\n#####', task: null });
 */
import { z } from 'zod';
import { taskNames } from '../tasks/index.js';
import { textInput } from '../tasks/common/routing-text.js';

export { solveSudokuInput } from '../tasks/sudoku/index.js';
export type { SolveSudokuInput } from '../tasks/sudoku/index.js';
export { solveMazeInput } from '../tasks/maze/index.js';
export type { SolveMazeInput } from '../tasks/maze/index.js';
export { solveArcInput } from '../tasks/arc/index.js';
export type { SolveArcInput } from '../tasks/arc/index.js';
export { MAX_TOOL_TEXT } from '../tasks/common/routing-text.js';

/** The tool that takes any puzzle, detecting its task. */
export const SOLVE_GRID_TOOL = 'solve_grid';

/**
 * Input of `solve_grid` over the tasks registered now: a puzzle in any supported notation,
 * task detected unless named.
 *
 * @example
 * solveGridInput().parse({ input: 'Solve: 53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79', task: null });
 */
export function solveGridInput() {
  const choices = ['auto', ...taskNames()] as [string, ...string[]];
  return z.object({
    input: textInput('input').describe(
      'The puzzle as text in any supported notation: a Sudoku (81 characters or 9 lines), an ASCII maze ' +
        "('#' walls, 'S' start, 'G' goal), or ARC task JSON {\"train\": [...], \"test\": [...]}. Surrounding prose " +
        'and code fences are fine.',
    ),
    task: z
      .enum(choices, { error: `task is one of ${choices.join(', ')} (or null)` })
      .nullish()
      .describe('The task if known; null or "auto" detects it'),
  });
}
export type SolveGridInput = z.infer<ReturnType<typeof solveGridInput>>;

/** What every tool's description ends with. */
export const RESULT_NOTE =
  ' Returns the solution, whether it was verified, which solver produced it (exact search or a Tiny Recursive ' +
  'Model) and how many steps it took, plus the solution drawn as text. On bad input it returns an error saying ' +
  'what to fix: correct the arguments and call again.';

/**
 * The description of `solve_grid`, naming what each offered task's input looks like.
 *
 * @example
 * solveGridDescription(['a Sudoku (81 digits or a 9-line grid)', 'ARC task JSON']);
 */
export function solveGridDescription(notations: readonly string[]): string {
  return (
    `Solve a grid puzzle given as text in any notation (${notations.join('; ')}): the task is detected, or name it in task. ` +
    'Use this when the user pasted a puzzle and you are unsure which tool fits.' +
    RESULT_NOTE
  );
}

/** The hint of `solve_grid` for bad arguments. */
export const SOLVE_GRID_HINT = 'Call solve_grid again with {"input": "<the puzzle as text>", "task": null}, or use the tool of the puzzle\'s task.';
