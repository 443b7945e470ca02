import { describe, expect, it } from 'vitest';
import { parseTask } from '../tasks/registry.js';
import { canonicalKey, SolveCache } from './cache.js';
import type { GridSolveOutcome } from './local-solvers.js';

const outcome = (rendered: string): GridSolveOutcome => ({
  solution: rendered,
  rendered,
  verified: true,
  provenance: { solver: 'exact', kind: 'exact', verified: true, latencyMs: 1 },
});

describe('canonicalKey', () => {
  it('is the same for one puzzle in different notations', () => {
    const line = '1..4..1..1..4..1';
    const pretty = '1 . | . 4\n. . | 1 .\n----+----\n. 1 | . .\n4 . | . 1';
    const json = '[[1,0,0,4],[0,0,1,0],[0,1,0,0],[4,0,0,1]]';
    const keys = [line, pretty, json].map((t) => canonicalKey(parseTask(t, 'sudoku')));
    expect(new Set(keys).size).toBe(1);
    expect(canonicalKey(parseTask('#S#\n# #\n#G#', 'maze'))).not.toBe(keys[0]);
  });
});

describe('SolveCache', () => {
  it('evicts the least recently used entry beyond maxEntries', () => {
    const cache = new SolveCache({ maxEntries: 2 });
    cache.set('a', outcome('A'));
    cache.set('b', outcome('B'));
    expect(cache.get('a')?.rendered).toBe('A'); // a is now most recent
    cache.set('c', outcome('C'));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.rendered).toBe('A');
    expect(cache.size).toBe(2);
    expect(cache.hits).toBe(2);
    expect(cache.misses).toBe(1);
  });

  it('stays within maxBytes and skips entries larger than the bound', () => {
    const cache = new SolveCache({ maxEntries: 100, maxBytes: 2_000 });
    for (let i = 0; i < 50; i++) cache.set(`k${i}`, outcome('x'.repeat(100)));
    expect(cache.bytes).toBeLessThanOrEqual(2_000);
    expect(cache.size).toBeLessThan(50);
    cache.set('huge', outcome('y'.repeat(5_000)));
    expect(cache.get('huge')).toBeUndefined();
    cache.clear();
    expect(cache.bytes).toBe(0);
  });
});
