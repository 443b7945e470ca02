/**
 * The search engine under `solve.ts`: propagation and depth-first search over the band masks
 * described in `solve-tables.ts`. Written for speed: typed arrays only, no allocation until a
 * solution is recorded, every hot loop over at most three rows unrolled.
 */
import { throwIfAborted } from '../../core/errors.js';
import type { SudokuGrid } from './grid.js';
import type { SolverTables } from './solve-tables.js';
import { popcount, solverTables } from './solve-tables.js';

/** How often (in nodes) the search looks at its AbortSignal. */
const ABORT_CHECK_NODES = 4096;

/** Everything one search reports (`searchSudoku`). */
export interface SudokuSearchResult {
  /** Solutions found, at most `limit`; 0 also when the givens clash (`clash`). */
  count: number;
  /** Cells placed, forced or guessed, in every branch visited. */
  nodes: number;
  /** Branches tried (each guess of a digit for a cell). */
  guesses: number;
  /** The first solution found, row-major. */
  first: number[] | undefined;
  /** Two givens share a row, column or box. */
  clash: boolean;
}

interface Run {
  t: SolverTables;
  st: Int32Array;
  limit: number;
  signal: AbortSignal | undefined;
  nodes: number;
  guesses: number;
  count: number;
  nextAbortCheck: number;
  first: number[] | undefined;
}

/**
 * Places the digit of digit-band word `word` on band cell `bit` in the state at `base`: the
 * other digits leave the cell, the digit leaves the cell's row, box and column. Returns the
 * words it changed, as a bit set.
 */
function assign(t: SolverTables, st: Int32Array, base: number, word: number, band: number, bit: number): number {
  const { bands, size } = t;
  const words = size * bands;
  let dirty = 0;
  for (let w = band; w < words; w += bands) {
    const old = st[base + w] as number;
    if (w !== word && (old & bit) !== 0) {
      st[base + w] = old & ~bit;
      dirty |= 1 << w;
    }
  }
  const k = 31 - Math.clz32(bit);
  const own = st[base + word] as number;
  const kept = own & ~(t.bandPeers[k] as number);
  if (kept !== own) {
    st[base + word] = kept;
    dirty |= 1 << word;
  }
  const column = (t.columnRepeat * (1 << (k % size))) | 0;
  for (let w = word - band, end = w + bands; w < end; w++) {
    const old = st[base + w] as number;
    if (w !== word && (old & column) !== 0) {
      st[base + w] = old & ~column;
      dirty |= 1 << w;
    }
  }
  return dirty;
}

/** Propagates the state at `base` to a fixed point, starting from the words in `dirty`; false at a dead end. */
function propagate(run: Run, base: number, dirty: number): boolean {
  const { t, st } = run;
  const { size, bands, rowMask, rowsPerBand, columnRepeat, complex, boxesOfRow, rowSingle, bandOf, stacks, boxCols, boxColMask, stackComplex } = t;
  const boxColShift2 = 2 * boxCols;
  const words = size * bands;
  const unsolved = base + words;
  const shift1 = size;
  const shift2 = 2 * size;
  const boxShift2 = 2 * rowsPerBand;
  for (;;) {
    while (dirty !== 0) {
      const low = dirty & -dirty;
      dirty ^= low;
      const word = 31 - Math.clz32(low);
      const at = base + word;
      let a = st[at] as number;
      const pattern =
        (boxesOfRow[a & rowMask] as number) |
        ((boxesOfRow[(a >>> shift1) & rowMask] as number) << rowsPerBand) |
        ((boxesOfRow[(a >>> shift2) & rowMask] as number) << boxShift2);
      a &= complex[pattern] as number;
      if (a === 0) return false;
      st[at] = a;
      const band = bandOf[word] as number;
      const single =
        (rowSingle[a & rowMask] as number) |
        ((rowSingle[(a >>> shift1) & rowMask] as number) << shift1) |
        ((rowSingle[(a >>> shift2) & rowMask] as number) << shift2);
      const open = st[unsolved + band] as number;
      const fresh = single & open;
      if (fresh === 0) continue;
      st[unsolved + band] = open ^ fresh;
      run.nodes += popcount(fresh);
      const notFresh = ~fresh;
      for (let w = band; w < words; w += bands) {
        const old = st[base + w] as number;
        if (w !== word && (old & fresh) !== 0) {
          st[base + w] = old & notFresh;
          dirty |= 1 << w;
        }
      }
      const columns = (fresh | (fresh >>> shift1) | (fresh >>> shift2)) & rowMask;
      const notColumns = ~((columns * columnRepeat) | 0);
      for (let w = word - band, end = w + bands; w < end; w++) {
        const old = st[base + w] as number;
        if (w !== word && (old & ~notColumns) !== 0) {
          st[base + w] = old & notColumns;
          dirty |= 1 << w;
        }
      }
    }
    // Naked singles; a cell without candidates is a dead end.
    for (let band = 0; band < bands; band++) {
      const open = st[unsolved + band] as number;
      if (open === 0) continue;
      let one = 0;
      let two = 0;
      for (let w = base + band, end = base + words; w < end; w += bands) {
        const m = st[w] as number;
        two |= one & m;
        one |= m;
      }
      if ((open & ~one) !== 0) return false;
      let singles = open & ~two;
      while (singles !== 0) {
        const bit = singles & -singles;
        singles ^= bit;
        for (let w = band; w < words; w += bands) {
          if (((st[base + w] as number) & bit) !== 0) {
            dirty |= assign(t, st, base, w, band, bit);
            break;
          }
        }
      }
    }
    if (dirty !== 0) continue;
    // Locked candidates in stacks (box and column), then hidden singles in columns.
    for (let first = 0; first < words; first += bands) {
      const a0 = st[base + first] as number;
      const a1 = st[base + first + 1] as number;
      const a2 = bands > 2 ? (st[base + first + 2] as number) : 0;
      const c0 = (a0 | (a0 >>> shift1) | (a0 >>> shift2)) & rowMask;
      const c1 = (a1 | (a1 >>> shift1) | (a1 >>> shift2)) & rowMask;
      const c2 = (a2 | (a2 >>> shift1) | (a2 >>> shift2)) & rowMask;
      let drop0 = 0;
      let drop1 = 0;
      let drop2 = 0;
      for (let s = 0, sh = 0; s < stacks; s++, sh += boxCols) {
        const reach = stackComplex[
          ((c0 >>> sh) & boxColMask) | (((c1 >>> sh) & boxColMask) << boxCols) | (((c2 >>> sh) & boxColMask) << boxColShift2)
        ] as number;
        if (reach === 0) return false;
        drop0 |= (~reach & boxColMask) << sh;
        drop1 |= (~(reach >>> boxCols) & boxColMask) << sh;
        drop2 |= (~(reach >>> boxColShift2) & boxColMask) << sh;
      }
      if ((drop0 & c0) !== 0) {
        st[base + first] = a0 & ~((drop0 * columnRepeat) | 0);
        dirty |= 1 << first;
      }
      if ((drop1 & c1) !== 0) {
        st[base + first + 1] = a1 & ~((drop1 * columnRepeat) | 0);
        dirty |= 1 << (first + 1);
      }
      if ((drop2 & c2) !== 0) {
        st[base + first + 2] = a2 & ~((drop2 * columnRepeat) | 0);
        dirty |= 1 << (first + 2);
      }
      let one = 0;
      let two = 0;
      for (let w = base + first, end = w + bands; w < end; w++) {
        const a = st[w] as number;
        const x0 = a & rowMask;
        const x1 = (a >>> shift1) & rowMask;
        const x2 = (a >>> shift2) & rowMask;
        two |= (one & x0) | (x0 & x1) | ((one | x0 | x1) & x2) | (one & x1);
        one |= x0 | x1 | x2;
      }
      if (one !== rowMask) return false;
      const hidden = one & ~two;
      if (hidden === 0) continue;
      const repeated = (hidden * columnRepeat) | 0;
      for (let band = 0; band < bands; band++) {
        const w = first + band;
        let fresh = (st[base + w] as number) & repeated & (st[unsolved + band] as number);
        while (fresh !== 0) {
          const bit = fresh & -fresh;
          fresh ^= bit;
          if (((st[base + w] as number) & bit) !== 0) dirty |= assign(t, st, base, w, band, bit);
        }
      }
    }
    if (dirty === 0) return true;
  }
}

/** The cell to branch on (band * 32 + bit), a two-candidate cell if any, else one with fewest; -1 when all are solved. */
function pickCell(t: SolverTables, st: Int32Array, base: number): number {
  const { bands, size } = t;
  const words = size * bands;
  let best = -1;
  let bestCount = 99;
  for (let band = 0; band < bands; band++) {
    const open = st[base + words + band] as number;
    if (open === 0) continue;
    let one = 0;
    let two = 0;
    let three = 0;
    for (let w = base + band, end = base + words; w < end; w += bands) {
      const m = st[w] as number;
      three |= two & m;
      two |= one & m;
      one |= m;
    }
    const pair = open & two & ~three;
    if (pair !== 0) return band * 32 + 31 - Math.clz32(pair & -pair);
    let rest = open;
    while (rest !== 0) {
      const bit = rest & -rest;
      rest ^= bit;
      let n = 0;
      for (let w = base + band, end = base + words; w < end; w += bands) if (((st[w] as number) & bit) !== 0) n++;
      if (n < bestCount) {
        bestCount = n;
        best = band * 32 + 31 - Math.clz32(bit);
      }
    }
  }
  return best;
}

function record(t: SolverTables, st: Int32Array, base: number): number[] {
  const { size, bands, bandCells } = t;
  const cells = new Array<number>(size * size).fill(0);
  for (let w = 0; w < size * bands; w++) {
    let a = st[base + w] as number;
    const offset = (w % bands) * bandCells;
    while (a !== 0) {
      const bit = a & -a;
      a ^= bit;
      cells[offset + 31 - Math.clz32(bit)] = Math.floor(w / bands) + 1;
    }
  }
  return cells;
}

/** Depth-first search from the state at `base` with the words in `dirty` pending; true when the limit is reached. */
function search(run: Run, base: number, dirty: number): boolean {
  const { t, st } = run;
  const { bands, stride } = t;
  for (;;) {
    if (!propagate(run, base, dirty)) return false;
    const cell = pickCell(t, st, base);
    if (cell < 0) {
      run.count++;
      if (run.first === undefined) run.first = record(t, st, base);
      return run.count >= run.limit;
    }
    if (run.nodes >= run.nextAbortCheck) {
      run.nextAbortCheck = run.nodes + ABORT_CHECK_NODES;
      throwIfAborted(run.signal);
    }
    const band = cell >> 5;
    const bit = 1 << (cell & 31);
    let word = band;
    while (((st[base + word] as number) & bit) === 0) word += bands;
    const next = base + stride;
    for (let i = 0; i < stride; i++) st[next + i] = st[base + i] as number;
    run.guesses++;
    if (search(run, next, assign(t, st, next, word, band, bit))) return true;
    // That digit led nowhere (or its solutions are counted): take it out of the cell, go on here.
    st[base + word] = (st[base + word] as number) & ~bit;
    dirty = 1 << word;
  }
}

/**
 * Runs one search over a well-formed grid (shape and digits already checked), stopping after
 * `limit` solutions. The lower-level entry point under `countSolutions` and `solveSudoku`.
 *
 * @example
 * searchSudoku(parseSudoku(line), 2, undefined); // { count: 1, nodes: 312, guesses: 17, first: [...], clash: false }
 */
export function searchSudoku(grid: SudokuGrid, limit: number, signal: AbortSignal | undefined): SudokuSearchResult {
  const t = solverTables(grid.size);
  const { size, bands, bandCells, bandFull, stack: st } = t;
  const words = size * bands;
  for (let w = 0; w < words; w++) st[w] = bandFull;
  for (let band = 0; band < bands; band++) st[words + band] = bandFull;
  const cells = grid.cells;
  for (let i = 0; i < cells.length; i++) {
    const v = cells[i] as number;
    if (v === 0) continue;
    const band = (i / bandCells) | 0;
    const bit = 1 << (i - band * bandCells);
    const word = (v - 1) * bands + band;
    if (((st[word] as number) & bit) === 0) return { count: 0, nodes: 0, guesses: 0, first: undefined, clash: true };
    assign(t, st, 0, word, band, bit);
    st[words + band] = (st[words + band] as number) & ~bit;
  }
  const run: Run = { t, st, limit, signal, nodes: 0, guesses: 0, count: 0, nextAbortCheck: ABORT_CHECK_NODES, first: undefined };
  search(run, 0, (1 << words) - 1); // at most 27 words: every one starts dirty
  return { count: run.count, nodes: run.nodes, guesses: run.guesses, first: run.first, clash: false };
}
