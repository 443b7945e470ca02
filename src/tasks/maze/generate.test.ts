import { describe, expect, it } from 'vitest';
import { InvalidInputError, SolverError } from '../../core/errors.js';
import { generateMaze, maxShortestPathLength } from './generate.js';
import { countShortestPaths, shortestPathLength } from './solve.js';
import { mazePuzzleSchema } from './types.js';
import { verifyMaze } from './verify.js';

describe('generateMaze', () => {
  it('is reproducible by seed and differs across seeds', () => {
    const a = generateMaze({ seed: 42, rows: 12, cols: 17 });
    expect(generateMaze({ seed: 42, rows: 12, cols: 17 })).toEqual(a);
    expect(generateMaze({ seed: 43, rows: 12, cols: 17 }).puzzle.cells).not.toEqual(a.puzzle.cells);
  });

  it('makes 30x30 Maze-Hard style mazes with shortest path >= 110', () => {
    for (let seed = 0; seed < 25; seed++) {
      const { puzzle, solution, pathLength } = generateMaze({ seed, minPathLength: 110 });
      expect(puzzle.rows).toBe(30);
      expect(puzzle.cols).toBe(30);
      expect(mazePuzzleSchema.safeParse(puzzle).success).toBe(true);
      expect(pathLength).toBeGreaterThanOrEqual(110);
      expect(shortestPathLength(puzzle)).toBe(pathLength);
      expect(solution.path).toHaveLength(pathLength + 1);
      expect(verifyMaze(puzzle, solution).ok).toBe(true);
    }
  });

  it('defaults to 30x30 with minimum path 110', () => {
    const { puzzle, pathLength } = generateMaze({ seed: 5 });
    expect([puzzle.rows, puzzle.cols]).toEqual([30, 30]);
    expect(pathLength).toBeGreaterThanOrEqual(110);
  });

  it('honours the requested minimum on every size', () => {
    for (const [rows, cols, min] of [
      [2, 2, 1],
      [2, 9, 5],
      [7, 3, 6],
      [15, 15, 40],
      [30, 12, 60],
      [30, 30, 200],
    ] as const) {
      const { puzzle, pathLength } = generateMaze({ seed: rows * 100 + cols, rows, cols, minPathLength: min });
      expect([puzzle.rows, puzzle.cols]).toEqual([rows, cols]);
      expect(pathLength).toBeGreaterThanOrEqual(min);
    }
  });

  it('varies the wall density', () => {
    const walls = (density: number): number => generateMaze({ seed: 1, wallDensity: density, minPathLength: 50 }).puzzle.cells.join('').split('#').length - 1;
    expect(walls(0.3)).toBeLessThan(walls(0.45));
  });

  it('rejects an impossible minimum path length with a clear error', () => {
    expect(maxShortestPathLength(30, 30)).toBe(674);
    expect(maxShortestPathLength(2, 2)).toBe(2);
    try {
      generateMaze({ seed: 1, rows: 5, cols: 5, minPathLength: 100 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).field).toBe('minPathLength');
      expect((error as Error).message).toMatch(/impossible for a 5x5 maze: no shortest path there can exceed 20 steps/);
    }
  });

  it('gives up with SolverError after maxAttempts', () => {
    expect(() => generateMaze({ seed: 1, minPathLength: 600, maxAttempts: 3 })).toThrow(SolverError);
  });

  it('validates its options', () => {
    expect(() => generateMaze({ seed: 1, rows: 31 })).toThrow(/rows/);
    expect(() => generateMaze({ seed: 1, cols: 1 })).toThrow(/cols/);
    expect(() => generateMaze({ seed: 1, wallDensity: 1.5 })).toThrow(/wallDensity/);
    expect(() => generateMaze({ seed: 1, minPathLength: 0 })).toThrow(/minPathLength/);
  });
});

describe('generateMaze uniquePath', () => {
  it('returns only mazes with exactly one shortest path, reproducibly', () => {
    let tiedWithout = 0;
    for (let seed = 0; seed < 20; seed++) {
      const g = generateMaze({ rows: 12, cols: 12, seed, uniquePath: true });
      expect(countShortestPaths(g.puzzle)).toBe(1);
      expect(generateMaze({ rows: 12, cols: 12, seed, uniquePath: true })).toEqual(g);
      if (countShortestPaths(generateMaze({ rows: 12, cols: 12, seed }).puzzle) > 1) tiedWithout++;
    }
    expect(tiedWithout).toBeGreaterThan(0); // the option matters at this size
  });

  it('keeps the path length of the same draw and works at 30x30', () => {
    for (let seed = 0; seed < 5; seed++) {
      const plain = generateMaze({ seed });
      const unique = generateMaze({ seed, uniquePath: true });
      expect(unique.pathLength).toBe(plain.pathLength);
      expect(unique.pathLength).toBeGreaterThanOrEqual(110);
      expect(countShortestPaths(unique.puzzle)).toBe(1);
      expect(shortestPathLength(unique.puzzle)).toBe(unique.pathLength);
    }
  });
});
