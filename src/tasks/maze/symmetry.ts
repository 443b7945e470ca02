/**
 * The 7 non-identity dihedral transforms of a maze (rotations and mirrors), and the 8 with start
 * and goal swapped, as task symmetries: a shortest path of the transformed maze maps back, cell
 * by cell (and reversed where start and goal swapped), to a shortest path of the original. The
 * maze models are trained with the rotations and mirrors as augmentations and their labels drawn
 * again in each frame (the canonical first move up, down, left, right), and a swapped maze asks
 * for the canonical path from the other end, so each transform is a fresh attempt with another
 * tie-break: exploration's samples (`explore`).
 */
import type { Symmetry } from '../../core/spec.js';
import { DIHEDRAL_IDS, DIHEDRAL_NAMES, dihedralTransform } from '../common/dihedral.js';
import type { DihedralId } from '../common/dihedral.js';
import { puzzleFromRows } from './build.js';
import { GOAL, START } from './types.js';
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

/**
 * Transform `tid` of a maze with its start and goal swapped: a shortest G-S path of the swapped
 * maze, reversed, is a shortest S-G path of the original. The models are trained with one start
 * and one goal drawn per maze, so the swapped maze is a fresh attempt too (a tie-break from the
 * other end).
 *
 * @example
 * mazeSwapSymmetry(0).apply(maze.parse('S #\n  G')).cells; // ['G #', '  S']
 */
export function mazeSwapSymmetry(tid: DihedralId): Symmetry<MazePuzzle, MazeSolution> {
  const turn = mazeSymmetry(tid);
  const swap = (line: string): string => line.replace(/[SG]/g, (c) => (c === START ? GOAL : START));
  return {
    name: tid === 0 ? 'swap start and goal' : `swap start and goal, ${turn.name}`,
    apply(puzzle) {
      return turn.apply(puzzleFromRows(puzzle.cells.map(swap), { fromText: false }));
    },
    restore(solution, puzzle) {
      return { path: turn.restore(solution, puzzle).path.reverse() };
    },
  };
}

/**
 * The maze task's symmetries: rot90, rot180, rot270, the two flips, transpose, anti-transpose,
 * then the 8 same transforms with start and goal swapped.
 */
export const MAZE_SYMMETRIES: readonly Symmetry<MazePuzzle, MazeSolution>[] = [
  ...DIHEDRAL_IDS.filter((tid) => tid !== 0).map(mazeSymmetry),
  ...DIHEDRAL_IDS.map(mazeSwapSymmetry),
];
