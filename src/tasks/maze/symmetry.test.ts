import { describe, expect, it } from 'vitest';
import { maze } from './codec.js';
import { generateMazeOfKind, MAZE_KINDS } from './kinds.js';
import { solveMaze } from './solve.js';
import { MAZE_SYMMETRIES, mazeSwapSymmetry, mazeSymmetry } from './symmetry.js';
import { verifyMaze } from './verify.js';

describe('maze symmetries', () => {
  it('are the 7 rotations and mirrors, then the 8 with start and goal swapped, on the codec for exploration', () => {
    const turns = ['rot90', 'rot180', 'rot270', 'flip left-right', 'flip up-down', 'transpose', 'anti-transpose'];
    expect(MAZE_SYMMETRIES.map((s) => s.name)).toEqual([...turns, 'swap start and goal', ...turns.map((t) => `swap start and goal, ${t}`)]);
    expect(maze.symmetries).toBe(MAZE_SYMMETRIES);
  });

  it('swap start and goal, and turn the path back round', () => {
    const puzzle = maze.parse('S #\n  G');
    const swapped = mazeSwapSymmetry(0).apply(puzzle);
    expect(swapped).toMatchObject({ cells: ['G #', '  S'], start: { row: 1, col: 2 }, goal: { row: 0, col: 0 } });
    const back = mazeSwapSymmetry(0).restore(solveMaze(swapped).solution, puzzle);
    expect(back.path[0]).toEqual(puzzle.start);
    expect(verifyMaze(puzzle, back)).toMatchObject({ ok: true, strength: 'full' });
    // without the reversal the path runs G to S: the verifier rejects it
    expect(verifyMaze(puzzle, solveMaze(swapped).solution).ok).toBe(false);
    const turned = mazeSwapSymmetry(1).apply(puzzle);
    expect(turned).toMatchObject({ cells: ['#S', '  ', 'G '] });
  });

  it('rotate a maze with its start and goal', () => {
    const puzzle = maze.parse('S #\n  G');
    const turned = mazeSymmetry(1).apply(puzzle);
    expect(turned).toMatchObject({ rows: 3, cols: 2, cells: ['#G', '  ', 'S '], start: { row: 2, col: 0 }, goal: { row: 0, col: 1 } });
  });

  it('map a shortest path of the transformed maze back to a shortest path of the maze, on non-square mazes of every kind', () => {
    let checked = 0;
    for (const [k, kind] of MAZE_KINDS.entries()) {
      const { puzzle } = generateMazeOfKind({ kind, rows: 7 + k, cols: 12 - k, seed: 40 + k });
      const length = solveMaze(puzzle).solution.path.length;
      for (const symmetry of MAZE_SYMMETRIES) {
        const turned = symmetry.apply(puzzle);
        expect(verifyMaze(turned, solveMaze(turned).solution).ok).toBe(true);
        const back = symmetry.restore(solveMaze(turned).solution, puzzle);
        expect(back.path).toHaveLength(length);
        expect(verifyMaze(puzzle, back)).toMatchObject({ ok: true, strength: 'full' });
        checked++;
      }
    }
    expect(checked).toBe(MAZE_KINDS.length * 15);
  });

  it('keep a wrong path wrong: a cell outside the transformed maze maps to no cell of the maze', () => {
    const puzzle = maze.parse('S  #\n#  G');
    const symmetry = mazeSymmetry(6);
    const back = symmetry.restore(
      {
        path: [
          { row: 0, col: 0 },
          { row: 9, col: 9 },
        ],
      },
      puzzle,
    );
    expect(back.path[1]).toEqual({ row: -1, col: -1 });
    expect(verifyMaze(puzzle, back).ok).toBe(false);
  });
});
