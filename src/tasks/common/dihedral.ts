/**
 * The 8 dihedral symmetries of a rectangular grid with the official TRM transform ids
 * (TinyRecursiveModels dataset/common.py, numpy semantics): 0 identity, 1 rot90 (numpy
 * `rot90`, counter-clockwise), 2 rot180, 3 rot270, 4 flip left-right, 5 flip up-down,
 * 6 transpose, 7 anti-transpose. Generic over the cell type, so any task can reuse them.
 */
import { InvalidInputError } from '../../core/errors.js';

/** An official dihedral transform id. */
export type DihedralId = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** All transform ids, in order. */
export const DIHEDRAL_IDS: readonly DihedralId[] = [0, 1, 2, 3, 4, 5, 6, 7];

/** Inverse of each transform id (rotations by 90 and 270 degrees swap; the rest are involutions). */
const INVERSE: readonly DihedralId[] = [0, 3, 2, 1, 4, 5, 6, 7];

/** Human-readable names of the transforms, by id. */
export const DIHEDRAL_NAMES: readonly string[] = ['identity', 'rot90', 'rot180', 'rot270', 'flip left-right', 'flip up-down', 'transpose', 'anti-transpose'];

/**
 * True for an integer 0..7.
 *
 * @example
 * isDihedralId(7); // true
 */
export function isDihedralId(value: unknown): value is DihedralId {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 7;
}

function requireTid(tid: number): DihedralId {
  if (!isDihedralId(tid)) {
    throw new InvalidInputError(`Dihedral transform id must be an integer 0..7, got ${tid}`, { field: 'tid' });
  }
  return tid;
}

/**
 * The id of the transform that undoes `tid`.
 *
 * @example
 * inverseDihedral(1); // 3
 */
export function inverseDihedral(tid: number): DihedralId {
  return INVERSE[requireTid(tid)] as DihedralId;
}

/** Source cell (row, col) in an h x w grid of output cell (i, j), per transform. */
type SourceOf = (i: number, j: number, h: number, w: number) => [number, number];

const SOURCE: readonly SourceOf[] = [
  (i, j) => [i, j],
  (i, j, _h, w) => [j, w - 1 - i],
  (i, j, h, w) => [h - 1 - i, w - 1 - j],
  (i, j, h) => [h - 1 - j, i],
  (i, j, _h, w) => [i, w - 1 - j],
  (i, j, h) => [h - 1 - i, j],
  (i, j) => [j, i],
  (i, j, h, w) => [h - 1 - j, w - 1 - i],
];

/**
 * Applies official transform `tid` to a rectangular grid, returning a new grid (rows and
 * columns swap for 1, 3, 6, 7). An empty grid stays empty.
 *
 * @example
 * dihedralTransform([[1, 2, 3], [4, 5, 6]], 1); // [[3, 6], [2, 5], [1, 4]]
 * dihedralTransform([[1, 2, 3], [4, 5, 6]], 7); // [[6, 3], [5, 2], [4, 1]]
 */
export function dihedralTransform<T>(grid: readonly (readonly T[])[], tid: number): T[][] {
  const id = requireTid(tid);
  const h = grid.length;
  const w = grid[0]?.length ?? 0;
  grid.forEach((row, r) => {
    if (row.length !== w) {
      throw new InvalidInputError(`Cannot transform a non-rectangular grid: row ${r} has ${row.length} cells, row 0 has ${w}`, {
        field: 'grid',
        details: { row: r },
      });
    }
  });
  if (h === 0) return [];
  const swap = id === 1 || id === 3 || id === 6 || id === 7;
  const outRows = swap ? w : h;
  const outCols = swap ? h : w;
  const source = SOURCE[id] as SourceOf;
  const out: T[][] = [];
  for (let i = 0; i < outRows; i++) {
    const row: T[] = [];
    for (let j = 0; j < outCols; j++) {
      const [r, c] = source(i, j, h, w);
      row.push((grid[r] as readonly T[])[c] as T);
    }
    out.push(row);
  }
  return out;
}

/**
 * Undoes official transform `tid`: `inverseDihedralTransform(dihedralTransform(g, t), t)` is `g`.
 *
 * @example
 * inverseDihedralTransform([[3, 6], [2, 5], [1, 4]], 1); // [[1, 2, 3], [4, 5, 6]]
 */
export function inverseDihedralTransform<T>(grid: readonly (readonly T[])[], tid: number): T[][] {
  return dihedralTransform(grid, inverseDihedral(tid));
}
