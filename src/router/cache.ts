/**
 * An LRU cache of solved puzzles, keyed by a canonical form of the puzzle (so the same Sudoku
 * written as a line, a pretty grid or JSON is one entry), bounded both in entries and in bytes.
 * Only verified solutions are worth keeping: they can be served again without a solver.
 *
 * @example
 * const cache = new SolveCache({ maxEntries: 500, maxBytes: 8 << 20 });
 * const key = canonicalKey(parsed);
 * cache.get(key) ?? cache.set(key, await solve(parsed));
 */
import { getTask } from '../tasks/registry.js';
import type { AnyPuzzle } from '../tasks/registry.js';
import type { GridSolveOutcome } from './local-solvers.js';

/**
 * The canonical form of a puzzle: its task's cache key (task, shape and cells, independent of
 * the notation it came in, and of an ARC task's id, which does not change its content).
 *
 * @example
 * canonicalKey(parseTask('53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79')); // 'sudoku:9:5300700...'
 */
export function canonicalKey(parsed: AnyPuzzle): string {
  return getTask(parsed.task).cacheKey(parsed.puzzle);
}

export interface SolveCacheOptions {
  /** Most entries kept. Default 512. */
  maxEntries?: number;
  /** Most bytes kept (keys and values, estimated as UTF-16). Default 8 MiB. */
  maxBytes?: number;
}

interface Entry {
  value: GridSolveOutcome;
  bytes: number;
}

export class SolveCache {
  readonly maxEntries: number;
  readonly maxBytes: number;
  #entries = new Map<string, Entry>();
  #bytes = 0;
  hits = 0;
  misses = 0;

  constructor(options: SolveCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 512;
    this.maxBytes = options.maxBytes ?? 8 * 1024 * 1024;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Bytes held (estimate). */
  get bytes(): number {
    return this.#bytes;
  }

  /** The entry, marked most recently used; `undefined` on a miss. */
  get(key: string): GridSolveOutcome | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** Stores an entry (one larger than `maxBytes` is not stored), evicting the least recently used. */
  set(key: string, value: GridSolveOutcome): void {
    const bytes = 2 * (key.length + JSON.stringify(value).length);
    this.delete(key);
    if (bytes > this.maxBytes || this.maxEntries === 0) return;
    this.#entries.set(key, { value, bytes });
    this.#bytes += bytes;
    for (const [oldest, entry] of this.#entries) {
      if (this.#entries.size <= this.maxEntries && this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= entry.bytes;
    }
  }

  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }
}
