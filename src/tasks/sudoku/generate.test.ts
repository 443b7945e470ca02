import { describe, expect, it } from 'vitest';
import { InvalidInputError, SolverError } from '../../core/errors.js';
import { generateSudoku, rateSudokuDifficulty } from './generate.js';
import type { SudokuSize } from './grid.js';
import { countSolutions } from './solve.js';
import { verifySudoku } from './verify.js';

describe('generateSudoku', () => {
  it.each([
    [9, 30],
    [9, 24],
    [6, 12],
    [4, 6],
  ] as [SudokuSize, number][])('%ix%i with %i givens: exact count, unique, consistent', (size, givens) => {
    for (const seed of [1, 2, 3]) {
      const g = generateSudoku({ size, givens, seed });
      expect(g.puzzle.size).toBe(size);
      expect(g.givens).toBe(givens);
      expect(g.puzzle.cells.filter((v) => v !== 0)).toHaveLength(givens);
      expect(countSolutions(g.puzzle, 2).count).toBe(1);
      expect(verifySudoku(g.puzzle, g.solution).ok).toBe(true);
      expect(g.difficulty.nodes).toBeGreaterThanOrEqual(size * size - givens);
      expect(['easy', 'medium', 'hard', 'extreme']).toContain(g.difficulty.rating);
    }
  });

  it('is reproducible by seed and varies with it', () => {
    const a = generateSudoku({ givens: 28, seed: 42 });
    const b = generateSudoku({ givens: 28, seed: 42 });
    const c = generateSudoku({ givens: 28, seed: 43 });
    expect(b).toEqual(a);
    expect(c.puzzle).not.toEqual(a.puzzle);
  });

  it('honours a node window, or says why it could not', () => {
    const hard = generateSudoku({ givens: 24, seed: 5, minNodes: 60 });
    expect(hard.difficulty.nodes).toBeGreaterThanOrEqual(60);
    expect(() => generateSudoku({ givens: 30, seed: 1, minNodes: 1e9, maxAttempts: 3 })).toThrow(SolverError);
    expect(() => generateSudoku({ givens: 17, seed: 1, maxAttempts: 2 })).toThrow(/fewest givens reached/);
  });

  it('rejects impossible options', () => {
    expect(() => generateSudoku({ givens: 16, seed: 1 })).toThrow(InvalidInputError);
    expect(() => generateSudoku({ givens: 82, seed: 1 })).toThrow(/17 to 81/);
    expect(() => generateSudoku({ size: 5 as SudokuSize, givens: 10, seed: 1 })).toThrow(InvalidInputError);
    expect(() => generateSudoku({ givens: 30, seed: 1, maxAttempts: 0 })).toThrow(InvalidInputError);
  });

  it('rates difficulty on the node scale', () => {
    expect(rateSudokuDifficulty(51, 51)).toBe('easy');
    expect(rateSudokuDifficulty(90, 51)).toBe('medium');
    expect(rateSudokuDifficulty(300, 51)).toBe('hard');
    expect(rateSudokuDifficulty(5000, 51)).toBe('extreme');
  });
});
