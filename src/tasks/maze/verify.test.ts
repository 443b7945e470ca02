import { describe, expect, it } from 'vitest';
import { parseMaze } from './parse.js';
import { solveMaze } from './solve.js';
import type { MazeCell, MazeSolution } from './types.js';
import { verifyMaze } from './verify.js';

// S at (1,1), G at (3,1); the only route goes right, down the right side, and back left.
const PUZZLE = parseMaze(['#####', '#S  #', '### #', '#G  #', '#####']);
const PATH = solveMaze(PUZZLE).solution.path;
const c = (row: number, col: number): MazeCell => ({ row, col });

function kinds(solution: MazeSolution): string[] {
  const v = verifyMaze(PUZZLE, solution);
  expect(v.strength).toBe('full');
  expect(v.ok).toBe(v.problems.length === 0);
  return v.problems.map((p) => p.kind);
}

function problem(solution: MazeSolution, kind: string): { message: string; cells?: MazeCell[] } {
  const found = verifyMaze(PUZZLE, solution).problems.find((p) => p.kind === kind);
  if (found === undefined) throw new Error(`no ${kind} problem`);
  return found;
}

describe('verifyMaze', () => {
  it('accepts the shortest path', () => {
    expect(kinds({ path: PATH })).toEqual([]);
  });

  it('empty_path', () => {
    expect(kinds({ path: [] })).toEqual(['empty_path']);
  });

  it('wrong_start and wrong_end name the cells', () => {
    expect(problem({ path: PATH.slice(1) }, 'wrong_start').cells).toEqual([c(1, 2)]);
    expect(problem({ path: PATH.slice(0, -1) }, 'wrong_end').cells).toEqual([c(3, 2)]);
  });

  it('not_adjacent names both ends of the step', () => {
    const path = [...PATH.slice(0, 2), ...PATH.slice(3)];
    const p = problem({ path }, 'not_adjacent');
    expect(p.cells).toEqual([c(1, 2), c(2, 3)]);
    expect(p.message).toMatch(/\(1,2\)->\(2,3\)/);
  });

  it('wall', () => {
    const path = [c(1, 1), c(2, 1), c(3, 1)];
    expect(kinds({ path })).toEqual(['wall']);
    expect(problem({ path }, 'wall').cells).toEqual([c(2, 1)]);
  });

  it('out_of_bounds', () => {
    const path = [...PATH.slice(0, 3), c(1, 5), ...PATH.slice(3)];
    expect(problem({ path }, 'out_of_bounds').cells).toEqual([c(1, 5)]);
  });

  it('repeated_cell', () => {
    const path = [...PATH.slice(0, 3), c(1, 2), c(1, 3), ...PATH.slice(3)];
    const p = problem({ path }, 'repeated_cell');
    expect(p.cells).toEqual([c(1, 2), c(1, 3)]);
  });

  it('not_shortest names the detour cells that lie on no shortest path', () => {
    const puzzle = parseMaze(['S  G', ' ## ', '    ']);
    const path = [c(0, 0), c(1, 0), c(2, 0), c(2, 1), c(2, 2), c(2, 3), c(1, 3), c(0, 3)];
    const v = verifyMaze(puzzle, { path });
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => p.kind)).toEqual(['not_shortest']);
    expect(v.problems[0]?.message).toMatch(/7 steps; the shortest takes 3/);
    expect(v.problems[0]?.cells).toEqual(path.slice(1, -1));
  });

  it('not_shortest names where the path steps back when every cell is on some shortest path', () => {
    const puzzle = parseMaze(['S   ', '    ', '   G']);
    const path = [c(0, 0), c(1, 0), c(1, 1), c(0, 1), c(0, 2), c(0, 3), c(1, 3), c(2, 3)];
    const v = verifyMaze(puzzle, { path });
    expect(v.problems.map((p) => p.kind)).toEqual(['not_shortest']);
    expect(v.problems[0]?.message).toMatch(/7 steps; the shortest takes 5/);
    expect(v.problems[0]?.cells).toEqual([c(0, 1)]);
  });

  it('reports a malformed solution instead of throwing', () => {
    expect(kinds({ path: 'nope' } as unknown as MazeSolution)).toEqual(['malformed']);
    expect(kinds({ path: [{ row: -1, col: 0 }] })).toEqual(['malformed']);
    expect(kinds(null as unknown as MazeSolution)).toEqual(['malformed']);
  });
});
