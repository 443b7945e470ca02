import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { InvalidInputError } from '../core/index.js';
import { REPO_ROOT } from '../../test/support/paths.js';
import { readManifest } from '../trm/index.js';
import { parseEvalData } from './eval-data.js';
import type { EvalItem } from './eval-data.js';
import type { CliIo } from './io.js';
import { runCli } from './run.js';

const PUZZLE = '4...3.......6..8..........1....5..9..8....6...7.2........1.27..5.3....4.9........';
const SOLUTION = '468931527751624839392578461134756298289413675675289314846192753513867942927345186';
const MAZE = ['#####', '#S  #', '# # #', '#  G#', '#####'].join('\n');
const TINY = join(REPO_ROOT, 'test', 'fixtures', 'trm', 'sudoku-mlp-tiny');
const scratch = mkdtempSync(join(tmpdir(), 'trm-eval-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function io(files: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    readStdin: () => Promise.resolve(''),
    readFile: (p) => (files[p] === undefined ? Promise.reject(new InvalidInputError(`no ${p}`)) : Promise.resolve(files[p])),
  };
  return { value, out: () => out.join(''), err: () => err.join('') };
}

/** Label tokens of a Sudoku item. */
function target(item: EvalItem | undefined): Int32Array {
  if (item?.task !== 'sudoku') throw new Error('expected a sudoku item');
  return item.target;
}

describe('parseEvalData', () => {
  it('reads sudoku lines with and without solutions, and JSONL', () => {
    const plain = parseEvalData(`# comment\n${PUZZLE}\n${PUZZLE},${SOLUTION}\n`, 'sudoku');
    expect(plain).toHaveLength(2);
    expect(Array.from(target(plain[0]))).toEqual(Array.from(target(plain[1])));
    expect(target(plain[0])[1]).toBe(6 + 1);
    const jsonl = parseEvalData(JSON.stringify({ puzzle: PUZZLE, solution: SOLUTION }) + '\n', 'sudoku');
    expect(Array.from(target(jsonl[0]))).toEqual(Array.from(target(plain[0])));
  });

  it('reads blank-line separated mazes', () => {
    const items = parseEvalData(`${MAZE}\n\n${MAZE}\n`, 'maze');
    expect(items).toHaveLength(2);
    const first = items[0];
    if (first?.task !== 'maze') throw new Error('expected a maze item');
    expect(first.solved.join('').match(/o/g)).toHaveLength(3); // path cells between S and G
  });

  it('names the line of a bad entry, and rejects a wrong solution', () => {
    expect(() => parseEvalData(`${PUZZLE}\nnot a puzzle\n`, 'sudoku')).toThrow(/data line 2/);
    const wrong = SOLUTION.replace(/^4/, '5');
    expect(() => parseEvalData(`${PUZZLE} ${wrong}\n`, 'sudoku')).toThrow(/line 1: the given solution is wrong/);
  });
});

describe('trm-router eval', () => {
  it('prints exact and cell accuracy, steps, halting precision and speed', async () => {
    const t = io({ 'd.txt': `${PUZZLE}\n${PUZZLE}\n` });
    const code = await runCli(['eval', '--model', TINY, '--data', 'd.txt', '--halt', 'adaptive', '--json'], t.value, loadConfig({}));
    expect(code).toBe(0);
    const r = JSON.parse(t.out()) as Record<string, number | string | null>;
    expect(r).toMatchObject({ model: 'sudoku-mlp-tiny', puzzles: 2, halt: 'adaptive', exact: 0 });
    expect(r.cell).toBeGreaterThan(0);
    expect(r.cell).toBeLessThan(1);
    expect(r.meanSteps).toBeGreaterThanOrEqual(1);
    expect(r.meanSteps).toBeLessThanOrEqual(6);
    expect(r.puzzlesPerSecond).toBeGreaterThan(0);
  });

  it('--record writes the figures into a manifest that still validates', async () => {
    const dir = join(scratch, 'model');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const f of ['manifest.json', 'model.onnx']) copyFileSync(join(TINY, f), join(dir, f));
    const t = io({ 'd.txt': `${PUZZLE}\n` });
    expect(await runCli(['eval', '--model', dir, '--data', 'd.txt', '--dataset', 'one-hard', '--record'], t.value, loadConfig({}))).toBe(0);
    expect(t.out()).toContain('exact accuracy     0.0%');
    expect(t.out()).toContain('token-exact        0.0%');
    const manifest = await readManifest(dir);
    expect(manifest.accuracy).toEqual([
      expect.objectContaining({ dataset: 'one-hard', puzzles: 1, exact: 0, halt: 'fixed(max 6)', command: expect.stringContaining('trm-router eval --model') as unknown }),
    ]);
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))).toHaveProperty('accuracyNote', null);
  });

  it('--curves --record measures every policy in one pass and records the chosen default', async () => {
    const dir = join(scratch, 'curves');
    mkdirSync(dir, { recursive: true });
    for (const f of ['manifest.json', 'model.onnx']) copyFileSync(join(TINY, f), join(dir, f));
    const t = io({ 'd.txt': `${PUZZLE}\n${PUZZLE}\n` });
    expect(await runCli(['eval', '--model', dir, '--data', 'd.txt', '--curves', '--record', '--json'], t.value, loadConfig({}))).toBe(0);
    const body = JSON.parse(t.out()) as { points: { policy: string }[]; chosen: { policy: string } };
    expect(body.points.filter((p) => p.policy === 'fixed')).toHaveLength(6);
    expect(body.points.some((p) => p.policy === 'verified')).toBe(true);
    const manifest = await readManifest(dir);
    expect(manifest.halting).toMatchObject({ policy: body.chosen.policy, chosenOn: { puzzles: 2 } });
  });

  it.each([
    [['eval', '--data', 'd.txt'], /--model DIR is required/],
    [['eval', '--model', TINY], /--data FILE is required/],
    [['eval', '--model', TINY, '--data', 'd.txt', '--halt', 'never'], /--halt must be/],
    [['eval', '--model', TINY, '--data', 'maze.txt'], /maze.txt holds no puzzles/],
    [['eval', '--model', TINY, '--data', 'bad.txt'], /data line 2: .*81/],
  ])('bad usage %# is a clear error', async (argv, message) => {
    const t = io({ 'd.txt': `${PUZZLE}\n`, 'maze.txt': MAZE, 'bad.txt': `${PUZZLE}\n12345\n` });
    expect(await runCli(argv, t.value, loadConfig({}))).toBe(2);
    expect(t.err()).toMatch(message);
  });
});
