/**
 * `generateSudoku`: reproducible puzzles with a unique solution. A random full grid (seeded
 * with `createRng`), then givens are removed in random order, keeping the solution unique,
 * down to the requested count; when uniqueness forbids going lower, a new grid is tried.
 */
import { InvalidInputError, SolverError, throwIfAborted } from '../../core/errors.js';
import { createRng } from '../../core/random.js';
import type { Rng } from '../../core/random.js';
import type { SudokuGrid, SudokuSize } from './grid.js';
import { boxIndex, isSudokuSize } from './grid.js';
import { countSolutions } from './solve.js';

export type SudokuDifficultyRating = 'easy' | 'medium' | 'hard' | 'extreme';

/**
 * Difficulty of a puzzle on the solver's node scale. `nodes` = placements (forced or guessed)
 * that `countSolutions(puzzle, 2)` makes to solve the puzzle and prove it unique. A puzzle
 * that needs no guessing (naked and hidden singles, locked candidates) takes exactly one node per blank.
 */
export interface SudokuDifficulty {
  nodes: number;
  rating: SudokuDifficultyRating;
}

/**
 * Rates a node count against the number of blanks:
 * `easy` = no guessing (nodes = blanks); `medium` = nodes <= 2 x blanks; `hard` = nodes <=
 * 10 x blanks; `extreme` = more (most of magictour_top1465 is hard or extreme).
 *
 * @example
 * rateSudokuDifficulty(51, 51); // 'easy'
 * rateSudokuDifficulty(2000, 60); // 'extreme'
 */
export function rateSudokuDifficulty(nodes: number, blanks: number): SudokuDifficultyRating {
  if (nodes <= blanks) return 'easy';
  if (nodes <= 2 * blanks) return 'medium';
  if (nodes <= 10 * blanks) return 'hard';
  return 'extreme';
}

/**
 * Measures a puzzle's difficulty (it must have a solution).
 *
 * @example
 * sudokuDifficulty(parseSudoku(text)); // { nodes: 57, rating: 'easy' }
 */
export function sudokuDifficulty(puzzle: SudokuGrid, options: { signal?: AbortSignal } = {}): SudokuDifficulty {
  const { nodes } = countSolutions(puzzle, 2, options);
  const blanks = puzzle.cells.filter((v) => v === 0).length;
  return { nodes, rating: rateSudokuDifficulty(nodes, blanks) };
}

export interface GenerateSudokuOptions {
  /** 4, 6 or 9 (default 9). */
  size?: SudokuSize;
  /** Exact number of givens in the puzzle. */
  givens: number;
  /** Seed of the random generator: the same options give the same puzzle. */
  seed: number;
  /** Accept only puzzles with at least this many search nodes (default 0). */
  minNodes?: number;
  /** Accept only puzzles with at most this many search nodes (default unlimited). */
  maxNodes?: number;
  /** Full grids to try before giving up (default 100). */
  maxAttempts?: number;
  signal?: AbortSignal;
}

export interface GeneratedSudoku {
  puzzle: SudokuGrid;
  solution: SudokuGrid;
  givens: number;
  difficulty: SudokuDifficulty;
  /** Full grids tried, this one included. */
  attempts: number;
}

/** Fewest givens a unique puzzle can have (17 for 9x9 is the proven minimum). */
const MIN_GIVENS: Record<SudokuSize, number> = { 4: 4, 6: 8, 9: 17 };

/** A uniformly shuffled backtracking fill of an empty grid (fewest candidates first). */
function randomFullGrid(size: SudokuSize, rng: Rng): number[] {
  const cells = new Array<number>(size * size).fill(0);
  const full = (1 << size) - 1;
  const rows = new Array<number>(size).fill(0);
  const cols = new Array<number>(size).fill(0);
  const boxes = new Array<number>(size).fill(0);
  const boxOf = cells.map((_, i) => boxIndex(size, Math.floor(i / size), i % size));
  const candidates = (i: number): number => full & ~((rows[Math.floor(i / size)] ?? 0) | (cols[i % size] ?? 0) | (boxes[boxOf[i] ?? 0] ?? 0));
  const fill = (): boolean => {
    let best = -1;
    let bestCount = size + 1;
    for (let i = 0; i < cells.length; i++) {
      if (cells[i] !== 0) continue;
      let count = 0;
      for (let m = candidates(i); m !== 0; m &= m - 1) count++;
      if (count < bestCount) {
        best = i;
        bestCount = count;
      }
    }
    if (best < 0) return true;
    const r = Math.floor(best / size);
    const c = best % size;
    const b = boxOf[best] ?? 0;
    const mask = candidates(best);
    const digits = rng.shuffle(Array.from({ length: size }, (_, d) => d + 1).filter((d) => (mask >> (d - 1)) & 1));
    for (const d of digits) {
      const bit = 1 << (d - 1);
      cells[best] = d;
      rows[r] = (rows[r] ?? 0) | bit;
      cols[c] = (cols[c] ?? 0) | bit;
      boxes[b] = (boxes[b] ?? 0) | bit;
      if (fill()) return true;
      rows[r] = (rows[r] ?? 0) & ~bit;
      cols[c] = (cols[c] ?? 0) & ~bit;
      boxes[b] = (boxes[b] ?? 0) & ~bit;
    }
    cells[best] = 0;
    return false;
  };
  fill();
  return cells;
}

/**
 * Generates a puzzle with exactly `givens` givens and a unique solution, reproducible by
 * `seed`. Throws `InvalidInputError` for impossible options and `SolverError` when no grid
 * within `maxAttempts` reaches the givens count (or the `minNodes`..`maxNodes` window).
 *
 * @example
 * const { puzzle, solution, difficulty } = generateSudoku({ givens: 30, seed: 1 });
 * generateSudoku({ size: 6, givens: 14, seed: 7 });
 */
export function generateSudoku(options: GenerateSudokuOptions): GeneratedSudoku {
  const { size = 9, givens, seed, minNodes = 0, maxNodes = Number.POSITIVE_INFINITY, maxAttempts = 100, signal } = options;
  if (!isSudokuSize(size)) throw new InvalidInputError(`size must be 4, 6 or 9, got ${String(size)}`, { field: 'size' });
  const cellCount = size * size;
  if (!Number.isInteger(givens) || givens < MIN_GIVENS[size] || givens > cellCount) {
    throw new InvalidInputError(`givens must be an integer from ${MIN_GIVENS[size]} to ${cellCount} for a ${size}x${size} sudoku, got ${givens}`, {
      field: 'givens',
    });
  }
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new InvalidInputError(`maxAttempts must be a positive integer, got ${maxAttempts}`, { field: 'maxAttempts' });
  }
  const rng = createRng(seed);
  let fewest = cellCount;
  let outsideWindow = 0;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    throwIfAborted(signal);
    const solution = randomFullGrid(size, rng);
    const cells = [...solution];
    let remaining = cellCount;
    for (const index of rng.shuffle(Array.from({ length: cellCount }, (_, i) => i))) {
      if (remaining === givens) break;
      const digit = cells[index] ?? 0;
      cells[index] = 0;
      if (countSolutions({ size, cells }, 2, { signal }).count === 1) remaining--;
      else cells[index] = digit;
    }
    fewest = Math.min(fewest, remaining);
    if (remaining !== givens) continue;
    const puzzle: SudokuGrid = { size, cells };
    const difficulty = sudokuDifficulty(puzzle, { signal });
    if (difficulty.nodes < minNodes || difficulty.nodes > maxNodes) {
      outsideWindow++;
      continue;
    }
    return { puzzle, solution: { size, cells: solution }, givens, difficulty, attempts: attempt };
  }
  const why =
    outsideWindow > 0
      ? `${outsideWindow} reached ${givens} givens but fell outside ${minNodes}..${maxNodes} search nodes`
      : `the fewest givens reached with a unique solution was ${fewest}`;
  throw new SolverError(
    `Could not generate a ${size}x${size} sudoku with ${givens} givens and a unique solution in ${maxAttempts} attempts (${why}); ` +
      'allow more givens, more attempts or a wider node window',
    { details: { size, givens, seed, maxAttempts, fewestGivens: fewest, outsideWindow } },
  );
}
