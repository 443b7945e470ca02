import { describe, expect, it } from 'vitest';
import { NotSupportedError } from '../../core/errors.js';
import { generateMaze, maze, mazeOnCanvas } from './index.js';

describe('maze codec', () => {
  it('wires every part of the TaskCodec', () => {
    expect(maze.task).toBe('maze');
    expect(maze.description).toMatch(/maze/);
    expect(maze.tokens.seqLen).toBe(900);
    expect(maze.exact?.name).toBe('maze-bfs');
    const text = 'Solve this maze:\n#######\n#S    #\n##### #\n#G    #\n#######\n';
    const detection = maze.detect(text);
    expect(detection?.score).toBeGreaterThanOrEqual(0.9);
    const puzzle = maze.parse(text);
    expect(maze.puzzleSchema.parse(puzzle)).toEqual(puzzle);
    const { solution, stats } = maze.exact!.solve(puzzle);
    expect(stats.nodes).toBeGreaterThan(0);
    expect(maze.solutionSchema.parse(solution)).toEqual(solution);
    expect(maze.verify(puzzle, solution).ok).toBe(true);
    expect(maze.formatSolution(solution, puzzle)).toBe(['#######', '#Soooo#', '#####o#', '#Goooo#', '#######'].join('\n'));
    expect(maze.format(puzzle, 'line')).toBe('#######/#S....#/#####.#/#G....#/#######');
    expect(maze.parse(maze.format(puzzle, 'line'))).toEqual(puzzle);
    expect(maze.encode(puzzle)).toHaveLength(900);
  });

  it('solves a generated Maze-Hard instance end to end', () => {
    const { puzzle, pathLength } = generateMaze({ seed: 2024 });
    const parsed = maze.parse(`Here is a maze:\n\n\`\`\`\n${maze.format(puzzle)}\n\`\`\`\n`);
    expect(parsed).toEqual(puzzle);
    const { solution } = maze.exact!.solve(parsed);
    expect(solution.path.length - 1).toBe(pathLength);
  });

  it('is the same codec on another square canvas, and refuses what does not fit', () => {
    expect(maze.onCanvas?.({ rows: 30, cols: 30 })).toBe(maze);
    const small = mazeOnCanvas({ rows: 12, cols: 12 });
    expect(small.tokens.seqLen).toBe(144);
    const { puzzle, solution } = generateMaze({ rows: 12, cols: 12, seed: 5 });
    expect(small.encode(puzzle)).toHaveLength(144);
    expect(small.verify(puzzle, solution).ok).toBe(true);
    expect(() => small.encode(generateMaze({ rows: 13, cols: 8, seed: 5 }).puzzle)).toThrow(NotSupportedError);
    expect(() => mazeOnCanvas({ rows: 12, cols: 10 })).toThrow(/square/);
  });
});
