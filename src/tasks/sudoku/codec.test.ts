import { describe, expect, it } from 'vitest';
import { exactSolver } from '../../core/exact-solver.js';
import { sudoku } from './index.js';

const LINE = '4...3.......6..8..........1....5..9..8....6...7.2........1.27..5.3....4.9........';

describe('sudoku codec', () => {
  it('wires every TaskCodec member', () => {
    expect(sudoku.task).toBe('sudoku');
    expect(sudoku.description.length).toBeGreaterThan(10);
    expect(sudoku.exact?.name).toBe('sudoku-bitmask');
    expect(sudoku.tokens.seqLen).toBe(81);
  });

  it('detect -> parse -> exact solve -> verify -> format, end to end', async () => {
    const text = `Can you do this one?\n${LINE}\nthanks`;
    const detection = sudoku.detect(text);
    expect(detection?.score).toBeGreaterThan(0.5);
    const puzzle = sudoku.parse(text.slice(detection?.start, detection?.end));
    const result = await exactSolver(sudoku).solve(puzzle);
    expect(result.verified).toBe(true);
    expect(result.provenance).toMatchObject({ solver: 'sudoku-bitmask', kind: 'exact', verified: true });
    expect(sudoku.parse(sudoku.formatSolution(result.solution, puzzle, 'pretty'))).toEqual(result.solution);
    expect(sudoku.format(puzzle, 'line')).toBe(LINE);
    expect(sudoku.decode(sudoku.encode(result.solution), puzzle)).toEqual(result.solution);
  });

  it('schemas validate shape and digit range, naming the field', () => {
    expect(sudoku.puzzleSchema.safeParse({ size: 4, cells: new Array(16).fill(0) }).success).toBe(true);
    const short = sudoku.puzzleSchema.safeParse({ size: 9, cells: [1, 2] });
    expect(short.success).toBe(false);
    expect(short.error?.issues[0]?.path).toEqual(['cells']);
    expect(short.error?.issues[0]?.message).toMatch(/cells must have 81 entries/);
    const range = sudoku.solutionSchema.safeParse({ size: 4, cells: [5, ...new Array<number>(15).fill(1)] });
    expect(range.error?.issues[0]?.path).toEqual(['cells', 0]);
    expect(range.error?.issues[0]?.message).toMatch(/cells\[0\].*must be 0\.\.4/);
    const size = sudoku.puzzleSchema.safeParse({ size: 8, cells: [] });
    expect(size.error?.issues[0]?.path).toEqual(['size']);
    expect(size.error?.issues[0]?.message).toMatch(/size must be 4, 6 or 9/);
    const type = sudoku.puzzleSchema.safeParse({ size: 4, cells: 'abc' });
    expect(type.error?.issues[0]?.message).toMatch(/cells/);
  });
});
