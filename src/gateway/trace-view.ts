/**
 * Display grids for the playground: the puzzle, the answer and, for each TRM supervision step,
 * the grid the model would answer at that step with each cell's confidence, cropped to the
 * puzzle (the TRM works on a fixed canvas: 9x9 Sudoku, 30x30 maze/ARC).
 *
 * @example
 * const view = buildView(parsed, outcome.solution, outcome.trace ?? []);
 * view.frames[0].board.cells[0][0]; // '5'
 */
import type { TraceStep } from '../trm/index.js';
import type { AnyPuzzle } from '../tasks/index.js';
import { getCodec } from '../tasks/index.js';
import type { ArcGrid, ArcSolution } from '../tasks/arc/index.js';
import { MAZE_CHARSET, solvedMazeRows } from '../tasks/maze/index.js';
import type { MazePuzzle, MazeSolution } from '../tasks/maze/index.js';
import type { SudokuGrid } from '../tasks/sudoku/index.js';

export interface Board {
  rows: number;
  cols: number;
  cells: string[][];
  givens?: boolean[][];
}

export interface TraceFrame {
  step: number;
  qHalt: number;
  haltProbability: number;
  board: Board;
  confidence: number[][];
  verified: boolean;
}

export interface SolveView {
  puzzle: Board[];
  answer: Board[];
  frames: TraceFrame[];
  attempts: string[];
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

function reshape<T>(flat: ArrayLike<T>, rows: number, cols: number, stride: number): T[][] {
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => flat[r * stride + c] as T));
}

function sudokuBoard(grid: SudokuGrid, givens?: SudokuGrid): Board {
  const n = grid.size;
  const cells = reshape(grid.cells.map((d) => (d >= 1 ? String(d) : '')), n, n, n);
  return givens === undefined ? { rows: n, cols: n, cells } : { rows: n, cols: n, cells, givens: reshape(givens.cells.map((d) => d >= 1), n, n, n) };
}

function rowsBoard(rows: readonly string[]): Board {
  const cols = rows.reduce((m, r) => Math.max(m, r.length), 0);
  return { rows: rows.length, cols, cells: rows.map((r) => Array.from({ length: cols }, (_, c) => r[c] ?? ' ')) };
}

function arcBoard(grid: ArcGrid): Board {
  return { rows: grid.length, cols: grid[0]?.length ?? 0, cells: grid.map((row) => row.map(String)) };
}

/** The puzzle as display grids (ARC: each test input). */
export function puzzleBoards(parsed: AnyPuzzle): Board[] {
  switch (parsed.task) {
    case 'sudoku':
      return [sudokuBoard(parsed.puzzle, parsed.puzzle)];
    case 'maze':
      return [rowsBoard(parsed.puzzle.cells)];
    case 'arc':
      return parsed.puzzle.test.map((t) => arcBoard(t.input));
  }
}

/** The answer as display grids. */
export function answerBoards(parsed: AnyPuzzle, solution: unknown): Board[] {
  switch (parsed.task) {
    case 'sudoku':
      return [sudokuBoard(solution as SudokuGrid, parsed.puzzle)];
    case 'maze':
      return [rowsBoard(solvedMazeRows(parsed.puzzle, solution as MazeSolution))];
    case 'arc':
      return (solution as ArcSolution).map(arcBoard);
  }
}

/** One frame per trace step, cropped to the puzzle; empty for tasks the trace does not cover. */
export function traceFrames(parsed: AnyPuzzle, trace: readonly TraceStep[]): TraceFrame[] {
  if (parsed.task === 'arc') return [];
  return trace.map((s) => {
    const base = { step: s.step, qHalt: round3(s.qHalt), haltProbability: round3(s.haltProbability) };
    const confidence = (rows: number, cols: number, stride: number): number[][] => reshape(s.confidence.map(round3), rows, cols, stride);
    if (parsed.task === 'sudoku') {
      const codec = getCodec('sudoku');
      const decoded = codec.decode(Int32Array.from(s.tokens), parsed.puzzle);
      const v = codec.verify(parsed.puzzle, decoded);
      return { ...base, board: sudokuBoard(decoded, parsed.puzzle), confidence: confidence(9, 9, 9), verified: v.ok && v.strength === 'full' };
    }
    const { rows, cols } = parsed.puzzle;
    const chars = s.tokens.map((t) => MAZE_CHARSET[t - 1] ?? '?');
    const board: Board = { rows, cols, cells: reshape(chars, rows, cols, 30) };
    return { ...base, board, confidence: confidence(rows, cols, 30), verified: mazeStepVerified(parsed.puzzle, s.tokens) };
  });
}

/** Whether a maze step's tokens decode to a path the verifier accepts (false when they do not decode). */
function mazeStepVerified(puzzle: MazePuzzle, tokens: readonly number[]): boolean {
  const codec = getCodec('maze');
  try {
    const v = codec.verify(puzzle, codec.decode(Int32Array.from(tokens), puzzle));
    return v.ok && v.strength === 'full';
  } catch {
    return false;
  }
}

/**
 * The whole view of a solve.
 *
 * @example
 * buildView(parsed, solution, trace, ['trm:sudoku-mlp: 16 steps, not verified', 'exact:sudoku']);
 */
export function buildView(parsed: AnyPuzzle, solution: unknown, trace: readonly TraceStep[], attempts: string[]): SolveView {
  return { puzzle: puzzleBoards(parsed), answer: answerBoards(parsed, solution), frames: traceFrames(parsed, trace), attempts };
}
