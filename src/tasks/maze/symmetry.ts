/**
 * The 7 non-identity dihedral transforms of a maze (rotations and mirrors) as task symmetries:
 * a shortest path of the transformed maze maps back, cell by cell, to a shortest path of the
 * original. The maze models are trained with these augmentations and their labels drawn again
 * in each frame (the canonical first move up, down, left, right), so each transform is a fresh
 * attempt with another tie-break: exploration's samples (`explore`).
 */
import type { Symmetry } from '../../core/spec.js';
import { DIHEDRAL_IDS, DIHEDRAL_NAMES, dihedralTransform } from '../common/dihedral.js';
import type { DihedralId } from '../common/dihedral.js';
import { puzzleFromRows } from './build.js';
import type { MazePuzzle, MazeSolution } from './types.js';

/** Where each cell of the transformed grid came from, as [row, col] of the original (h x w). */
function sources(h: number, w: number, tid: DihedralId): [number, number][][] {
  const index = Array.from({ length: h }, (_, r) => Array.from({ length: w }, (_, c) => [r, c] as [number, number]));
  return dihedralTransform(index, tid);
}

/**
 * Transform `tid` of a maze as a task symmetry.
 *
 * @example
 * const rot = mazeSymmetry(1);
 * rot.apply(maze.parse('S #\n  G')).cells; // ['#G', '  ', 'S ']
 */
export function mazeSymmetry(tid: DihedralId): Symmetry<MazePuzzle, MazeSolution> {
  return {
    name: DIHEDRAL_NAMES[tid] as string,
    apply(puzzle) {
      const cells = dihedralTransform(
        puzzle.cells.map((line) => [...line]),
        tid,
      ).map((row) => row.join(''));
      return puzzleFromRows(cells, { fromText: false });
    },
    restore(solution, puzzle) {
      const from = sources(puzzle.rows, puzzle.cols, tid);
      return {
        path: solution.path.map(({ row, col }) => {
          const source = from[row]?.[col];
          // a cell outside the transformed grid stays out of the original too (verify rejects it)
          return source === undefined ? { row: -1, col: -1 } : { row: source[0], col: source[1] };
        }),
      };
    },
  };
}

/** The maze task's symmetries: rot90, rot180, rot270, the two flips, transpose, anti-transpose. */
export const MAZE_SYMMETRIES: readonly Symmetry<MazePuzzle, MazeSolution>[] = DIHEDRAL_IDS.filter((tid) => tid !== 0).map(mazeSymmetry);
