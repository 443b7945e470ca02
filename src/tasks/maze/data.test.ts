import { describe, expect, it } from 'vitest';
import { buildMazeData, mazeData, mazeKey } from './data.js';
import { maze } from './codec.js';

describe('maze data', () => {
  it('mazeKey is the same for the 8 dihedral images', () => {
    const rows = ['#S  #', '# # #', '#  G#'];
    const flipped = rows.map((row) => [...row].reverse().join(''));
    const rotated = [...rows].reverse().map((row) => [...row].reverse().join(''));
    const transposed = Array.from({ length: 5 }, (_, c) => rows.map((row) => row[c]).join(''));
    for (const image of [flipped, rotated, transposed]) expect(mazeKey(image)).toBe(mazeKey(rows));
    expect(mazeKey(['#S G#', '# # #', '#   #'])).not.toBe(mazeKey(rows));
  });

  it('builds reproducible mazes whose label tokens are the solved rows', () => {
    const { records } = buildMazeData({ count: 2, seed: 4, rows: 7, cols: 9 });
    expect(buildMazeData({ count: 2, seed: 4, rows: 7, cols: 9 }).records).toEqual(records);
    const items = mazeData.read(records.map((r) => JSON.stringify(r)).join('\n'));
    expect(items.map((i) => i.label)).toEqual(records.map((r) => r.solution));
    const item = items[0];
    if (item === undefined) throw new Error('no item');
    const codec = maze.onCanvas?.({ rows: 12, cols: 12 }) ?? maze;
    const label = mazeData.target(item, codec);
    expect(label).toHaveLength(144);
    expect(mazeData.correct(item, label, codec)).toBe(true);
    expect(mazeData.correct(item, codec.encode(item.puzzle), codec)).toBe(false);
  });
});
