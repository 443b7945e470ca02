import { describe, expect, it } from 'vitest';
import { AbortedError, InvalidInputError, UnsolvableError } from '../../core/errors.js';
import { exactSolver } from '../../core/exact-solver.js';
import { maze } from './index.js';
import { parseMaze } from './parse.js';
import { countShortestPaths, mazeBfsSolver, shortestPathLength, solveMaze } from './solve.js';
import type { MazePuzzle } from './types.js';
import { verifyMaze } from './verify.js';

const SMALL = parseMaze('#####\n#S  #\n### #\n#G  #\n#####');

describe('solveMaze', () => {
  it('finds the shortest path and counts expanded cells', () => {
    const { solution, stats } = solveMaze(SMALL);
    expect(solution.path).toEqual([
      { row: 1, col: 1 },
      { row: 1, col: 2 },
      { row: 1, col: 3 },
      { row: 2, col: 3 },
      { row: 3, col: 3 },
      { row: 3, col: 2 },
      { row: 3, col: 1 },
    ]);
    expect(stats.nodes).toBe(7);
    expect(verifyMaze(SMALL, solution)).toEqual({ ok: true, strength: 'full', problems: [] });
    expect(shortestPathLength(SMALL)).toBe(6);
  });

  it('solves adjacent S and G', () => {
    expect(solveMaze(parseMaze('SG\n##')).solution.path).toHaveLength(2);
  });

  it('throws UnsolvableError when G is unreachable', () => {
    const walled = parseMaze('#####\n#S# #\n### #\n#  G#\n#####');
    expect(() => solveMaze(walled)).toThrow(UnsolvableError);
    try {
      solveMaze(walled);
    } catch (error) {
      expect((error as UnsolvableError).code).toBe('unsolvable');
      expect((error as UnsolvableError).message).toMatch(/cannot be reached/);
    }
    expect(shortestPathLength(walled)).toBeNull();
  });

  it('honours an aborted signal', () => {
    const controller = new AbortController();
    controller.abort();
    expect(() => solveMaze(SMALL, { signal: controller.signal })).toThrow(AbortedError);
  });

  it('rejects a malformed puzzle with InvalidInputError', () => {
    const bad: MazePuzzle = { ...SMALL, cells: ['#####', '#S  #'] };
    expect(() => solveMaze(bad)).toThrow(InvalidInputError);
    const moved: MazePuzzle = { ...SMALL, start: { row: 0, col: 0 } };
    expect(() => solveMaze(moved)).toThrow(/start/);
  });

  it('is the codec exact solver and works through exactSolver()', async () => {
    expect(maze.exact).toBe(mazeBfsSolver);
    expect(mazeBfsSolver.name).toBe('maze-bfs');
    const result = await exactSolver(maze).solve(SMALL);
    expect(result.verified).toBe(true);
    expect(result.provenance.searchNodes).toBe(7);
  });
});

describe('countShortestPaths', () => {
  it('counts tied shortest paths up to the cap, and 0 when G is unreachable', () => {
    expect(countShortestPaths(parseMaze(['S ', ' G']))).toBe(2);
    expect(countShortestPaths(parseMaze(['S  ', '   ', '  G']), 10)).toBe(6); // C(4, 2) lattice paths
    expect(countShortestPaths(parseMaze(['S  ', '   ', '  G']))).toBe(2); // capped
    expect(countShortestPaths(parseMaze(['S##', ' ##', '  G']))).toBe(1);
    expect(countShortestPaths(parseMaze(['S#G', '###']))).toBe(0);
    // a loop whose two sides differ in length: one shortest path
    expect(countShortestPaths(parseMaze(['S   ', ' ## ', ' ##G', '    ']))).toBe(1);
  });
});
