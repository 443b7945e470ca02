/**
 * `fill-enclosed`: a grid transformation for teaching trm-router a learned task. Walls (colours
 * 1-9 except 4) stand on a background of 0; every background cell that cannot reach the border
 * through background cells (4-connected) is filled with 4 (yellow), the rest stays. It is the
 * rule of ARC task 00d62c1b, drawn on grids up to 30x30 with rectangles, irregular closed
 * outlines, outlines with a gap (which do not enclose), nested shapes and loose wall cells.
 * Exact code can compute it (the generator does, to label the examples), but the toolkit has no
 * solver for it: the model learns it from the pairs alone. LLMs answer such grids poorly: the
 * answer depends on connectivity across the whole grid, cell by cell.
 *
 * @example
 * const pair = generateFillEnclosed({ rows: 12, cols: 12, seed: 7 });
 * pair.output; // the input with every enclosed 0 turned into 4
 */
import { InvalidInputError } from '../../../core/errors.js';
import { createRng } from '../../../core/random.js';
import type { Rng } from '../../../core/random.js';
import type { Grid } from '../../../core/spec.js';
import type { LearnedTaskSpec } from '../spec.js';

/** The fill colour. */
export const FILL = 4;
const WALLS = [1, 2, 3, 5, 6, 7, 8, 9];

/**
 * The task's declaration (as `trm-router learn` writes it for data of this family).
 *
 * @example
 * fillEnclosedSpec(20).maxGrid; // { rows: 20, cols: 20 }
 */
export function fillEnclosedSpec(maxSide: number): LearnedTaskSpec {
  return {
    name: 'fill-enclosed',
    description:
      'Fills enclosed areas: every background cell (colour 0) that cannot reach the edge of the grid through other ' +
      'background cells (moving up, down, left or right) becomes colour 4; walls and the open background stay as they are.',
    maxGrid: { rows: maxSide, cols: maxSide },
    alphabet: { colours: 10 },
    sameSize: true,
    augmentations: ['dihedral'],
  };
}

/**
 * The answer: every 0 that is not 4-connected to the border through 0s becomes `FILL`.
 *
 * @example
 * fillEnclosed([[1, 1, 1], [1, 0, 1], [1, 1, 1]]); // [[1,1,1],[1,4,1],[1,1,1]]
 */
export function fillEnclosed(grid: Grid): Grid {
  const rows = grid.length;
  const cols = grid[0]?.length ?? 0;
  const open = new Uint8Array(rows * cols);
  const queue: number[] = [];
  const visit = (r: number, c: number): void => {
    const i = r * cols + c;
    if (r < 0 || c < 0 || r >= rows || c >= cols || open[i] === 1 || grid[r]?.[c] !== 0) return;
    open[i] = 1;
    queue.push(i);
  };
  for (let r = 0; r < rows; r++) {
    visit(r, 0);
    visit(r, cols - 1);
  }
  for (let c = 0; c < cols; c++) {
    visit(0, c);
    visit(rows - 1, c);
  }
  for (let q = 0; q < queue.length; q++) {
    const i = queue[q] as number;
    const r = Math.floor(i / cols);
    const c = i % cols;
    visit(r - 1, c);
    visit(r + 1, c);
    visit(r, c - 1);
    visit(r, c + 1);
  }
  return grid.map((row, r) => row.map((v, c) => (v === 0 && open[r * cols + c] === 0 ? FILL : v)));
}

export interface FillEnclosedOptions {
  rows: number;
  cols: number;
  seed: number;
}

/** Draws a rectangle outline (optionally with one gap) with its corners at (r0, c0) and (r1, c1). */
function rectangle(g: Grid, rng: Rng, colour: number, r0: number, c0: number, r1: number, c1: number, gap: boolean): void {
  const border: [number, number][] = [];
  for (let c = c0; c <= c1; c++) border.push([r0, c], [r1, c]);
  for (let r = r0 + 1; r < r1; r++) border.push([r, c0], [r, c1]);
  for (const [r, c] of border) (g[r] as number[])[c] = colour;
  if (gap) {
    const sides = border.filter(([r, c]) => !((r === r0 || r === r1) && (c === c0 || c === c1)));
    if (sides.length > 0) {
      const [r, c] = rng.pick(sides);
      (g[r] as number[])[c] = 0;
    }
  }
}

/** Grows a random 4-connected region of `size` cells from (r, c), then walls its 8-neighbourhood outline. */
function blob(g: Grid, rng: Rng, colour: number, r: number, c: number, size: number, gap: boolean): void {
  const rows = g.length;
  const cols = g[0]?.length ?? 0;
  const inside = new Set<number>([r * cols + c]);
  const frontier = [r * cols + c];
  while (inside.size < size && frontier.length > 0) {
    const at = rng.pick(frontier);
    const ar = Math.floor(at / cols);
    const ac = at % cols;
    const [dr, dc] = rng.pick([
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
    ] as const);
    const nr = ar + dr;
    const nc = ac + dc;
    if (nr < 1 || nc < 1 || nr >= rows - 1 || nc >= cols - 1) continue;
    const n = nr * cols + nc;
    if (!inside.has(n)) {
      inside.add(n);
      frontier.push(n);
    }
  }
  const outline: [number, number][] = [];
  for (const i of inside) {
    const ir = Math.floor(i / cols);
    const ic = i % cols;
    for (let dr = -1; dr <= 1; dr++) {
      for (let dc = -1; dc <= 1; dc++) {
        const nr = ir + dr;
        const nc = ic + dc;
        if (nr < 0 || nc < 0 || nr >= rows || nc >= cols || inside.has(nr * cols + nc)) continue;
        outline.push([nr, nc]);
      }
    }
  }
  for (const [or, oc] of outline) (g[or] as number[])[oc] = colour;
  for (const i of inside) (g[Math.floor(i / cols)] as number[])[i % cols] = 0;
  if (gap && outline.length > 0) {
    const [gr, gc] = rng.pick(outline);
    (g[gr] as number[])[gc] = 0;
  }
}

/**
 * One input/output pair of `fill-enclosed`, reproducible by seed.
 *
 * @example
 * const { input, output } = generateFillEnclosed({ rows: 9, cols: 14, seed: 3 });
 */
export function generateFillEnclosed(options: FillEnclosedOptions): { input: Grid; output: Grid } {
  const { rows, cols } = options;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 3 || cols < 3 || rows > 30 || cols > 30) {
    throw new InvalidInputError(`fill-enclosed grids are 3..30 x 3..30, got ${rows}x${cols}`, { field: 'size' });
  }
  const rng = createRng(options.seed);
  const g: Grid = Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
  const palette = rng.shuffle([...WALLS]).slice(0, 1 + rng.int(2));
  const shapes = 1 + rng.int(Math.max(1, Math.floor((rows * cols) / 40)));
  for (let s = 0; s < shapes; s++) {
    const colour = rng.pick(palette);
    const gap = rng.next() < 0.3;
    if (rng.next() < 0.5) {
      const h = 3 + rng.int(Math.max(1, rows - 2));
      const w = 3 + rng.int(Math.max(1, cols - 2));
      const r0 = rng.int(Math.max(1, rows - h + 1));
      const c0 = rng.int(Math.max(1, cols - w + 1));
      rectangle(g, rng, colour, r0, c0, Math.min(rows - 1, r0 + h - 1), Math.min(cols - 1, c0 + w - 1), gap);
    } else {
      const r = 1 + rng.int(Math.max(1, rows - 2));
      const c = 1 + rng.int(Math.max(1, cols - 2));
      blob(g, rng, colour, r, c, 1 + rng.int(Math.max(1, Math.floor((rows * cols) / 6))), gap);
    }
  }
  const noise = rng.next() * 0.08;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (rng.next() < noise) (g[r] as number[])[c] = rng.pick(palette);
    }
  }
  return { input: g, output: fillEnclosed(g) };
}
