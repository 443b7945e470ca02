import { describe, expect, it } from 'vitest';
import { buildSudokuData, sudokuData, sudokuKey, sudokuRecordKey } from './data.js';
import { sudoku } from './codec.js';
import { encodeSudoku } from './encode.js';

// the trainer's Sudoku augmentations, on a row-major cell array
const transpose = (c: number[]): number[] => c.map((_, i) => c[(i % 9) * 9 + Math.floor(i / 9)]!);
const relabel = (c: number[], map: number[]): number[] => c.map((d) => (d === 0 ? 0 : map[d - 1]!));
const permuteRows = (c: number[], order: number[]): number[] => c.map((_, i) => c[order[Math.floor(i / 9)]! * 9 + (i % 9)]!);
const permuteCols = (c: number[], order: number[]): number[] => c.map((_, i) => c[Math.floor(i / 9) * 9 + order[i % 9]!]!);

describe('sudoku data', () => {
  it('sudokuKey is the same for every augmentation of a puzzle and differs between puzzles', () => {
    const { records } = buildSudokuData({ count: 20, seed: 3, givens: [24, 36] });
    const keys = new Set<string>();
    for (const r of records) {
      const cells = [...r.puzzle].map((ch) => (ch === '.' ? 0 : Number(ch)));
      const key = sudokuKey(cells);
      keys.add(key);
      const rows = [3, 5, 4, 0, 2, 1, 8, 6, 7]; // band 1 -> 0 (rows shuffled), band 0 -> 1, band 2 shuffled
      const cols = [6, 8, 7, 1, 0, 2, 5, 3, 4];
      const moved = permuteCols(permuteRows(transpose(relabel(cells, [9, 3, 1, 2, 8, 7, 4, 6, 5])), rows), cols);
      expect(sudokuKey(moved)).toBe(key);
      expect(sudokuKey(transpose(cells))).toBe(key);
      expect(sudokuRecordKey({ puzzle: r.puzzle })).toBe(key);
    }
    expect(keys.size).toBe(20);
  });

  it('builds the same records from the same seed, and keeps excluded puzzles out', () => {
    const a = buildSudokuData({ count: 4, seed: 9, givens: [30, 34] });
    expect(buildSudokuData({ count: 4, seed: 9, givens: [30, 34] }).records).toEqual(a.records);
    const exclude = new Set(a.records.map((r) => sudokuRecordKey({ puzzle: r.puzzle })));
    const b = buildSudokuData({ count: 4, seed: 9, givens: [30, 34], exclude });
    expect(b.summary.excluded).toBe(4);
    expect(b.records.some((r) => a.records.some((x) => x.puzzle === r.puzzle))).toBe(false);
  });

  it('scores predicted tokens with the verifier', () => {
    const { records } = buildSudokuData({ count: 1, seed: 2 });
    const [item] = sudokuData.read(JSON.stringify(records[0]) + '\n');
    if (item === undefined) throw new Error('no item');
    const label = sudokuData.target(item, sudoku);
    expect(Array.from(label)).toEqual(Array.from(encodeSudoku(sudoku.parse(records[0]?.solution))));
    expect(sudokuData.correct(item, label, sudoku)).toBe(true);
    expect(sudokuData.correct(item, sudoku.encode(item.puzzle), sudoku)).toBe(false);
  });
});
