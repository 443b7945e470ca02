/**
 * Colour permutations of ARC grids as the official augmentation uses them: a mapping of the 10
 * colours where `perm[c]` is the new colour of colour c, written as 10 digits
 * (`0832597416`: 1 -> 8, 2 -> 3, ...). The official augmentation always keeps 0 (background)
 * fixed; parsing and inversion accept any permutation of 0..9.
 */
import type { Rng } from '../../core/random.js';
import { InvalidInputError } from '../../core/errors.js';
import { ARC_COLOURS } from './types.js';

/** `perm[c]` is the colour that colour c becomes; a permutation of 0..9. */
export type ColourPermutation = readonly number[];

/** The permutation that changes nothing. */
export const IDENTITY_PERMUTATION: ColourPermutation = Object.freeze([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

/**
 * True for a permutation of the colours 0..9 (10 distinct integers 0..9).
 *
 * @example
 * isColourPermutation([0, 8, 3, 2, 5, 9, 7, 4, 1, 6]); // true
 */
export function isColourPermutation(value: unknown): value is ColourPermutation {
  if (!Array.isArray(value) || value.length !== ARC_COLOURS) return false;
  const seen = new Set<number>();
  for (const c of value as unknown[]) {
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c >= ARC_COLOURS || seen.has(c)) return false;
    seen.add(c);
  }
  return true;
}

/**
 * Returns `value` as a permutation or throws `InvalidInputError` naming `field`.
 *
 * @example
 * validateColourPermutation([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
 */
export function validateColourPermutation(value: unknown, field = 'perm'): ColourPermutation {
  if (!isColourPermutation(value)) {
    throw new InvalidInputError(`${field} must be a permutation of the colours 0..9 (10 distinct integers)`, {
      field,
    });
  }
  return value;
}

/**
 * The permutation that undoes `perm` (`inverse[perm[c]] = c`).
 *
 * @example
 * inversePermutation([0, 2, 1, 3, 4, 5, 6, 7, 8, 9]); // [0, 2, 1, 3, 4, 5, 6, 7, 8, 9]
 */
export function inversePermutation(perm: ColourPermutation): number[] {
  validateColourPermutation(perm);
  const inverse = new Array<number>(ARC_COLOURS).fill(0);
  perm.forEach((to, from) => {
    inverse[to] = from;
  });
  return inverse;
}

/**
 * Recolours a grid: each cell c becomes `perm[c]`. Returns a new grid.
 *
 * @example
 * permuteColours([[0, 7]], [0, 8, 3, 2, 5, 9, 7, 4, 1, 6]); // [[0, 4]]
 */
export function permuteColours(grid: readonly (readonly number[])[], perm: ColourPermutation): number[][] {
  validateColourPermutation(perm);
  return grid.map((row, r) =>
    row.map((c, col) => {
      const to = perm[c];
      if (to === undefined) {
        throw new InvalidInputError(`Cannot recolour ${c} at row ${r}, col ${col}: ARC colours are integers 0..9`, {
          field: 'grid',
          position: { row: r, col },
        });
      }
      return to;
    }),
  );
}

/**
 * The 10-digit name of a permutation, as in official puzzle identifiers.
 *
 * @example
 * formatPermutation([0, 8, 3, 2, 5, 9, 7, 4, 1, 6]); // '0832597416'
 */
export function formatPermutation(perm: ColourPermutation): string {
  return validateColourPermutation(perm).join('');
}

/**
 * Reads a 10-digit permutation name; throws `InvalidInputError` for anything else.
 *
 * @example
 * parsePermutation('0832597416'); // [0, 8, 3, 2, 5, 9, 7, 4, 1, 6]
 */
export function parsePermutation(text: string, field = 'perm'): number[] {
  if (!/^\d{10}$/.test(text)) {
    throw new InvalidInputError(`${field} must be 10 digits (a permutation of 0..9), got "${text}"`, { field });
  }
  const perm = [...text].map(Number);
  validateColourPermutation(perm, field);
  return perm;
}

/**
 * A random permutation keeping colour 0 fixed, as the official augmentation draws them.
 *
 * @example
 * randomColourPermutation(createRng(1))[0]; // 0
 */
export function randomColourPermutation(rng: Rng): number[] {
  return [0, ...rng.shuffle([1, 2, 3, 4, 5, 6, 7, 8, 9])];
}
