/**
 * From validated tool arguments to a parsed puzzle: rows written as strings, ARC grids written
 * as digit text, `null` blanks, all become what the task parsers read. The parsers then check
 * the puzzle itself and throw `InvalidInputError` with the field, row and column.
 *
 * @example
 * toPuzzle('solve_sudoku', { puzzle: ['53..7....', '6..195...', ...] }); // { task: 'sudoku', puzzle }
 */
import { InvalidInputError } from '../core/index.js';
import { parseTask } from '../tasks/index.js';
import type { AnyPuzzle } from '../tasks/index.js';
import type { ArcGrid } from '../tasks/arc/index.js';
import type { SolveArcInput, SolveSudokuInput, ToolInputs, ToolName } from './tool-schemas.js';

/** Parses validated arguments of `tool` into a tagged puzzle; throws `InvalidInputError`. */
export function toPuzzle<N extends ToolName>(tool: N, input: ToolInputs[N]): AnyPuzzle {
  // The switch narrows `tool`, not `input`: each branch reads its own tool's input shape.
  const args: ToolInputs[ToolName] = input;
  switch (tool) {
    case 'solve_sudoku':
      return parseTask(sudokuValue((args as SolveSudokuInput).puzzle), 'sudoku');
    case 'solve_maze':
      return parseTask((args as ToolInputs['solve_maze']).maze, 'maze');
    case 'solve_arc':
      return parseTask(arcValue(args as SolveArcInput), 'arc');
    case 'solve_grid': {
      const { input: text, task } = args as ToolInputs['solve_grid'];
      return parseTask(text, task ?? 'auto');
    }
  }
  throw new InvalidInputError(`Unknown tool ${String(tool)}`, { field: 'tool' });
}

/** Rows as strings join into text (the text parser knows every notation); mixed rows become cells. */
function sudokuValue(puzzle: SolveSudokuInput['puzzle']): unknown {
  if (typeof puzzle === 'string') return puzzle;
  if (puzzle.every((row) => typeof row === 'string')) return puzzle.join('\n');
  return puzzle.map((row) => (typeof row === 'string' ? [...row.replace(/[\s|,+]/g, '')] : row.map((cell) => cell ?? 0)));
}

function arcValue(input: SolveArcInput): unknown {
  const grid = (value: ArcGrid | string, field: string): ArcGrid => (typeof value === 'string' ? arcGridFromText(value, field) : value);
  return {
    ...(input.task_id === undefined || input.task_id === null || input.task_id === '' ? {} : { id: input.task_id }),
    train: input.train.map((pair, i) => ({ input: grid(pair.input, `train.${i}.input`), output: grid(pair.output, `train.${i}.output`) })),
    test: input.test.map((item, i) => ({ input: grid(item.input, `test.${i}.input`) })),
  };
}

/**
 * Reads an ARC grid written as text: one row per line (or rows separated by `|` or `;`); cells
 * separated by spaces or commas, or written as consecutive digits. JSON text works too.
 *
 * @example
 * arcGridFromText('0 7 7\n7 7 7\n0 7 7'); // [[0,7,7],[7,7,7],[0,7,7]]
 * arcGridFromText('077|777|077');         // the same
 */
export function arcGridFromText(text: string, field = 'grid'): ArcGrid {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed) as ArcGrid; // the ARC parser checks shape and colours
    } catch {
      throw new InvalidInputError(`${field} looks like JSON but does not parse; send an array of rows of colours 0..9`, { field });
    }
  }
  const rows = trimmed.split(/\r?\n|[|;]/).map((row) => row.trim()).filter((row) => row !== '');
  return rows.map((row, r) => {
    const cells = /[\s,]/.test(row) ? row.split(/[\s,]+/).filter((c) => c !== '') : [...row];
    return cells.map((cell, c) => {
      if (!/^\d$/.test(cell)) {
        throw new InvalidInputError(`${field} row ${r + 1}, column ${c + 1} is "${cell}": ARC colours are the digits 0..9`, {
          field,
          position: { row: r, col: c },
        });
      }
      return Number(cell);
    });
  });
}
