import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectMaze } from './detect.js';
import { formatMaze } from './format.js';
import { generateMaze } from './generate.js';

const MAZE = ['#####', '#S  #', '### #', '#G  #', '#####'].join('\n');

describe('detectMaze', () => {
  it('scores a bordered maze with one S and one G high and finds its span', () => {
    const text = `Please solve:\n${MAZE}\nThanks.`;
    const d = detectMaze(text);
    expect(d).not.toBeNull();
    expect(d?.score).toBeGreaterThanOrEqual(0.9);
    expect(text.slice(d?.start, d?.end)).toBe(MAZE);
    expect(d?.reason).toMatch(/one S and one G/);
  });

  it('scores a generated 30x30 maze high', () => {
    const { puzzle } = generateMaze({ seed: 3 });
    expect(detectMaze(formatMaze(puzzle))?.score).toBeGreaterThanOrEqual(0.8);
    expect(detectMaze(formatMaze(puzzle, 'line'))?.score).toBeGreaterThanOrEqual(0.8);
  });

  it('finds fenced, JSON and single-line mazes', () => {
    for (const text of [`\`\`\`\n${MAZE}\n\`\`\``, `maze: ${JSON.stringify(MAZE.split('\n'))}`, 'solve #####/#S..#/###.#/#G..#/##### now']) {
      expect(detectMaze(text)?.score, text).toBeGreaterThanOrEqual(0.8);
    }
  });

  it('does not fire on prose or a Sudoku grid', () => {
    expect(detectMaze('So I went to the shop. Go and see, said Sam.')).toBeNull();
    expect(detectMaze('53..7....\n6..195...\n.98....6.\n8...6...3\n4..8.3..1\n7...2...6\n.6....28.\n...419..5\n....8..79')).toBeNull();
    expect(detectMaze('530070000600195000098000060800060003400803001700020006060000280000419005000080079')).toBeNull();
    expect(detectMaze('')).toBeNull();
  });

  it('scores markdown headings low or not at all', () => {
    expect(detectMaze('# Title\n## Section\n### Sub\ntext')).toBeNull();
    const bare = detectMaze('#\n##\n###\n');
    expect(bare === null || bare.score < 0.5).toBe(true);
  });

  it('scores a maze without S and G below one with them', () => {
    const without = detectMaze('#####\n#   #\n#####');
    expect(without?.score ?? 0).toBeLessThan(0.6);
  });

  it('never throws and stays in 0..1', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('#', ' ', '.', 'S', 'G', 'o', '\n', 'x', '`', '[', '"', '/', ',') }), (text) => {
        const d = detectMaze(text);
        if (d !== null) {
          expect(d.score).toBeGreaterThan(0);
          expect(d.score).toBeLessThanOrEqual(1);
          expect(d.start).toBeGreaterThanOrEqual(0);
          expect(d.end).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
