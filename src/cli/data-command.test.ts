import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { InvalidInputError } from '../core/index.js';
import { parseSudoku, verifySudoku } from '../tasks/sudoku/index.js';
import { countShortestPaths, maze } from '../tasks/maze/index.js';
import { buildData, mazeKey, runDataCommand, sudokuKey } from './data-command.js';
import type { CliIo } from './io.js';
import { runCli } from './run.js';

function fakeIo(files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    readStdin: () => Promise.resolve(''),
    readFile: (path) => {
      const text = files[path];
      // like processIo: a missing file is bad input
      return text === undefined ? Promise.reject(new InvalidInputError(`Cannot read ${path}: ENOENT`)) : Promise.resolve(text);
    },
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

const lines = (text: string): Record<string, unknown>[] =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

// the trainer's Sudoku augmentations, on a row-major cell array
const transpose = (c: number[]): number[] => c.map((_, i) => c[(i % 9) * 9 + Math.floor(i / 9)]!);
const relabel = (c: number[], map: number[]): number[] => c.map((d) => (d === 0 ? 0 : map[d - 1]!));
const permuteRows = (c: number[], order: number[]): number[] => c.map((_, i) => c[order[Math.floor(i / 9)]! * 9 + (i % 9)]!);
const permuteCols = (c: number[], order: number[]): number[] => c.map((_, i) => c[Math.floor(i / 9) * 9 + order[i % 9]!]!);

describe('trm-router data', () => {
  it('writes reproducible, valid sudoku lines with givens in range', async () => {
    const a = fakeIo();
    expect(await runDataCommand(['sudoku', '--count', '6', '--givens', '30-34', '--seed', '5'], a.io)).toBe(0);
    const b = fakeIo();
    await runDataCommand(['sudoku', '--count', '6', '--givens', '30-34', '--seed', '5'], b.io);
    expect(a.out()).toBe(b.out());
    const records = lines(a.out());
    expect(records).toHaveLength(6);
    for (const r of records) {
      const puzzle = r.puzzle as string;
      expect(puzzle).toMatch(/^[.1-9]{81}$/);
      expect(r.solution).toMatch(/^[1-9]{81}$/);
      expect(r.givens).toBe([...puzzle].filter((ch) => ch !== '.').length);
      expect(r.givens).toBeGreaterThanOrEqual(30);
      expect(r.givens).toBeLessThanOrEqual(34);
      expect(r.nodes).toBeGreaterThan(0);
      expect(verifySudoku(parseSudoku(puzzle), parseSudoku(r.solution as string)).ok).toBe(true);
    }
    expect(a.err()).toMatch(/sudoku: wrote 6 puzzles/);
    const c = fakeIo();
    await runDataCommand(['sudoku', '--count', '6', '--givens', '30-34', '--seed', '6'], c.io);
    expect(c.out()).not.toBe(a.out());
  });

  it('writes mazes with their solved rows to --out and is reachable through runCli', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'trm-data-')), 'sub', 'maze.jsonl');
    const t = fakeIo();
    const argv = ['data', 'maze', '--count', '3', '--size', '9x11', '--min-path', '10', '--out', out];
    expect(await runCli(argv, t.io, loadConfig({}))).toBe(0);
    const records = lines(readFileSync(out, 'utf8'));
    expect(records).toHaveLength(3);
    for (const r of records) {
      expect([r.rows, r.cols]).toEqual([9, 11]);
      const puzzle = r.puzzle as string[];
      const solution = r.solution as string[];
      expect(puzzle).toHaveLength(9);
      expect(puzzle.every((row) => row.length === 11)).toBe(true);
      expect(solution.join('').split('o').length - 1).toBe((r.pathLength as number) - 1);
      expect(solution.map((row) => row.replaceAll('o', ' '))).toEqual(puzzle);
    }
    expect(t.err()).toContain(`to ${out}`);
  });

  it('--unique-path keeps only mazes with one shortest path', async () => {
    const t = fakeIo();
    expect(await runDataCommand(['maze', '--count', '8', '--size', '12', '--seed', '3', '--unique-path'], t.io)).toBe(0);
    for (const r of lines(t.out())) expect(countShortestPaths(maze.parse(r.puzzle))).toBe(1);
  });

  it('sudokuKey is the same for every augmentation of a puzzle and differs between puzzles', () => {
    const { records } = buildData('sudoku', 20, 3, { givens: [24, 36], maxAttempts: 2000 });
    const keys = new Set<string>();
    for (const r of records) {
      const cells = [...(r.puzzle as string)].map((ch) => (ch === '.' ? 0 : Number(ch)));
      const key = sudokuKey(cells);
      keys.add(key);
      const rows = [3, 5, 4, 0, 2, 1, 8, 6, 7]; // band 1 -> 0 (rows shuffled), band 0 -> 1, band 2 shuffled
      const cols = [6, 8, 7, 1, 0, 2, 5, 3, 4];
      const moved = permuteCols(permuteRows(transpose(relabel(cells, [9, 3, 1, 2, 8, 7, 4, 6, 5])), rows), cols);
      expect(sudokuKey(moved)).toBe(key);
      expect(sudokuKey(transpose(cells))).toBe(key);
    }
    expect(keys.size).toBe(20);
  });

  it('mazeKey is the same for the 8 dihedral images', () => {
    const maze = ['#S  #', '# # #', '#  G#'];
    const flipped = maze.map((row) => [...row].reverse().join(''));
    const rotated = [...maze].reverse().map((row) => [...row].reverse().join(''));
    const transposed = Array.from({ length: 5 }, (_, c) => maze.map((row) => row[c]).join(''));
    for (const image of [flipped, rotated, transposed]) expect(mazeKey(image)).toBe(mazeKey(maze));
    expect(mazeKey(['#S G#', '# # #', '#   #'])).not.toBe(mazeKey(maze));
  });

  it('--exclude keeps out puzzles of another file, also relabelled and transposed copies', async () => {
    const base = fakeIo();
    await runDataCommand(['sudoku', '--count', '8', '--givens', '34-36', '--seed', '11'], base.io);
    const records = lines(base.out());
    // a disguised copy of every record: digits relabelled and the grid transposed
    const disguised = records
      .map((r) => {
        const cells = [...(r.puzzle as string)].map((ch) => (ch === '.' ? 0 : Number(ch)));
        const moved = transpose(relabel(cells, [2, 3, 4, 5, 6, 7, 8, 9, 1]));
        return JSON.stringify({ puzzle: moved.map((d) => (d === 0 ? '.' : String(d))).join('') });
      })
      .join('\n');
    const t = fakeIo({ 'test.jsonl': disguised });
    const argv = ['sudoku', '--count', '8', '--givens', '34-36', '--seed', '11', '--exclude', 'test.jsonl'];
    expect(await runDataCommand(argv, t.io)).toBe(0);
    const fresh = lines(t.out());
    expect(fresh).toHaveLength(8);
    const before = new Set(records.map((r) => r.puzzle));
    expect(fresh.some((r) => before.has(r.puzzle))).toBe(false);
    expect(t.err()).toMatch(/skipped 8 excluded/); // same seed: the first 8 draws are the excluded ones
  });

  it.each([
    ['no task', ['--count', '3'], /sudoku or maze/],
    ['unknown task', ['chess', '--count', '3'], /sudoku or maze/],
    ['missing count', ['sudoku'], /--count is required/],
    ['bad count', ['sudoku', '--count', '-3'], /--count/],
    ['bad givens', ['sudoku', '--count', '3', '--givens', '12-30'], /--givens/],
    ['bad size', ['maze', '--count', '3', '--size', '40'], /--size/],
    ['unknown option', ['sudoku', '--count', '3', '--frobnicate'], /frobnicate/],
    ['missing exclude file', ['sudoku', '--count', '3', '--exclude', 'nope.jsonl'], /nope\.jsonl/],
  ])('%s: exits 2', async (_name, argv, message) => {
    const t = fakeIo();
    const code = await runDataCommand(argv, t.io);
    expect(t.err()).toMatch(message);
    expect(code).toBe(2);
    expect(t.out()).toBe('');
  });

  it('rejects an exclude file that is not puzzle JSONL, naming the line', async () => {
    const t = fakeIo({ 'bad.jsonl': '{"puzzle": "' + '.'.repeat(81) + '"}\nnot json\n' });
    expect(await runDataCommand(['sudoku', '--count', '1', '--exclude', 'bad.jsonl'], t.io)).toBe(2);
    expect(t.err()).toMatch(/bad\.jsonl line 2 is not JSON/);
  });
});
