import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { REPO_ROOT } from '../../test/support/paths.js';
import { LEARNED_FAMILY, writeLearnedModel } from '../../test/support/learned-model.js';
import { buildFamilyPairs, getDataFamily } from '../tasks/index.js';
import { evaluateModel, loadModel, parseEvalData, readManifest, recordHalting } from '../trm/index.js';
import { runCli } from './run.js';
import { fakeIo } from '../../test/support/cli-io.js';

const PUZZLE = '4...3.......6..8..........1....5..9..8....6...7.2........1.27..5.3....4.9........';
const MAZE = ['#####', '#S  #', '# # #', '#  G#', '#####'].join('\n');
const TINY = join(REPO_ROOT, 'test', 'fixtures', 'trm', 'sudoku-mlp-tiny');
const ARC = join(REPO_ROOT, 'test', 'fixtures', 'trm', 'arc-identity-tiny');
const scratch = mkdtempSync(join(tmpdir(), 'trm-eval-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('trm-router eval', () => {
  it('prints exact and cell accuracy, steps, halting precision and speed', async () => {
    const t = fakeIo({ files: { 'd.txt': `${PUZZLE}\n${PUZZLE}\n` } });
    const code = await runCli(['eval', '--model', TINY, '--data', 'd.txt', '--halt', 'adaptive', '--json'], t.io, loadConfig({}));
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
    const t = fakeIo({ files: { 'd.txt': `${PUZZLE}\n` } });
    expect(await runCli(['eval', '--model', dir, '--data', 'd.txt', '--dataset', 'one-hard', '--record'], t.io, loadConfig({}))).toBe(0);
    expect(t.out()).toContain('exact accuracy     0.0%');
    expect(t.out()).toContain('token-exact        0.0%');
    const manifest = await readManifest(dir);
    expect(manifest.accuracy).toEqual([
      expect.objectContaining({
        dataset: 'one-hard',
        puzzles: 1,
        exact: 0,
        halt: 'fixed(max 6)',
        command: expect.stringContaining('trm-router eval --model') as unknown,
      }),
    ]);
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))).toHaveProperty('accuracyNote', null);
  });

  it('--curves --record measures every policy in one pass and records the chosen default', async () => {
    const dir = join(scratch, 'curves');
    mkdirSync(dir, { recursive: true });
    for (const f of ['manifest.json', 'model.onnx']) copyFileSync(join(TINY, f), join(dir, f));
    const t = fakeIo({ files: { 'd.txt': `${PUZZLE}\n${PUZZLE}\n` } });
    expect(await runCli(['eval', '--model', dir, '--data', 'd.txt', '--curves', '--record', '--json'], t.io, loadConfig({}))).toBe(0);
    const body = JSON.parse(t.out()) as { points: { policy: string }[]; chosen: { policy: string } };
    expect(body.points.filter((p) => p.policy === 'fixed')).toHaveLength(6);
    expect(body.points.some((p) => p.policy === 'verified')).toBe(true);
    const manifest = await readManifest(dir);
    expect(manifest.halting).toMatchObject({ policy: body.chosen.policy, chosenOn: { puzzles: 2 } });
  });

  it("--explore scores a sample of the task's symmetries that verifies, records the exploration with the halting, and --curves --explore K records K as the default", async () => {
    const dir = join(scratch, 'explore');
    mkdirSync(dir, { recursive: true });
    const mix = join(REPO_ROOT, 'models', 'maze-mix-conv-12x12');
    for (const f of ['manifest.json', 'model.onnx']) copyFileSync(join(mix, f), join(dir, f));
    // a held-out braided maze whose first answer is not a shortest path (src/trm/solver.test.ts)
    const line = readFileSync(join(REPO_ROOT, 'models', 'maze-mix-conv-30x30', 'heldout', 'braid-4-10.jsonl'), 'utf8').split('\n')[7];
    const args = ['eval', '--model', dir, '--data', 'b.jsonl', '--halt', 'verified', '--max-steps', '16', '--dataset', 'braid-one'];
    const alone = fakeIo({ files: { 'b.jsonl': `${line}\n` } });
    expect(await runCli([...args, '--json'], alone.io, loadConfig({}))).toBe(0);
    expect(JSON.parse(alone.out())).toMatchObject({ exact: 0, explore: 0, meanSamples: 1 });
    const t = fakeIo({ files: { 'b.jsonl': `${line}\n` } });
    expect(await runCli([...args, '--explore', '7', '--record'], t.io, loadConfig({}))).toBe(0);
    expect(t.out()).toContain('exploration        up to 7 more samples, 8.00 per puzzle');
    expect(t.out()).toContain('exact accuracy     100.0%');
    expect(t.out()).toContain('token-exact        0.0%'); // the first sample's, against the label
    const manifest = await readManifest(dir);
    expect(manifest.accuracy).toEqual(
      expect.arrayContaining([expect.objectContaining({ dataset: 'braid-one', exact: 1, halt: 'verified(max 16, explore 7)' })]),
    );
    const curves = fakeIo({ files: { 'b.jsonl': `${line}\n` } });
    expect(
      await runCli(['eval', '--model', dir, '--data', 'b.jsonl', '--curves', '--max-steps', '16', '--explore', '7', '--record'], curves.io, loadConfig({})),
    ).toBe(0);
    expect((await readManifest(dir)).halting).toMatchObject({ explore: 7 });
  });

  it('--explore is refused for a task whose answers cannot be verified', async () => {
    const t = fakeIo({ files: { 'a.json': '{}' } });
    expect(await runCli(['eval', '--model', ARC, '--data', 'a.json', '--explore', '2'], t.io, loadConfig({}))).not.toBe(0);
    expect(t.err()).toMatch(/--explore/);
  });

  it("recordHalting keeps the step cap the curves ran to (eval --curves --max-steps N), else the model's own", async () => {
    const dir = join(scratch, 'cap');
    mkdirSync(dir, { recursive: true });
    for (const f of ['manifest.json', 'model.onnx']) copyFileSync(join(TINY, f), join(dir, f));
    const verified = { policy: 'verified' as const, parameter: 0, exact: 0.9, meanSteps: 7 };
    await recordHalting(dir, verified, undefined, 'set', 10, 16);
    expect((await readManifest(dir)).halting).toMatchObject({ policy: 'verified', maxSteps: 16 });
    await recordHalting(dir, verified, undefined, 'set', 10);
    const own = await readManifest(dir);
    expect(own.halting?.maxSteps).toBe(own.recursion.haltMaxSteps);
    await recordHalting(dir, { policy: 'fixed', parameter: 3, exact: 0.5, meanSteps: 3 }, undefined, 'set', 10, 16);
    expect((await readManifest(dir)).halting).toMatchObject({ policy: 'fixed', maxSteps: 3 });
  });

  describe('a learned-task model', () => {
    // The identity model answers every grid with itself: right exactly on the pairs whose output is their input.
    const pairs = buildFamilyPairs(getDataFamily(LEARNED_FAMILY), { count: 24, sides: { min: 4, max: 9 }, seed: 5 });
    const unchanged = pairs.filter((line) => {
      const { input, output } = JSON.parse(line) as { input: unknown; output: unknown };
      return JSON.stringify(input) === JSON.stringify(output);
    }).length;
    const data = { 'pairs.jsonl': pairs.join('\n') + '\n' };

    it('scores exact as the whole output grid right, with cell accuracy and steps, and records it in the manifest', async () => {
      expect(unchanged).toBeGreaterThan(0);
      expect(unchanged).toBeLessThan(pairs.length);
      const dir = writeLearnedModel(join(scratch, 'learned'));
      const t = fakeIo({ files: data });
      expect(await runCli(['eval', '--model', dir, '--data', 'pairs.jsonl', '--json', '--record'], t.io, loadConfig({}))).toBe(0);
      const r = JSON.parse(t.out()) as Record<string, number | string>;
      expect(r).toMatchObject({ model: 'fill-enclosed-identity', puzzles: 24, halt: 'fixed', meanSteps: 2 });
      expect(r.exact).toBeCloseTo(unchanged / pairs.length);
      expect(r.tokenExact).toBe(r.exact);
      expect(r.cell).toBeGreaterThan(0.5);
      expect(r.cell).toBeLessThan(1);
      const manifest = await readManifest(dir);
      expect(manifest.accuracy).toEqual([
        expect.objectContaining({ dataset: 'pairs.jsonl', puzzles: 24, exact: Math.round((unchanged / 24) * 10_000) / 10_000 }),
      ]);
      const table = fakeIo({ files: data });
      expect(await runCli(['eval', '--model', dir, '--data', 'pairs.jsonl', '--curves'], table.io, loadConfig({}))).toBe(0);
      expect(table.out()).toMatch(/^fill-enclosed-identity on pairs\.jsonl \(24 puzzles\)\npolicy/);
    });

    it('refuses exploration: without a verifier only the label could choose a sample (CLI and library alike)', async () => {
      const dir = writeLearnedModel(join(scratch, 'learned-explore'));
      const t = fakeIo({ files: data });
      expect(await runCli(['eval', '--model', dir, '--data', 'pairs.jsonl', '--explore', '1'], t.io, loadConfig({}))).not.toBe(0);
      expect(t.err()).toMatch(/--explore/);
      const model = await loadModel(dir);
      const items = parseEvalData(pairs.join('\n'), model.manifest.task);
      await expect(evaluateModel(model, items, { halt: 'fixed', dataset: 'pairs', explore: 1 })).rejects.toThrow(/cannot be verified/);
    });

    it('scores the trained recolour-tiny fixture on its held-out pairs as train.py did (every pair exact)', async () => {
      const dir = join(REPO_ROOT, 'test', 'fixtures', 'learned-models', 'recolour-tiny');
      const t = fakeIo({ files: { 'heldout.jsonl': readFileSync(join(dir, 'heldout', 'recolour-tiny.jsonl'), 'utf8') } });
      expect(await runCli(['eval', '--model', dir, '--data', 'heldout.jsonl', '--halt', 'adaptive', '--json'], t.io, loadConfig({}))).toBe(0);
      expect(JSON.parse(t.out())).toMatchObject({ model: 'recolour-tiny', puzzles: 100, exact: 1, tokenExact: 1, cell: 1 });
    });

    it('names the line of a pair that does not fit the task', async () => {
      const dir = writeLearnedModel(join(scratch, 'learned-bad'));
      const t = fakeIo({ files: { 'bad.jsonl': `${pairs[0]}\n{"input": [[0, 1]], "output": [[1]]}\n` } });
      expect(await runCli(['eval', '--model', dir, '--data', 'bad.jsonl'], t.io, loadConfig({}))).toBe(2);
      expect(t.err()).toMatch(/data line 2: output is 1x1, input 1x2/);
    });
  });

  describe('an ARC model', () => {
    const SWAP = join(REPO_ROOT, 'test', 'fixtures', 'arc-eval');
    const files = {
      'arc/swap_challenges.json': readFileSync(join(SWAP, 'swap_challenges.json'), 'utf8'),
      'arc/swap_solutions.json': readFileSync(join(SWAP, 'swap_solutions.json'), 'utf8'),
    };

    it('prints pass@1 and pass@2 over augmentation votes, finds the solutions file, and --record writes them', async () => {
      const dir = join(scratch, 'arc-swap');
      mkdirSync(dir, { recursive: true });
      for (const f of ['manifest.json', 'model.onnx']) copyFileSync(join(SWAP, 'arc-swap-tiny', f), join(dir, f));
      const t = fakeIo({ files });
      expect(await runCli(['eval', '--model', dir, '--data', 'arc/swap_challenges.json', '--record'], t.io, loadConfig({}))).toBe(0);
      expect(t.out()).toContain('pass@2             55.6% of tasks (83.3% of answerable), 60.0% of test inputs');
      const few = fakeIo({ files });
      const argv = ['eval', '--model', dir, '--data', 'arc/swap_challenges.json', '--solutions', 'arc/swap_solutions.json', '--augmentations', '2'];
      expect(await runCli([...argv, '--record', '--json'], few.io, loadConfig({}))).toBe(0);
      expect(JSON.parse(few.out())).toMatchObject({ tasks: 3, answerableTasks: 2, maxSamples: 2, unanswered: ['feedbeef'] });
      const manifest = await readManifest(dir);
      expect(manifest.accuracy).toEqual([
        expect.objectContaining({ dataset: 'swap_challenges.json', puzzles: 3, exact: 0.4444, pass1: 0.4444, pass2: 0.5556, answerable: 2, augmentations: 4 }),
        expect.objectContaining({ pass1: 0.4444, pass2: 0.4444, augmentations: 2, command: `trm-router ${argv.join(' ')}` }),
      ]);
    });

    it('counts the tasks of a real ARC-AGI-1 file the model does not know as unanswered', async () => {
      const read = (kind: string) => readFileSync(join(REPO_ROOT, 'data', 'arc', `arc-agi-1_training_${kind}.json`), 'utf8');
      const t = fakeIo({ files: { 'c.json': read('challenges'), 's.json': read('solutions') } });
      expect(await runCli(['eval', '--model', ARC, '--data', 'c.json', '--solutions', 's.json', '--json'], t.io, loadConfig({}))).toBe(0);
      // the identity model knows 007bbfb7 and 00d62c1b, whose outputs are not their inputs
      expect(JSON.parse(t.out())).toMatchObject({ tasks: 400, answerableTasks: 2, testInputs: 416, answerableTestInputs: 2, pass1: 0, pass2: 0 });
    });

    it('says a test input without a solution needs --solutions', async () => {
      const t = fakeIo({ files: { 'c.json': files['arc/swap_challenges.json'] } });
      expect(await runCli(['eval', '--model', ARC, '--data', 'c.json'], t.io, loadConfig({}))).toBe(2);
      expect(t.err()).toMatch(/007bbfb7 test input 0 has no solution: give the solutions file with --solutions/);
    });
  });

  it.each([
    [['eval', '--data', 'd.txt'], /--model DIR is required/],
    [['eval', '--model', TINY], /--data FILE is required/],
    [['eval', '--model', TINY, '--data', 'd.txt', '--halt', 'never'], /--halt must be/],
    [['eval', '--model', TINY, '--data', 'd.txt', '--threshold', 'high'], /--threshold must be a number/],
    [['eval', '--model', TINY, '--data', 'maze.txt'], /maze.txt holds no puzzles/],
    [['eval', '--model', TINY, '--data', 'bad.txt'], /data line 2: .*81/],
    [['eval', '--model', ARC, '--data', 'd.txt'], /--data is not JSON/],
    [['eval', '--model', ARC, '--data', 'd.txt', '--curves'], /--curves measures halting on one-answer tasks/],
    [['eval', '--model', TINY, '--data', 'd.txt', '--augmentations', '4'], /--augmentations is for ARC models/],
  ])('bad usage %# is a clear error', async (argv, message) => {
    const t = fakeIo({ files: { 'd.txt': `${PUZZLE}\n`, 'maze.txt': MAZE, 'bad.txt': `${PUZZLE}\n12345\n` } });
    expect(await runCli(argv, t.io, loadConfig({}))).toBe(2);
    expect(t.err()).toMatch(message);
  });

  it('--installed scores what solve --solver trm answers with the installed models', async () => {
    const mazes = readFileSync(join(REPO_ROOT, 'models', 'maze-conv-12x12', 'heldout', 'maze-6x6.jsonl'), 'utf8')
      .split('\n')
      .slice(0, 6)
      .join('\n');
    const shipped = loadConfig({ TRM_ROUTER_MODELS_DIR: join(REPO_ROOT, 'test', 'fixtures', 'no-models-here') });
    const t = fakeIo({ files: { 'm.jsonl': mazes, 'big.txt': `${MAZE}\n` } });
    expect(await runCli(['eval', '--installed', '--task', 'maze', '--data', 'm.jsonl', '--json'], t.io, shipped)).toBe(0);
    const r = JSON.parse(t.out()) as Record<string, unknown>;
    // the package's maze family answers every 6x6 maze at its smallest canvas
    expect(r).toMatchObject({ task: 'maze', puzzles: 6, exact: 1, answeredBy: { 'maze-conv-12x12': 6 }, unfit: 0, meanAttempts: 1 });
    // under the gateway's caps: a budget of one 12x12 step a solve
    const capped = loadConfig({ TRM_ROUTER_MODELS_DIR: join(REPO_ROOT, 'test', 'fixtures', 'no-models-here'), TRM_ROUTER_SOLVE_BUDGET: '144' });
    const g = fakeIo({ files: { 'm.jsonl': mazes } });
    expect(await runCli(['eval', '--installed', '--gateway-limits', '--task', 'maze', '--data', 'm.jsonl', '--json'], g.io, capped)).toBe(0);
    expect(JSON.parse(g.out())).toMatchObject({ puzzles: 6, meanSteps: 1 });
    const text = fakeIo({ files: { 'm.jsonl': mazes } });
    expect(await runCli(['eval', '--installed', '--gateway-limits', '--task', 'maze', '--data', 'm.jsonl'], text.io, capped)).toBe(0);
    expect(text.out()).toMatch(/compute caps +the gateway's: 32 steps, 31 exploration samples, 144 cell-steps a solve/);
    // no maze model installed: every maze unanswered, none verified
    const none = fakeIo({ files: { 'm.jsonl': mazes } });
    const noModels = loadConfig({ TRM_ROUTER_PACKAGE_MODELS: '0', TRM_ROUTER_MODELS_DIR: join(REPO_ROOT, 'test', 'fixtures', 'no-models-here') });
    expect(await runCli(['eval', '--installed', '--task', 'maze', '--data', 'm.jsonl', '--json'], none.io, noModels)).toBe(0);
    expect(JSON.parse(none.out())).toMatchObject({ puzzles: 6, exact: 0, unfit: 6 });
  });

  it('--installed refuses what belongs to one model, and --model is required without it', async () => {
    const cases: [string[], RegExp][] = [
      [['--installed', '--data', 'm.txt'], /--installed needs --task/],
      [['--installed', '--task', 'maze', '--model', TINY, '--data', 'm.txt'], /drop --model/],
      [['--installed', '--task', 'maze', '--curves', '--data', 'm.txt'], /--curves is for one model/],
      [['--installed', '--task', 'maze', '--batch', '8', '--data', 'm.txt'], /--batch is for one model/],
      [['--installed', '--task', 'arc', '--data', 'm.txt'], /ARC task has no verifier|has no verifier/],
      [['--data', 'm.txt'], /--model DIR is required \(or --installed\)/],
      [['--model', TINY, '--task', 'maze', '--data', 'm.txt'], /--task goes with --installed/],
      [['--model', TINY, '--gateway-limits', '--data', 'm.txt'], /--gateway-limits goes with --installed/],
    ];
    for (const [argv, message] of cases) {
      const t = fakeIo({ files: { 'm.txt': `${MAZE}\n` } });
      expect(await runCli(['eval', ...argv], t.io, loadConfig({}))).toBe(2);
      expect(t.err()).toMatch(message);
    }
  });
});
