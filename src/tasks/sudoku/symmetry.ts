/**
 * Sudoku symmetries (exploration, `explore`): the rotations and mirrors, then seeded shuffles.
 * Each maps rows, columns and boxes onto rows, columns and boxes, so the solution of the
 * transformed puzzle maps back to the solution: the dihedral ones for 4x4 and 9x9 grids, whose
 * boxes are square (a 6x6 grid's 2x3 boxes survive only a half turn and the two flips), and
 * shuffles of bands, rows within a band, stacks, columns within a stack and the digits, for every
 * size. The Sudoku models are trained with exactly these augmentations (the official recipe:
 * digit relabelling, transposes, band and row shuffles), so each is a fresh attempt.
 */
import { NotSupportedError } from '../../core/errors.js';
import type { Symmetry } from '../../core/spec.js';
import { DIHEDRAL_IDS, DIHEDRAL_NAMES, dihedralTransform, inverseDihedral } from '../common/dihedral.js';
import type { DihedralId } from '../common/dihedral.js';
import { createRng } from '../../core/random.js';
import { boxShape } from './grid.js';
import type { SudokuGrid } from './grid.js';

/** Transforms that keep a 2x3 box a 2x3 box (6x6 grids): the half turn and the two flips. */
const KEEPS_SHAPE: readonly DihedralId[] = [2, 4, 5];

function transformCells(grid: SudokuGrid, tid: DihedralId): SudokuGrid {
  const n = grid.size;
  if (n === 6 && !KEEPS_SHAPE.includes(tid)) {
    throw new NotSupportedError(`A 6x6 Sudoku's 2x3 boxes do not survive ${DIHEDRAL_NAMES[tid] ?? tid}`);
  }
  const rows = Array.from({ length: n }, (_, r) => grid.cells.slice(r * n, (r + 1) * n));
  return { size: grid.size, cells: dihedralTransform(rows, tid).flat() };
}

/**
 * Transform `tid` of a Sudoku as a task symmetry (throws `NotSupportedError` from `apply` where
 * the grid's boxes do not survive it).
 *
 * @example
 * sudokuSymmetry(6).apply(puzzle); // the transposed puzzle
 */
export function sudokuSymmetry(tid: DihedralId): Symmetry<SudokuGrid, SudokuGrid> {
  return {
    name: DIHEDRAL_NAMES[tid] as string,
    apply: (puzzle) => transformCells(puzzle, tid),
    restore: (solution) => (solution.cells.length === solution.size * solution.size ? transformCells(solution, inverseDihedral(tid)) : solution),
  };
}

/** A permutation of 0..n-1 that keeps groups of `group` together: the groups shuffled, then each one's members. */
function groupedPermutation(n: number, group: number, rng: ReturnType<typeof createRng>): number[] {
  const groups = rng.shuffle(Array.from({ length: n / group }, (_, g) => g));
  return groups.flatMap((g) => rng.shuffle(Array.from({ length: group }, (_, i) => g * group + i)));
}

/**
 * A seeded shuffle of a Sudoku as a task symmetry: bands and the rows within each, stacks and
 * the columns within each, and a relabelling of the digits (empty cells stay empty).
 *
 * @example
 * sudokuShuffle(3).restore(solutionOfShuffled, puzzle); // the puzzle's own solution
 */
export function sudokuShuffle(seed: number): Symmetry<SudokuGrid, SudokuGrid> {
  const plan = (n: SudokuGrid['size']) => {
    const rng = createRng(0x5eed + seed * 7919 + n);
    const box = boxShape(n);
    const rows = groupedPermutation(n, box.rows, rng);
    const cols = groupedPermutation(n, box.cols, rng);
    const digits = [0, ...rng.shuffle(Array.from({ length: n }, (_, d) => d + 1))];
    const back = Array.from({ length: n + 1 }, () => 0);
    digits.forEach((to, from) => (back[to] = from));
    return { rows, cols, digits, back };
  };
  return {
    name: `shuffle ${seed}`,
    apply(puzzle) {
      const n = puzzle.size;
      const { rows, cols, digits } = plan(n);
      const cells = Array.from({ length: n * n }, (_, i) => digits[puzzle.cells[(rows[Math.floor(i / n)] as number) * n + (cols[i % n] as number)] ?? 0] ?? 0);
      return { size: n, cells };
    },
    restore(solution) {
      const n = solution.size;
      if (solution.cells.length !== n * n) return solution;
      const { rows, cols, back } = plan(n);
      const cells = Array.from({ length: n * n }, () => 0);
      solution.cells.forEach((v, i) => {
        cells[(rows[Math.floor(i / n)] as number) * n + (cols[i % n] as number)] = back[v] ?? 0;
      });
      return { size: n, cells };
    },
  };
}

/** Shuffles offered after the 7 rotations and mirrors (exploration may ask for up to 16 samples). */
const SHUFFLES = 24;

/** The Sudoku task's symmetries: the 3 rotations, 2 flips, transpose and anti-transpose, then 24 seeded shuffles. */
export const SUDOKU_SYMMETRIES: readonly Symmetry<SudokuGrid, SudokuGrid>[] = [
  ...DIHEDRAL_IDS.filter((tid) => tid !== 0).map(sudokuSymmetry),
  ...Array.from({ length: SHUFFLES }, (_, i) => sudokuShuffle(i + 1)),
];
