import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { parseSudoku, verifySudoku, sudokuTask } from '../tasks/sudoku/index.js';
import { countShortestPaths, maze, mazeTask } from '../tasks/maze/index.js';
import { buildFamilyPairs, getDataFamily, inputKeys, learnedTaskSpecSchema, listDataFamilies } from '../tasks/index.js';
import type { CliIo } from './io.js';
import { runCli } from './run.js';
import { fakeIo } from '../../test/support/cli-io.js';

const SUDOKU = sudokuTask.name;
const MAZE = mazeTask.name;
const FAMILY = listDataFamilies()[0]!.name; // fill-enclosed
const config = loadConfig({});
const scratch = mkdtempSync(join(tmpdir(), 'trm-data-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const data = (argv: string[], io: CliIo) => runCli(['data', ...argv], io, config);

const lines = (text: string): Record<string, unknown>[] =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

// the trainer's Sudoku augmentations, on a row-major cell array
const transpose = (c: number[]): number[] => c.map((_, i) => c[(i % 9) * 9 + Math.floor(i / 9)]!);
const relabel = (c: number[], map: number[]): number[] => c.map((d) => (d === 0 ? 0 : map[d - 1]!));

describe('trm-router data', () => {
  it('writes reproducible, valid sudoku lines with givens in range', async () => {
    const a = fakeIo();
    expect(await data([SUDOKU, '--count', '6', '--givens', '30-34', '--seed', '5'], a.io)).toBe(0);
    const b = fakeIo();
    await data([SUDOKU, '--count', '6', '--givens', '30-34', '--seed', '5'], b.io);
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
    await data([SUDOKU, '--count', '6', '--givens', '30-34', '--seed', '6'], c.io);
    expect(c.out()).not.toBe(a.out());
  });

  it('writes mazes with their solved rows to --out', async () => {
    const out = join(scratch, 'sub', 'maze.jsonl');
    const t = fakeIo();
    expect(await data([MAZE, '--count', '3', '--size', '9x11', '--min-path', '10', '--out', out], t.io)).toBe(0);
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

  it('--kind mixes the generators at sizes drawn from an --size range', async () => {
    const t = fakeIo();
    expect(await data([MAZE, '--count', '20', '--kind', 'rooms,random', '--size', '5-9', '--seed', '4'], t.io)).toBe(0);
    const records = lines(t.out());
    expect(new Set(records.map((r) => r.kind))).toEqual(new Set(['rooms', 'random']));
    for (const r of records) {
      for (const side of [r.rows, r.cols] as number[]) expect(side >= 5 && side <= 9).toBe(true);
      const puzzle = maze.parse(r.puzzle);
      expect((r.solution as string[]).join('').split('o').length - 1).toBe((r.pathLength as number) - 1);
      expect(countShortestPaths(puzzle)).toBeGreaterThanOrEqual(1);
    }
  });

  it('--unique-path keeps only mazes with one shortest path', async () => {
    const t = fakeIo();
    expect(await data([MAZE, '--count', '8', '--size', '12', '--seed', '3', '--unique-path'], t.io)).toBe(0);
    for (const r of lines(t.out())) expect(countShortestPaths(maze.parse(r.puzzle))).toBe(1);
  });

  it('--exclude keeps out puzzles of another file, also relabelled and transposed copies', async () => {
    const base = fakeIo();
    await data([SUDOKU, '--count', '8', '--givens', '34-36', '--seed', '11'], base.io);
    const records = lines(base.out());
    // a disguised copy of every record: digits relabelled and the grid transposed
    const disguised = records
      .map((r) => {
        const cells = [...(r.puzzle as string)].map((ch) => (ch === '.' ? 0 : Number(ch)));
        const moved = transpose(relabel(cells, [2, 3, 4, 5, 6, 7, 8, 9, 1]));
        return JSON.stringify({ puzzle: moved.map((d) => (d === 0 ? '.' : String(d))).join('') });
      })
      .join('\n');
    const t = fakeIo({ files: { 'test.jsonl': disguised } });
    expect(await data([SUDOKU, '--count', '8', '--givens', '34-36', '--seed', '11', '--exclude', 'test.jsonl'], t.io)).toBe(0);
    const fresh = lines(t.out());
    expect(fresh).toHaveLength(8);
    const before = new Set(records.map((r) => r.puzzle));
    expect(fresh.some((r) => before.has(r.puzzle))).toBe(false);
    expect(t.err()).toMatch(/skipped 8 excluded/); // same seed: the first 8 draws are the excluded ones
  });

  it("writes an example family's pairs byte for byte as buildFamilyPairs, and its spec with --spec", async () => {
    const out = join(scratch, 'pairs.jsonl');
    const spec = join(scratch, 'spec.json');
    const t = fakeIo();
    expect(await data([FAMILY, '--count', '300', '--size', '5-10', '--seed', '1001', '--out', out, '--spec', spec], t.io)).toBe(0);
    const family = getDataFamily(FAMILY);
    const expected = buildFamilyPairs(family, { count: 300, sides: { min: 5, max: 10 }, seed: 1001 }).join('\n') + '\n';
    expect(readFileSync(out, 'utf8')).toBe(expected);
    const written = JSON.parse(readFileSync(spec, 'utf8')) as unknown;
    expect(written).toEqual(family.spec(10));
    expect(learnedTaskSpecSchema.safeParse(written).success).toBe(true);
    expect(t.err()).toMatch(new RegExp(`^${FAMILY}: wrote 300 pairs to .*pairs\\.jsonl \\(seed 1001; nothing excluded\\), its learned-task spec to`));
  });

  it("keeps the inputs of --exclude files out of a family's pairs, up to rotation and reflection", async () => {
    const first = fakeIo();
    await data([FAMILY, '--count', '40', '--size', '3-4', '--seed', '7'], first.io);
    const t = fakeIo({ files: { 'held.jsonl': first.out() } });
    expect(await data([FAMILY, '--count', '40', '--size', '3-4', '--seed', '8', '--exclude', 'held.jsonl'], t.io)).toBe(0);
    const held = inputKeys(first.out());
    expect([...inputKeys(t.out())].some((k) => held.has(k))).toBe(false);
    expect(t.out()).toBe(buildFamilyPairs(getDataFamily(FAMILY), { count: 40, sides: { min: 3, max: 4 }, seed: 8, exclude: held }).join('\n') + '\n');
  });

  it('lists every data set with its own options in the help', async () => {
    const t = fakeIo();
    expect(await data(['--help'], t.io)).toBe(0);
    expect(t.out()).toMatch(/^Usage: trm-router data NAME \[options\]/);
    for (const name of [SUDOKU, MAZE, FAMILY]) expect(t.out()).toContain(`\n  ${name}: `);
    expect(t.out()).toMatch(/--givens A-B\s+givens per puzzle.*\(default: 26-40\)/);
    expect(t.out()).toMatch(/--count N\s+examples to write/);
  });

  it.each([
    ['no data set', ['--count', '3'], /Expected one data set: sudoku, maze/],
    ['unknown data set', ['chess', '--count', '3'], /Unknown data set "chess"/],
    ['missing count', [SUDOKU], /--count N is required/],
    ['bad count', [SUDOKU, '--count', '-3'], /--count/],
    ['bad seed', [SUDOKU, '--count', '3', '--seed', 'x'], /--seed must be a non-negative integer/],
    ['bad givens', [SUDOKU, '--count', '3', '--givens', '12-30'], /--givens/],
    ['bad size', [MAZE, '--count', '3', '--size', '40'], /--size/],
    ['bad family size', [FAMILY, '--count', '3', '--size', '2-40'], /--size/],
    ['unknown maze kind', [MAZE, '--count', '3', '--kind', 'spiral'], /--kind: unknown maze kind "spiral"/],
    ['maze range upside down', [MAZE, '--count', '3', '--kind', 'all', '--size', '12-4'], /--size 12-4: a range must be A-B/],
    ['maze range without --kind', [MAZE, '--count', '3', '--size', '4-12'], /or a range A-B with --kind/],
    ['spec of a built-in task', [SUDOKU, '--count', '1', '--spec', 'x.json'], /--spec: sudoku data teaches no learned task/],
    ['unknown option', [SUDOKU, '--count', '3', '--frobnicate'], /frobnicate/],
    ['missing exclude file', [SUDOKU, '--count', '3', '--exclude', 'nope.jsonl'], /nope\.jsonl/],
  ])('%s: exits 2', async (_name, argv, message) => {
    const t = fakeIo();
    const code = await data(argv, t.io);
    expect(t.err()).toMatch(message);
    expect(code).toBe(2);
    expect(t.out()).toBe('');
  });

  it('rejects an exclude file that is not puzzle JSONL, naming the line', async () => {
    const t = fakeIo({ files: { 'bad.jsonl': '{"puzzle": "' + '.'.repeat(81) + '"}\nnot json\n' } });
    expect(await data([SUDOKU, '--count', '1', '--exclude', 'bad.jsonl'], t.io)).toBe(2);
    expect(t.err()).toMatch(/bad\.jsonl line 2 is not JSON/);
  });
});
