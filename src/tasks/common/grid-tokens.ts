/**
 * Grids as TRM tokens with end-of-grid markers: the official ARC encoding, for any alphabet of K
 * colours and any square N x N canvas (ARC: N = 30, K = 10; a learned task: N = its largest side
 * + 1, at most 30, K its alphabet). Vocabulary V = K + 2: 0 PAD, 1 EOS, colour c as c + 2. The
 * grid sits at the top-left; an EOS row runs under it across the grid's columns only and an EOS
 * column right of it down the grid's rows only (the corner diagonal to the grid stays PAD); a
 * side that fills the canvas gets no EOS line. Decoding reads a known size, or crops as the
 * official evaluator does.
 */
import { InvalidInputError } from '../../core/errors.js';
import type { Grid } from '../../core/spec.js';

export const GRID_PAD = 0;
export const GRID_EOS = 1;
/** Token of colour c is `c + GRID_COLOUR_OFFSET`. */
export const GRID_COLOUR_OFFSET = 2;

/**
 * Encodes a grid on an N x N canvas.
 *
 * @example
 * Array.from(encodeGridTokens([[0, 1]], 3)); // [2, 3, 1, 1, 1, 0, 0, 0, 0]
 */
export function encodeGridTokens(grid: Grid, side: number): Int32Array {
  const rows = grid.length;
  const cols = grid[0]?.length ?? 0;
  if (rows > side || cols > side) {
    throw new InvalidInputError(`A ${rows}x${cols} grid does not fit this model's ${side}x${side} canvas`, { field: 'input' });
  }
  const tokens = new Int32Array(side * side);
  grid.forEach((row, r) => {
    row.forEach((colour, c) => {
      tokens[r * side + c] = colour + GRID_COLOUR_OFFSET;
    });
    if (cols < side) tokens[r * side + cols] = GRID_EOS;
  });
  if (rows < side) tokens.fill(GRID_EOS, rows * side, rows * side + cols);
  return tokens;
}

/**
 * The `rows` x `cols` grid at the top-left of predicted tokens (a same-size task knows the
 * answer's size from its input); a cell whose token is no colour reads as -1, which the
 * verifier reports.
 *
 * @example
 * decodeGridTokensSized(encodeGridTokens([[0, 1]], 3), 3, 1, 2); // [[0, 1]]
 */
export function decodeGridTokensSized(tokens: ArrayLike<number>, side: number, rows: number, cols: number, colours: number): Grid {
  return Array.from({ length: rows }, (_, r) =>
    Array.from({ length: cols }, (_, c) => {
      const t = tokens[r * side + c] ?? GRID_PAD;
      return t >= GRID_COLOUR_OFFSET && t < GRID_COLOUR_OFFSET + colours ? t - GRID_COLOUR_OFFSET : -1;
    }),
  );
}

/**
 * The grid predicted tokens describe, read with the official ARC crop: for n = 1..N rows, the
 * usable width is the run of colour tokens at the start of row n-1, never wider than the rows
 * above; the crop is the n x width rectangle of largest area. `[]` when the first cell is no colour.
 *
 * @example
 * decodeGridTokensCrop(encodeGridTokens([[3, 4]], 5), 5, 10); // [[3, 4]]
 */
export function decodeGridTokensCrop(tokens: ArrayLike<number>, side: number, colours: number): Grid {
  const isColour = (t: number | undefined): boolean => t !== undefined && Number.isInteger(t) && t >= GRID_COLOUR_OFFSET && t < GRID_COLOUR_OFFSET + colours;
  let width = side;
  let best = { area: 0, rows: 0, cols: 0 };
  for (let rows = 1; rows <= side; rows++) {
    const base = (rows - 1) * side;
    for (let c = 0; c < width; c++) {
      if (!isColour(tokens[base + c])) {
        width = c;
        break;
      }
    }
    if (rows * width > best.area) best = { area: rows * width, rows, cols: width };
  }
  return decodeGridTokensSized(tokens, side, best.rows, best.cols, colours);
}
