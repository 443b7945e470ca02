/**
 * The exact Sudoku solver as it was before issue 19 (one 9-bit mask of used digits per house,
 * singles found by rescanning every empty cell, MRV branching), kept unchanged as an
 * independent reference: the tests compare the fast solver's solution counts with it, and
 * `npm run bench` prints the speed ratio of the two in one run.
 */
import type { SudokuGrid, SudokuSize } from '../../src/tasks/sudoku/grid.js';
import { boxIndex } from '../../src/tasks/sudoku/grid.js';

const POPCOUNT = new Uint8Array(1 << 9);
const DIGIT = new Uint8Array(1 << 9);
for (let m = 1; m < POPCOUNT.length; m++) POPCOUNT[m] = (POPCOUNT[m >> 1] as number) + (m & 1);
for (let d = 1; d <= 9; d++) DIGIT[1 << (d - 1)] = d;

interface Tables {
  size: SudokuSize;
  cellCount: number;
  full: number;
  /** House indices of each cell in the `used` array: row r, column n + c, box 2n + b. */
  hr: Uint8Array;
  hc: Uint8Array;
  hb: Uint8Array;
  /** Cells of house h at `houseCells[h * size .. h * size + size - 1]`. */
  houseCells: Uint8Array;
}

const tablesCache = new Map<SudokuSize, Tables>();

function tablesFor(size: SudokuSize): Tables {
  const cached = tablesCache.get(size);
  if (cached !== undefined) return cached;
  const cellCount = size * size;
  const t: Tables = {
    size,
    cellCount,
    full: (1 << size) - 1,
    hr: new Uint8Array(cellCount),
    hc: new Uint8Array(cellCount),
    hb: new Uint8Array(cellCount),
    houseCells: new Uint8Array(3 * size * size),
  };
  const fill = new Uint8Array(3 * size);
  for (let i = 0; i < cellCount; i++) {
    const r = Math.floor(i / size);
    const c = i % size;
    t.hr[i] = r;
    t.hc[i] = size + c;
    t.hb[i] = 2 * size + boxIndex(size, r, c);
    for (const h of [t.hr[i] as number, t.hc[i] as number, t.hb[i] as number]) {
      t.houseCells[h * size + (fill[h] as number)] = i;
      fill[h] = (fill[h] as number) + 1;
    }
  }
  tablesCache.set(size, t);
  return t;
}

/** A prepared search over one grid. */
interface Search {
  /** Places the givens; false when two givens clash. */
  load(values: readonly number[]): boolean;
  /** Runs the search to the end or to `limit` solutions. */
  run(): void;
  readonly nodes: number;
  readonly count: number;
  readonly first: Uint8Array | undefined;
}

/**
 * One search over one grid; `limit` = stop after this many solutions. Each step scans the
 * empty cells once and places every forced move it finds (a cell with one candidate, or a
 * digit with one place left in a row, column or box); only when there is none does it branch
 * on the cell with fewest candidates. Every placement, forced or guessed, is one node.
 */
function createSearch(t: Tables, limit: number): Search {
  const { hr, hc, hb, full, cellCount, houseCells, size } = t;
  const houseCount = 3 * size;
  const cells = new Uint8Array(cellCount);
  /** Used digits per house: rows 0..n-1, columns n..2n-1, boxes 2n..3n-1. */
  const used = new Uint16Array(houseCount);
  /** Empty cells in [0, emptyCount); placed ones after, most recent first. */
  const empties = new Int32Array(cellCount);
  /** Index of each cell in `empties`. */
  const pos = new Int32Array(cellCount);
  /** Scratch of one scan: candidates per cell, digits seen once / twice per house. */
  const candOf = new Uint16Array(cellCount);
  const once = new Uint16Array(houseCount);
  const twice = new Uint16Array(houseCount);
  /** Forced moves found by one scan. */
  const forcedCell = new Int32Array(cellCount * 2);
  const forcedBit = new Uint16Array(cellCount * 2);
  let forcedCount = 0;
  let emptyCount = 0;
  let nodes = 0;
  let count = 0;
  let first: Uint8Array | undefined;
  /** Branch point of the last scan: cell with fewest candidates. */
  let branchCell = -1;

  const place = (cell: number, bit: number): void => {
    const k = pos[cell] as number;
    const last = --emptyCount;
    const other = empties[last] as number;
    empties[k] = other;
    pos[other] = k;
    empties[last] = cell;
    pos[cell] = last;
    used[hr[cell] as number] = (used[hr[cell] as number] as number) | bit;
    used[hc[cell] as number] = (used[hc[cell] as number] as number) | bit;
    used[hb[cell] as number] = (used[hb[cell] as number] as number) | bit;
    cells[cell] = DIGIT[bit] as number;
    ++nodes;
  };

  /** Undoes the most recent placement. */
  const unplace = (): void => {
    const cell = empties[emptyCount++] as number;
    const bit = 1 << ((cells[cell] as number) - 1);
    used[hr[cell] as number] = (used[hr[cell] as number] as number) ^ bit;
    used[hc[cell] as number] = (used[hc[cell] as number] as number) ^ bit;
    used[hb[cell] as number] = (used[hb[cell] as number] as number) ^ bit;
    cells[cell] = 0;
  };

  /**
   * Scans the empty cells: false at a dead end; otherwise either forced moves are queued
   * (`forcedCount` > 0) or `branchCell` is the cell to branch on.
   */
  const scan = (): boolean => {
    once.fill(0);
    twice.fill(0);
    forcedCount = 0;
    let bestPop = 99;
    for (let k = 0; k < emptyCount; k++) {
      const cell = empties[k] as number;
      const r = hr[cell] as number;
      const c = hc[cell] as number;
      const b = hb[cell] as number;
      const cand = full & ~((used[r] as number) | (used[c] as number) | (used[b] as number));
      const pop = POPCOUNT[cand] as number;
      if (pop <= 1) {
        if (pop === 0) return false;
        forcedCell[forcedCount] = cell;
        forcedBit[forcedCount++] = cand;
      } else if (pop < bestPop) {
        bestPop = pop;
        branchCell = cell;
      }
      candOf[cell] = cand;
      twice[r] = (twice[r] as number) | ((once[r] as number) & cand);
      once[r] = (once[r] as number) | cand;
      twice[c] = (twice[c] as number) | ((once[c] as number) & cand);
      once[c] = (once[c] as number) | cand;
      twice[b] = (twice[b] as number) | ((once[b] as number) & cand);
      once[b] = (once[b] as number) | cand;
    }
    // Every digit must still fit somewhere in every house; one that fits only once is forced.
    for (let h = 0; h < houseCount; h++) {
      const seen = once[h] as number;
      if (((seen | (used[h] as number)) & full) !== full) return false;
      let hidden = seen & ~(twice[h] as number);
      while (hidden !== 0) {
        const bit = hidden & -hidden;
        hidden ^= bit;
        for (let i = h * size, end = i + size; i < end; i++) {
          const cell = houseCells[i] as number;
          if (cells[cell] === 0 && ((candOf[cell] as number) & bit) !== 0) {
            forcedCell[forcedCount] = cell;
            forcedBit[forcedCount++] = bit;
            break;
          }
        }
      }
    }
    return true;
  };

  /** Places the queued forced moves; false when they contradict each other. */
  const placeForced = (): boolean => {
    for (let f = 0; f < forcedCount; f++) {
      const cell = forcedCell[f] as number;
      const bit = forcedBit[f] as number;
      const current = cells[cell] as number;
      if (current !== 0) {
        if (current === DIGIT[bit]) continue;
        return false;
      }
      if ((((used[hr[cell] as number] as number) | (used[hc[cell] as number] as number) | (used[hb[cell] as number] as number)) & bit) !== 0) {
        return false;
      }
      place(cell, bit);
    }
    return true;
  };

  /** Depth-first search; returns true when the solution limit is reached. */
  const search = (): boolean => {
    const placedBefore = emptyCount;
    let stop = false;
    for (;;) {
      if (emptyCount === 0) {
        count++;
        if (first === undefined) first = cells.slice();
        stop = count >= limit;
        break;
      }
      if (!scan()) break;
      if (forcedCount > 0) {
        if (!placeForced()) break;
        continue;
      }
      const cell = branchCell;
      let cand = candOf[cell] as number;
      while (cand !== 0 && !stop) {
        const bit = cand & -cand;
        cand ^= bit;
        place(cell, bit);
        stop = search();
        unplace();
      }
      break;
    }
    while (emptyCount < placedBefore) unplace();
    return stop;
  };

  return {
    load(values) {
      for (let i = 0; i < cellCount; i++) {
        const d = values[i] ?? 0;
        if (d === 0) {
          pos[i] = emptyCount;
          empties[emptyCount++] = i;
          continue;
        }
        const bit = 1 << (d - 1);
        const r = hr[i] as number;
        const c = hc[i] as number;
        const b = hb[i] as number;
        if (((used[r] as number) | (used[c] as number) | (used[b] as number)) & bit) return false;
        used[r] = (used[r] as number) | bit;
        used[c] = (used[c] as number) | bit;
        used[b] = (used[b] as number) | bit;
        cells[i] = d;
      }
      return true;
    },
    run() {
      search();
    },
    get nodes() {
      return nodes;
    },
    get count() {
      return count;
    },
    get first() {
      return first;
    },
  };
}

/**
 * Counts solutions up to `limit` (0 when two givens clash); `first` is the first one found.
 *
 * @example
 * referenceSearch({ size: 4, cells: new Array(16).fill(0) }, 1000).count; // 288
 */
export function referenceSearch(grid: SudokuGrid, limit: number): { count: number; nodes: number; first: number[] | undefined } {
  const search = createSearch(tablesFor(grid.size), Math.max(1, limit));
  if (!search.load(grid.cells)) return { count: 0, nodes: 0, first: undefined };
  search.run();
  return { count: search.count, nodes: search.nodes, first: search.first === undefined ? undefined : Array.from(search.first) };
}
