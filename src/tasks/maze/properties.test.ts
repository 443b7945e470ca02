import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UnsolvableError } from '../../core/errors.js';
import { formatMaze, formatMazeSolution } from './format.js';
import { generateMaze } from './generate.js';
import { bfsDistances, mazeGrid } from './grid.js';
import { parseMaze } from './parse.js';
import { solveMaze } from './solve.js';
import type { MazeCell, MazePuzzle, MazeSolution } from './types.js';
import { verifyMaze } from './verify.js';

/** Any small maze: random walls, S and G on distinct cells (often unsolvable). */
const anyMaze: fc.Arbitrary<MazePuzzle> = fc
  .record({ rows: fc.integer({ min: 2, max: 8 }), cols: fc.integer({ min: 2, max: 8 }) })
  .chain(({ rows, cols }) =>
    fc.record({
      rows: fc.constant(rows),
      cols: fc.constant(cols),
      walls: fc.array(fc.boolean(), { minLength: rows * cols, maxLength: rows * cols }),
      ends: fc.uniqueArray(fc.integer({ min: 0, max: rows * cols - 1 }), { minLength: 2, maxLength: 2 }),
    }),
  )
  .map(({ rows, cols, walls, ends }) => {
    const [s, g] = ends as [number, number];
    const cells = Array.from({ length: rows }, (_, row) =>
      Array.from({ length: cols }, (_, col) => {
        const i = row * cols + col;
        return i === s ? 'S' : i === g ? 'G' : walls[i] ? '#' : ' ';
      }).join(''),
    );
    const at = (i: number): MazeCell => ({ row: Math.floor(i / cols), col: i % cols });
    return { rows, cols, cells, start: at(s), goal: at(g) };
  });

/** Generated (always solvable) mazes: mostly small, some 30x30. */
const generated = fc
  .record({
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    big: fc.boolean(),
    rows: fc.integer({ min: 3, max: 12 }),
    cols: fc.integer({ min: 3, max: 12 }),
  })
  .map(({ seed, big, rows, cols }) => (big ? generateMaze({ seed }) : generateMaze({ seed, rows, cols, minPathLength: 2 })));

const key = (c: MazeCell): string => `${c.row},${c.col}`;
const named = (puzzle: MazePuzzle, solution: MazeSolution): Set<string> =>
  new Set(verifyMaze(puzzle, solution).problems.flatMap((p) => (p.cells ?? []).map(key)));

describe('maze properties', () => {
  it('parse(format(x)) round-trips, pretty and line', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyMaze,
          generated.map((g) => g.puzzle),
        ),
        (puzzle) => {
          expect(parseMaze(formatMaze(puzzle))).toEqual(puzzle);
          expect(parseMaze(formatMaze(puzzle, 'line'))).toEqual(puzzle);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a solved maze parses back to its puzzle', () => {
    fc.assert(
      fc.property(generated, ({ puzzle, solution }) => {
        expect(parseMaze(formatMazeSolution(solution, puzzle))).toEqual(puzzle);
        expect(parseMaze(formatMazeSolution(solution, puzzle, 'line'))).toEqual(puzzle);
      }),
      { numRuns: 40 },
    );
  });

  it('BFS output always verifies, or the maze is truly unsolvable', () => {
    fc.assert(
      fc.property(anyMaze, (puzzle) => {
        const grid = mazeGrid(puzzle);
        const dist = bfsDistances(grid, grid.start)[grid.goal] as number;
        try {
          const { solution } = solveMaze(puzzle);
          expect(verifyMaze(puzzle, solution)).toEqual({ ok: true, strength: 'full', problems: [] });
          expect(solution.path.length - 1).toBe(dist);
        } catch (error) {
          expect(error).toBeInstanceOf(UnsolvableError);
          expect(dist).toBe(-1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('replacing a middle cell never verifies, and the problems name the new cell', () => {
    const case_ = generated.chain((g) =>
      fc.record({
        g: fc.constant(g),
        index: fc.integer({ min: 1, max: g.solution.path.length - 2 }),
        row: fc.integer({ min: 0, max: g.puzzle.rows - 1 }),
        col: fc.integer({ min: 0, max: g.puzzle.cols - 1 }),
      }),
    );
    fc.assert(
      fc.property(case_, ({ g, index, row, col }) => {
        const { path } = g.solution;
        const old = path[index] as MazeCell;
        fc.pre(old.row !== row || old.col !== col);
        const swapped = path.map((c, i) => (i === index ? { row, col } : c));
        // The other corner of a turn can be an equally short path: that one is correct.
        const v = verifyMaze(g.puzzle, { path: swapped });
        const grid = mazeGrid(g.puzzle);
        const isAlternative =
          grid.open[row * g.puzzle.cols + col] === 1 &&
          !path.some((c) => c.row === row && c.col === col) &&
          [path[index - 1], path[index + 1]].every((n) => n && Math.abs(n.row - row) + Math.abs(n.col - col) === 1);
        fc.pre(!isAlternative);
        expect(v.ok).toBe(false);
        expect(named(g.puzzle, { path: swapped }).has(key({ row, col }))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('dropping a cell never verifies, and the problems name its neighbours', () => {
    const case_ = generated.chain((g) => fc.record({ g: fc.constant(g), index: fc.integer({ min: 0, max: g.solution.path.length - 1 }) }));
    fc.assert(
      fc.property(case_, ({ g, index }) => {
        const { path } = g.solution;
        const dropped = path.filter((_, i) => i !== index);
        expect(verifyMaze(g.puzzle, { path: dropped }).ok).toBe(false);
        const names = named(g.puzzle, { path: dropped });
        if (index === 0) expect(names.has(key(path[1] as MazeCell))).toBe(true);
        else if (index === path.length - 1) expect(names.has(key(path[index - 1] as MazeCell))).toBe(true);
        else {
          expect(names.has(key(path[index - 1] as MazeCell))).toBe(true);
          expect(names.has(key(path[index + 1] as MazeCell))).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('adding a neighbouring cell never verifies, and the problems name it', () => {
    const case_ = generated.chain((g) =>
      fc.record({
        g: fc.constant(g),
        index: fc.integer({ min: 0, max: g.solution.path.length - 2 }),
        dir: fc.constantFrom([-1, 0], [1, 0], [0, -1], [0, 1]),
      }),
    );
    fc.assert(
      fc.property(case_, ({ g, index, dir }) => {
        const { path } = g.solution;
        const at = path[index] as MazeCell;
        const extra = { row: at.row + (dir[0] as number), col: at.col + (dir[1] as number) };
        fc.pre(extra.row >= 0 && extra.col >= 0);
        const longer = [...path.slice(0, index + 1), extra, ...path.slice(index + 1)];
        expect(verifyMaze(g.puzzle, { path: longer }).ok).toBe(false);
        expect(named(g.puzzle, { path: longer }).has(key(extra))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('a square detour through open cells is reported not_shortest at the detour', () => {
    const detours = generated
      .map((g) => {
        const grid = mazeGrid(g.puzzle);
        const { path } = g.solution;
        const on = new Set(path.map(key));
        const openAt = (c: MazeCell): boolean =>
          c.row >= 0 && c.col >= 0 && c.row < grid.rows && c.col < grid.cols && grid.open[c.row * grid.cols + c.col] === 1;
        for (let i = 0; i + 1 < path.length; i++) {
          const a = path[i] as MazeCell;
          const b = path[i + 1] as MazeCell;
          for (const side of [-1, 1]) {
            const dr = a.row === b.row ? side : 0;
            const dc = a.col === b.col ? side : 0;
            const c1 = { row: a.row + dr, col: a.col + dc };
            const c2 = { row: b.row + dr, col: b.col + dc };
            if (openAt(c1) && openAt(c2) && !on.has(key(c1)) && !on.has(key(c2))) {
              return { puzzle: g.puzzle, path: [...path.slice(0, i + 1), c1, c2, ...path.slice(i + 1)], near: [c1, c2, b] };
            }
          }
        }
        return null;
      })
      .filter((d) => d !== null);
    fc.assert(
      fc.property(detours, ({ puzzle, path, near }) => {
        const v = verifyMaze(puzzle, { path });
        expect(v.problems.map((p) => p.kind)).toEqual(['not_shortest']);
        const cells = new Set((v.problems[0]?.cells ?? []).map(key));
        expect(near.some((c) => cells.has(key(c)))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
