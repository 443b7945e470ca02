import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateSudoku } from './generate.js';
import type { SudokuGrid, SudokuSize } from './grid.js';
import { solveSudoku } from './solve.js';
import { verifySudoku } from './verify.js';

const GIVENS: Record<SudokuSize, number> = { 4: 6, 6: 14, 9: 30 };

/** A generated puzzle with its unique solution, any size. */
const puzzle = fc
  .record({ size: fc.constantFrom<SudokuSize>(4, 6, 9), seed: fc.integer() })
  .map(({ size, seed }) => generateSudoku({ size, givens: GIVENS[size], seed }));

const FOUR_PUZZLE: SudokuGrid = { size: 4, cells: [1, 0, 0, 4, 0, 0, 1, 0, 0, 1, 0, 0, 4, 0, 0, 1] };
const FOUR_SOLUTION: SudokuGrid = { size: 4, cells: [1, 2, 3, 4, 3, 4, 1, 2, 2, 1, 4, 3, 4, 3, 2, 1] };

describe('verifySudoku', () => {
  it('accepts a correct solution with full strength', () => {
    expect(verifySudoku(FOUR_PUZZLE, FOUR_SOLUTION)).toEqual({ ok: true, strength: 'full', problems: [] });
  });

  it('names conflicting cells by kind', () => {
    const swapped = [...FOUR_SOLUTION.cells];
    [swapped[1], swapped[2]] = [swapped[2] ?? 0, swapped[1] ?? 0]; // row stays complete; columns and boxes break
    const v = verifySudoku(FOUR_PUZZLE, { size: 4, cells: swapped });
    expect(v.ok).toBe(false);
    const kinds = v.problems.map((p) => p.kind);
    expect(kinds).toContain('col_conflict');
    expect(kinds).toContain('box_conflict');
    expect(kinds).not.toContain('row_conflict');
    const col = v.problems.find((p) => p.kind === 'col_conflict');
    expect(col?.cells?.length).toBe(2);
  });

  it('reports a changed given, a blank, a bad digit and a size mismatch', () => {
    const changed = verifySudoku(FOUR_PUZZLE, { size: 4, cells: FOUR_SOLUTION.cells.map((v, i) => (i === 0 ? 2 : i === 1 ? 1 : v)) });
    expect(changed.problems.find((p) => p.kind === 'given_changed')?.cells).toEqual([{ row: 0, col: 0 }]);
    const blank = verifySudoku(FOUR_PUZZLE, { size: 4, cells: FOUR_SOLUTION.cells.map((v, i) => (i === 5 ? 0 : v)) });
    expect(blank.problems).toEqual([expect.objectContaining({ kind: 'blank_cell', cells: [{ row: 1, col: 1 }] })]);
    const bad = verifySudoku(FOUR_PUZZLE, { size: 4, cells: FOUR_SOLUTION.cells.map((v, i) => (i === 5 ? 7 : v)) });
    expect(bad.problems[0]).toMatchObject({ kind: 'invalid_digit', cells: [{ row: 1, col: 1 }] });
    expect(verifySudoku(FOUR_PUZZLE, { size: 9, cells: [] }).problems[0]?.kind).toBe('size_mismatch');
    expect(verifySudoku(FOUR_PUZZLE, { size: 4, cells: [1, 2] }).problems[0]?.kind).toBe('size_mismatch');
  });

  it('never throws on malformed solutions', () => {
    for (const junk of [null, undefined, 42, 'x', {}, { size: 4 }, { size: 4, cells: 'abc' }, { size: 4, cells: new Array(16).fill('x') }]) {
      const v = verifySudoku(FOUR_PUZZLE, junk as unknown as SudokuGrid);
      expect(v.ok).toBe(false);
      expect(v.strength).toBe('full');
      expect(v.problems.length).toBeGreaterThan(0);
    }
  });

  it('the solver output always verifies (property)', () => {
    fc.assert(
      fc.property(puzzle, (g) => {
        const { solution } = solveSudoku(g.puzzle);
        expect(verifySudoku(g.puzzle, solution)).toEqual({ ok: true, strength: 'full', problems: [] });
        expect(solution).toEqual(g.solution);
      }),
      { numRuns: 60 },
    );
  });

  it('changing any single cell of a valid solution never verifies, and a problem names that cell (property)', () => {
    fc.assert(
      fc.property(puzzle, fc.nat(), fc.nat(), (g, where, delta) => {
        const n = g.puzzle.size;
        const index = where % (n * n);
        const old = g.solution.cells[index] ?? 0;
        const value = (old + 1 + (delta % n)) % (n + 1); // any of 0..n except old
        const cells = [...g.solution.cells];
        cells[index] = value;
        const v = verifySudoku(g.puzzle, { size: n, cells });
        expect(v.ok).toBe(false);
        const at = { row: Math.floor(index / n), col: index % n };
        expect(v.problems.some((p) => p.cells?.some((c) => c.row === at.row && c.col === at.col))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('changing a given never verifies, even in an otherwise consistent grid (property)', () => {
    fc.assert(
      fc.property(puzzle, fc.nat(), fc.nat(), (g, which, delta) => {
        const n = g.puzzle.size;
        const givens = g.puzzle.cells.flatMap((v, i) => (v === 0 ? [] : [i]));
        const index = givens[which % givens.length] ?? 0;
        const old = g.solution.cells[index] ?? 0;
        const value = 1 + ((old + (delta % (n - 1))) % n); // 1..n, never old
        // Relabel the two digits everywhere: rows, columns and boxes stay valid, givens change.
        const swap = (v: number): number => (v === old ? value : v === value ? old : v);
        const cells = g.solution.cells.map(swap);
        const v = verifySudoku(g.puzzle, { size: n, cells });
        expect(v.ok).toBe(false);
        const changed = v.problems.filter((p) => p.kind === 'given_changed');
        expect(changed.some((p) => p.cells?.[0]?.row === Math.floor(index / n) && p.cells[0].col === index % n)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
