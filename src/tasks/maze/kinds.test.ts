import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../core/errors.js';
import { buildMazeData } from './data.js';
import { maze } from './codec.js';
import { mazeGrid } from './grid.js';
import { MAZE_KINDS, canonicalShortestPath, generateMazeOfKind } from './kinds.js';
import type { MazeKind } from './kinds.js';
import { countShortestPaths, shortestPathLength } from './solve.js';
import { mazePuzzleSchema } from './types.js';
import { verifyMaze } from './verify.js';

const wallShare = (cells: readonly string[]): number => cells.join('').split('#').length - 1;

describe('generateMazeOfKind', () => {
  it('makes valid, solvable mazes of every kind at every size, square or not', () => {
    for (const kind of MAZE_KINDS) {
      for (const [rows, cols] of [
        [4, 4],
        [5, 9],
        [12, 12],
        [17, 30],
        [30, 30],
      ] as const) {
        for (let seed = 0; seed < 4; seed++) {
          const { puzzle, solution, pathLength } = generateMazeOfKind({ kind, rows, cols, seed });
          expect(mazePuzzleSchema.safeParse(puzzle).success, `${kind} ${rows}x${cols} #${seed}`).toBe(true);
          expect([puzzle.rows, puzzle.cols]).toEqual([rows, cols]);
          expect(pathLength).toBeGreaterThan(0);
          expect(shortestPathLength(puzzle)).toBe(pathLength);
          expect(verifyMaze(puzzle, solution).ok).toBe(true);
        }
      }
    }
  });

  it('is reproducible by seed', () => {
    for (const kind of MAZE_KINDS) {
      const a = generateMazeOfKind({ kind, rows: 14, cols: 20, seed: 9 });
      expect(generateMazeOfKind({ kind, rows: 14, cols: 20, seed: 9 })).toEqual(a);
      expect(generateMazeOfKind({ kind, rows: 14, cols: 20, seed: 10 }).puzzle.cells).not.toEqual(a.puzzle.cells);
    }
  });

  it('gives the kinds their character: ties where the walls are open, one path in corridors', () => {
    const share = (kind: MazeKind, f: (cells: string[]) => boolean): number => {
      let n = 0;
      for (let seed = 0; seed < 40; seed++) if (f(generateMazeOfKind({ kind, rows: 20, cols: 20, seed }).puzzle.cells)) n++;
      return n / 40;
    };
    const tied = (cells: string[]): boolean => countShortestPaths(maze.parse(cells)) > 1;
    expect(share('corridor', tied)).toBe(0);
    expect(share('open', tied)).toBeGreaterThan(0.8);
    expect(share('random', tied)).toBeGreaterThan(0.5);
    // random walls cover 10-45% of the cells; open areas fewer than corridors
    for (let seed = 0; seed < 20; seed++) {
      const { cells } = generateMazeOfKind({ kind: 'random', rows: 30, cols: 30, seed }).puzzle;
      const share = wallShare(cells) / 900;
      expect(share).toBeGreaterThan(0.05);
      expect(share).toBeLessThan(0.52);
    }
  });

  it('refuses an unknown kind or a bad size, naming the field', () => {
    expect(() => generateMazeOfKind({ kind: 'spiral' as MazeKind, rows: 5, cols: 5, seed: 1 })).toThrow(InvalidInputError);
    expect(() => generateMazeOfKind({ kind: 'open', rows: 31, cols: 5, seed: 1 })).toThrow(/sides must be/);
  });
});

describe('canonicalShortestPath', () => {
  it('takes the first move (up, down, left, right) that gets closer to G', () => {
    expect(canonicalShortestPath(mazeGrid(maze.parse('S \n G')))).toEqual([0, 2, 3]);
    expect(canonicalShortestPath(mazeGrid(maze.parse(' G\nS ')))).toEqual([2, 0, 1]);
    expect(canonicalShortestPath(mazeGrid(maze.parse('S#\n#G')))).toBeNull();
  });

  it('is a shortest path on every kind of maze', () => {
    for (const kind of MAZE_KINDS) {
      for (let seed = 0; seed < 10; seed++) {
        const { puzzle, pathLength } = generateMazeOfKind({ kind, rows: 16, cols: 11, seed });
        const path = canonicalShortestPath(mazeGrid(puzzle)) ?? [];
        expect(path).toHaveLength(pathLength + 1);
        const cells = path.map((i) => ({ row: Math.floor(i / 11), col: i % 11 }));
        expect(verifyMaze(puzzle, { path: cells }).ok).toBe(true);
      }
    }
  });
});

describe('maze data with --kind', () => {
  it('mixes the kinds and sizes and labels the canonical path', () => {
    const { records } = buildMazeData({ count: 60, seed: 3, rows: 0, cols: 0, kinds: MAZE_KINDS, sizeRange: [4, 12] });
    expect(new Set(records.map((r) => r.kind))).toEqual(new Set(MAZE_KINDS));
    expect(records.some((r) => r.rows !== r.cols)).toBe(true);
    for (const r of records) {
      expect(r.rows).toBeGreaterThanOrEqual(4);
      expect(r.cols).toBeLessThanOrEqual(12);
      const puzzle = maze.parse(r.puzzle);
      const path = canonicalShortestPath(mazeGrid(puzzle)) ?? [];
      const marked = r.solution.join('').split('o').length - 1;
      expect(marked).toBe(path.length - 2); // every path cell but S and G
      for (const i of path.slice(1, -1)) expect(r.solution[Math.floor(i / r.cols)]?.[i % r.cols]).toBe('o');
    }
  });
});
