/**
 * Lookup tables of the exact Sudoku solver (`solve.ts`), one set per grid size, built once.
 *
 * The solver keeps, for every digit, the cells where it may still go as one bit mask per
 * band. A band is the `r` rows that share a row of boxes (`r` = box height: 3 for 9x9, 2 for
 * 6x6 and 4x4); bit `k` of a band mask is the band's `k`-th cell in row-major order, so the
 * cell index is `band * r * size + k`. A band holds `r` boxes side by side (`size / boxCols`
 * = `r` in every supported size), so within a band one digit occupies exactly one cell in each
 * row and one in each box: a permutation of boxes over rows. `complex` holds, for each pattern
 * of non-empty mini-rows (the cells of one row inside one box), the cells that some such
 * permutation still reaches: pointing and claiming (locked candidates) in one lookup, and 0
 * when no permutation fits (a contradiction). `stackComplex` does the same for a stack (the
 * boxes of one column of boxes) over its bands and columns.
 */
import type { SudokuSize } from './grid.js';
import { boxShape } from './grid.js';

export interface SolverTables {
  size: SudokuSize;
  cellCount: number;
  /** Rows per band (= box height) and boxes per band. */
  rowsPerBand: number;
  bands: number;
  /** Cells per band and the mask of all of them. */
  bandCells: number;
  bandFull: number;
  /** Mask of one row inside a band word (`size` bits). */
  rowMask: number;
  /** Multiply a column mask (`size` bits) by this to repeat it on every row of a band. */
  columnRepeat: number;
  /** Words of one search state: `size * bands` digit-band masks, then `bands` unsolved masks. */
  stride: number;
  /** For a row's `size` bits: which boxes (bit j = box j of the band) it has candidates in. */
  boxesOfRow: Uint8Array;
  /** For a mini-row pattern (bit `row * rowsPerBand + box`): the cells still reachable. */
  complex: Int32Array;
  /** Box columns (= bands), boxes per row (stacks) and the mask of one box's columns. */
  boxCols: number;
  stacks: number;
  boxColMask: number;
  /**
   * The same for a stack (a column of boxes): for a pattern of non-empty mini-columns (bit
   * `band * boxCols + column within the box`), those some placement of the digit still reaches.
   */
  stackComplex: Int32Array;
  /** A row's bits when exactly one is set, else 0 (hidden single in a row). */
  rowSingle: Int32Array;
  /** For a band cell: the other cells of the band in its row or box. */
  bandPeers: Int32Array;
  /** Band of digit-band word `i = digit * bands + band`. */
  bandOf: Uint8Array;
  /** Search states, one per depth: `stride` words each. */
  stack: Int32Array;
}

function permutations(n: number): number[][] {
  if (n === 1) return [[0]];
  const out: number[][] = [];
  for (const rest of permutations(n - 1)) {
    for (let at = 0; at <= rest.length; at++) out.push([...rest.slice(0, at), n - 1, ...rest.slice(at)]);
  }
  return out;
}

function buildTables(size: SudokuSize): SolverTables {
  const { rows: rowsPerBand, cols: boxCols } = boxShape(size);
  const bands = size / rowsPerBand;
  const bandCells = rowsPerBand * size;
  const rowMask = (1 << size) - 1;
  const boxMask = (1 << boxCols) - 1;
  let columnRepeat = 0;
  for (let r = 0; r < rowsPerBand; r++) columnRepeat += 2 ** (r * size);

  const boxesOfRow = new Uint8Array(1 << size);
  const rowSingle = new Int32Array(1 << size);
  for (let x = 1; x <= rowMask; x++) {
    for (let j = 0; j < rowsPerBand; j++) if ((x >> (j * boxCols)) & boxMask) boxesOfRow[x] = (boxesOfRow[x] as number) | (1 << j);
    if ((x & (x - 1)) === 0) rowSingle[x] = x;
  }

  const perms = permutations(rowsPerBand);
  const complex = new Int32Array(1 << (rowsPerBand * rowsPerBand));
  for (let pattern = 0; pattern < complex.length; pattern++) {
    let reach = 0;
    for (const p of perms) {
      if (!p.every((box, row) => (pattern >> (row * rowsPerBand + box)) & 1)) continue;
      p.forEach((box, row) => (reach |= (boxMask << (box * boxCols)) << (row * size)));
    }
    complex[pattern] = reach;
  }

  // A stack has `bands` boxes stacked and `boxCols` columns; `bands` = `boxCols` in every size.
  const stackComplex = new Int32Array(1 << (bands * boxCols));
  for (let pattern = 0; pattern < stackComplex.length; pattern++) {
    let reach = 0;
    for (const p of permutations(boxCols)) {
      if (p.every((column, band) => (pattern >> (band * boxCols + column)) & 1)) p.forEach((column, band) => (reach |= 1 << (band * boxCols + column)));
    }
    stackComplex[pattern] = reach;
  }

  const bandPeers = new Int32Array(bandCells);
  for (let k = 0; k < bandCells; k++) {
    const row = Math.floor(k / size);
    const box = Math.floor((k % size) / boxCols);
    for (let m = 0; m < bandCells; m++) {
      const sameRow = Math.floor(m / size) === row;
      const sameBox = Math.floor((m % size) / boxCols) === box;
      if (m !== k && (sameRow || sameBox)) bandPeers[k] = (bandPeers[k] as number) | (1 << m);
    }
  }

  const words = size * bands;
  const bandOf = new Uint8Array(words);
  for (let i = 0; i < words; i++) bandOf[i] = i % bands;
  const stride = words + bands;
  return {
    size,
    cellCount: size * size,
    rowsPerBand,
    bands,
    bandCells,
    bandFull: 2 ** bandCells - 1,
    rowMask,
    columnRepeat,
    stride,
    boxesOfRow,
    complex,
    boxCols,
    stacks: size / boxCols,
    boxColMask: boxMask,
    stackComplex,
    rowSingle,
    bandPeers,
    bandOf,
    // Every guess solves at least one cell, so the search is never deeper than the cell count.
    stack: new Int32Array((size * size + 2) * stride),
  };
}

const cache = new Map<SudokuSize, SolverTables>();

/** The tables of one grid size (built on first use). */
export function solverTables(size: SudokuSize): SolverTables {
  let tables = cache.get(size);
  if (tables === undefined) {
    tables = buildTables(size);
    cache.set(size, tables);
  }
  return tables;
}

/** Number of set bits of a 32-bit integer. */
export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
