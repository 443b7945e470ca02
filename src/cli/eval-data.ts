/**
 * Evaluation data files: what `trm-router eval --data FILE` reads.
 * - JSONL written by `trm-router data` (sudoku `{puzzle, solution}` strings; maze
 *   `{puzzle: rows, solution: rows with o}`);
 * - Sudoku: one puzzle per line, optionally followed by its solution (space, comma or tab);
 * - maze: ASCII mazes separated by blank lines.
 * Without a solution the exact solver provides one.
 */
import { InvalidInputError } from '../core/index.js';
import type { TaskName } from '../core/index.js';
import { maze, mazeToTokens, solveMaze, solvedMazeRows, WALL } from '../tasks/maze/index.js';
import type { MazePuzzle } from '../tasks/maze/index.js';
import { encodeSudoku, solveSudoku, sudoku } from '../tasks/sudoku/index.js';
import type { SudokuGrid } from '../tasks/sudoku/index.js';
import { codecForModel } from '../trm/index.js';
import type { TrmModel } from '../trm/index.js';

/** A puzzle with its answer: Sudoku label tokens, or the solved maze rows (path as `o`). */
export type EvalItem =
  | { task: 'sudoku'; puzzle: SudokuGrid; target: Int32Array }
  | { task: 'maze'; puzzle: MazePuzzle; solved: string[] };

/** How one model reads the items: input tokens, label tokens, and whether predicted tokens are right. */
export interface ItemCodec {
  encode(item: EvalItem): Int32Array;
  target(item: EvalItem): Int32Array;
  correct(item: EvalItem, tokens: ArrayLike<number>): boolean;
}

/**
 * The `ItemCodec` of a model: its task's encoding on its canvas (a maze model trained on a
 * smaller canvas gets its mazes there). A maze larger than the canvas throws `NotSupportedError`.
 */
export function itemCodec(model: TrmModel): ItemCodec {
  const sudokuCodec = model.manifest.task === 'sudoku' ? codecForModel(sudoku, model) : sudoku;
  const mazeCodec = model.manifest.task === 'maze' ? codecForModel(maze, model) : maze;
  const side = mazeCodec.tokens.canvas.rows;
  return {
    encode: (item) => (item.task === 'sudoku' ? sudokuCodec.encode(item.puzzle) : mazeCodec.encode(item.puzzle)),
    target: (item) => (item.task === 'sudoku' ? item.target : mazeToTokens(item.solved, WALL, side)),
    correct: (item, tokens) =>
      item.task === 'sudoku'
        ? sudokuCodec.verify(item.puzzle, sudokuCodec.decode(tokens, item.puzzle)).ok
        : mazeCodec.verify(item.puzzle, mazeCodec.decode(tokens, item.puzzle)).ok,
  };
}

function fail(line: number, message: string, cause?: unknown): never {
  throw new InvalidInputError(`data line ${line}: ${message}`, { field: 'data', details: { line }, cause });
}

function sudokuItem(puzzleText: unknown, solutionText: unknown, line: number): EvalItem {
  let puzzle: SudokuGrid;
  try {
    puzzle = sudoku.parse(puzzleText);
  } catch (error) {
    fail(line, (error as Error).message, error);
  }
  if (puzzle.size !== 9) fail(line, 'TRM Sudoku models are 9x9');
  let solution: SudokuGrid;
  try {
    solution = solutionText === undefined ? solveSudoku(puzzle).solution : sudoku.parse(solutionText);
  } catch (error) {
    fail(line, `the given solution is wrong: ${(error as Error).message}`, error);
  }
  const check = sudoku.verify(puzzle, solution);
  if (!check.ok) fail(line, `the given solution is wrong: ${check.problems[0]?.message ?? ''}`);
  return { task: 'sudoku', puzzle, target: encodeSudoku(solution) };
}

function mazeItem(puzzleRows: unknown, solutionRows: unknown, line: number): EvalItem {
  let puzzle: MazePuzzle;
  try {
    puzzle = maze.parse(puzzleRows);
  } catch (error) {
    fail(line, (error as Error).message, error);
  }
  if (Array.isArray(solutionRows) && solutionRows.every((r) => typeof r === 'string')) {
    if (solutionRows.length !== puzzle.rows) fail(line, 'solution has a different number of rows');
    try {
      mazeToTokens(solutionRows);
    } catch (error) {
      fail(line, `the given solution is not a maze: ${(error as Error).message}`, error);
    }
    return { task: 'maze', puzzle, solved: solutionRows };
  }
  return { task: 'maze', puzzle, solved: solvedMazeRows(puzzle, solveMaze(puzzle).solution) };
}

/** Parses a data file for `task`. Throws `InvalidInputError` naming the line. */
export function parseEvalData(text: string, task: TaskName): EvalItem[] {
  if (task === 'arc') throw new InvalidInputError('eval supports sudoku and maze models', { field: '--model' });
  const lines = text.split(/\r?\n/);
  const items: EvalItem[] = [];
  if (lines.some((l) => l.trimStart().startsWith('{'))) {
    lines.forEach((raw, i) => {
      const l = raw.trim();
      if (l === '' || l.startsWith('#')) return;
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(l) as Record<string, unknown>;
      } catch (error) {
        fail(i + 1, 'not valid JSON', error);
      }
      items.push(task === 'sudoku' ? sudokuItem(record.puzzle, record.solution, i + 1) : mazeItem(record.puzzle, record.solution, i + 1));
    });
    return items;
  }
  if (task === 'sudoku') {
    lines.forEach((raw, i) => {
      const l = raw.trim();
      if (l === '' || l.startsWith('#')) return;
      const fields = l.split(/[\s,;]+/).filter((f) => /^[0-9.]{81}$/.test(f));
      if (fields.length === 0) fail(i + 1, 'expected an 81-character puzzle');
      items.push(sudokuItem(fields[0], fields[1], i + 1));
    });
    return items;
  }
  let block: string[] = [];
  let start = 1;
  const flush = (end: number) => {
    if (block.length > 0) items.push(mazeItem(block.join('\n'), undefined, start));
    block = [];
    start = end + 2;
  };
  lines.forEach((raw, i) => {
    if (raw.trim() === '') flush(i);
    else block.push(raw);
  });
  flush(lines.length);
  return items;
}
