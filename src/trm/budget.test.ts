import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../core/index.js';
import { parseTask } from '../tasks/index.js';
import { REPO_ROOT } from '../../test/support/paths.js';
import { ComputeBudget, fitBudget } from './budget.js';
import { TrmEngine } from './engine.js';
import { loadModel } from './model.js';
import { solveParsed } from './solve-parsed.js';
import type { SolveSettings } from './solve-parsed.js';
import { maxSteps } from './stop.js';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'trm');
/** 17 givens: the TRM fixtures never verify it, so every step and sample it is allowed runs. */
const SUDOKU_17 = '000000010400000000020000000000050407008000300001090000300400200050100000000806000';
const limits = { maxSteps: 8, maxExplore: 2, maxCellSteps: 2_000 };
const settings = (over: Partial<SolveSettings> = {}): SolveSettings => ({
  solver: 'trm',
  modelDirs: [FIXTURES],
  model: 'sudoku-mlp-tiny',
  threads: 1,
  trace: false,
  format: 'line',
  limits,
  ...over,
});

async function refusal(run: Promise<unknown>): Promise<InvalidInputError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidInputError);
  return error as InvalidInputError;
}

describe('compute budget (steps x samples x cells)', () => {
  const puzzle = parseTask(SUDOKU_17, 'sudoku');

  it('refuses a request that asks for more steps or exploration than the server allows, naming the field and the setting', async () => {
    const steps = await refusal(solveParsed(puzzle, settings({ maxSteps: 9 })));
    expect(steps.field).toBe('maxSteps');
    expect(steps.details).toMatchObject({ limit: 8, setting: 'TRM_ROUTER_MAX_STEPS' });
    const explore = await refusal(solveParsed(puzzle, settings({ explore: 3 })));
    expect(explore.field).toBe('explore');
    expect(explore.details).toMatchObject({ limit: 2, setting: 'TRM_ROUTER_MAX_EXPLORE' });
  });

  it('refuses a request whose worst case (steps x samples x cells) is over the budget, before any step runs', async () => {
    // 8 steps x (1 + 2) samples x 81 cells = 1944 fits in 2000; with 3 samples of 9 steps it would not, and 2000 / 81 / 3 < 9
    const over = await refusal(solveParsed(puzzle, settings({ limits: { ...limits, maxCellSteps: 1_000 }, maxSteps: 8, explore: 2 })));
    expect(over.field).toBe('explore');
    expect(over.details).toMatchObject({ cost: 8 * 3 * 81, budget: 1_000, steps: 8, samples: 3, cells: 81, setting: 'TRM_ROUTER_SOLVE_BUDGET' });
  });

  it('spends at most the budget: the run reports the cell-steps it used', async () => {
    const outcome = await solveParsed(puzzle, settings({ maxSteps: 8, explore: 2, halt: 'fixed' }));
    expect(outcome.cellSteps).toBeGreaterThan(0);
    expect(outcome.cellSteps).toBeLessThanOrEqual(1_944);
  });

  it("a default the server's caps do not allow is lowered to them, not refused", async () => {
    const outcome = await solveParsed(puzzle, settings({ limits: { maxSteps: 2, maxExplore: 0, maxCellSteps: 10_000 }, halt: 'fixed' }));
    expect(outcome.provenance.steps).toBe(2); // the fixture's own cap is 6
    const tight = await solveParsed(puzzle, settings({ limits: { maxSteps: 8, maxExplore: 0, maxCellSteps: 3 * 81 }, halt: 'fixed' }));
    expect(tight.provenance.steps).toBe(3);
    expect(tight.cellSteps).toBe(3 * 81);
  });

  it("a model's default exploration is lowered to the cap and to what the budget pays for at its steps; a request's is kept or refused", () => {
    const request = { maxSteps: undefined, explore: undefined, defaultSteps: 16, defaultExplore: 7, cells: 900, planParts: undefined, maxSamples: undefined };
    const server = { maxSteps: 32, maxExplore: 4, maxCellSteps: 50_000 };
    // 16 steps of 900 cells: 14,400 a sample, so the budget pays for 3 samples, the first and 2 more
    expect(fitBudget(request, server)).toEqual({ steps: 16, explore: 2, maxSamples: undefined });
    expect(fitBudget(request, { ...server, maxCellSteps: 1_000_000 })).toEqual({ steps: 16, explore: 4, maxSamples: undefined });
    expect(fitBudget({ ...request, defaultExplore: 0 }, server).explore).toBeUndefined();
    expect(fitBudget({ ...request, explore: 0 }, server).explore).toBe(0);
    // a request's exploration is kept: the default steps give way to it, and over the cap it is refused
    expect(fitBudget({ ...request, explore: 3 }, server)).toEqual({ steps: 13, explore: 3, maxSamples: undefined });
    expect(() => fitBudget({ ...request, explore: 5 }, server)).toThrow(/TRM_ROUTER_MAX_EXPLORE/);
  });

  it('where the budget cannot pay for the default exploration, the default steps give way first, down to the trained ones', () => {
    // the tied-maze model: 16 steps by default, trained with 8, 7 more orientations by default
    const mix = {
      maxSteps: undefined,
      explore: undefined,
      defaultSteps: 16,
      trainedSteps: 8,
      defaultExplore: 7,
      cells: 900,
      planParts: undefined,
      maxSamples: undefined,
    };
    const server = { maxSteps: 32, maxExplore: 31, maxCellSteps: 50_000 };
    // 30x30: 8 samples need 6 steps each, below the trained 8, so 8 steps and the 5 more orientations that pay
    expect(fitBudget(mix, server)).toEqual({ steps: 8, explore: 5, maxSamples: undefined });
    // 20x20: 15 steps pay for all 8 samples (8 x 15 x 400 = 48,000)
    expect(fitBudget({ ...mix, cells: 400 }, server)).toEqual({ steps: 15, explore: 7, maxSamples: undefined });
    // 12x12: all of it fits at 16
    expect(fitBudget({ ...mix, cells: 144 }, server)).toEqual({ steps: 16, explore: 7, maxSamples: undefined });
    // its shipped default, 15 more samples (7 orientations, 8 with start and goal swapped): at 30x30 the
    // same 8 steps and 5; on 20x20, 8 steps and the 14 more samples that pay (15 x 8 x 400 = 48,000); 12x12 all at 16
    const shipped = { ...mix, defaultExplore: 15 };
    expect(fitBudget(shipped, server)).toEqual({ steps: 8, explore: 5, maxSamples: undefined });
    expect(fitBudget({ ...shipped, cells: 400 }, server)).toEqual({ steps: 8, explore: 14, maxSamples: undefined });
    // the 25x25 variant: 8 steps and 9 more samples (10 x 8 x 625 = 50,000), against 5 on 30x30
    expect(fitBudget({ ...shipped, cells: 625 }, server)).toEqual({ steps: 8, explore: 9, maxSamples: undefined });
    expect(fitBudget({ ...shipped, cells: 144 }, server)).toEqual({ steps: 16, explore: 15, maxSamples: undefined });
    // the steps a request asks for are kept, and so is the model's default where it was trained with as many
    expect(fitBudget({ ...mix, maxSteps: 16 }, server)).toEqual({ steps: 16, explore: 2, maxSamples: undefined });
    expect(fitBudget({ ...mix, trainedSteps: 16 }, server)).toEqual({ steps: 16, explore: 2, maxSamples: undefined });
    expect(fitBudget({ ...mix, trainedSteps: undefined }, server)).toEqual({ steps: 16, explore: 2, maxSamples: undefined });
  });

  it('the gateway budget runs the tied-maze model at its trained 8 steps with 5 more orientations on a 30x30 canvas', async () => {
    // held-out braided mazes of sides 21-30: the 4th is answered by no orientation at 8 steps
    const lines = readFileSync(join(REPO_ROOT, 'models', 'maze-mix-conv-30x30', 'heldout', 'braid-21-30.jsonl'), 'utf8').split('\n');
    const maze = parseTask((JSON.parse(lines[3] as string) as { puzzle: string[] }).puzzle.join('\n'));
    const server = { maxSteps: 32, maxExplore: 31, maxCellSteps: 50_000 };
    const mix = settings({ model: join(REPO_ROOT, 'models', 'maze-mix-conv-30x30'), modelDirs: [], limits: server });
    const outcome = await solveParsed(maze, mix);
    expect(outcome).toMatchObject({ verified: false, provenance: { steps: 8, haltedBy: 'max_steps' } });
    expect(outcome.trmSteps).toBe(6 * 8); // the first sample and 5 orientations, 8 steps each (16 steps would pay for 2)
    expect(outcome.cellSteps).toBe(6 * 8 * 900);
  });

  it('multi-sample plans (ARC) run only as many samples as the budget pays for', async () => {
    const arc = {
      task: 'arc',
      puzzle: { id: '007bbfb7', train: [{ input: [[1]], output: [[1]] }], test: [{ input: [[0, 7]] }, { input: [[7, 0]] }] },
    };
    const outcome = await solveParsed(arc, settings({ model: undefined, solver: 'auto', limits: { maxSteps: 8, maxExplore: 0, maxCellSteps: 900 * 2 * 3 } }));
    expect(outcome.cellSteps).toBeLessThanOrEqual(900 * 2 * 3);
  });
});

describe('ComputeBudget in the engine', () => {
  it('samples that share a budget stop, halted by "budget", once it cannot pay for another step', async () => {
    const model = await loadModel(join(FIXTURES, 'sudoku-mlp-tiny'));
    const engine = new TrmEngine(model);
    const budget = new ComputeBudget(81 * 10);
    const inputs = new Array<number>(81).fill(1);
    const runs = await Promise.all(Array.from({ length: 4 }, () => engine.run({ inputs, stop: [maxSteps(100)], budget })));
    expect(budget.used).toBe(81 * 10);
    expect(runs.reduce((n, r) => n + r.steps, 0)).toBe(10);
    expect(runs.every((r) => r.haltedBy === 'budget')).toBe(true);
    expect(engine.stats.sampleSteps).toBe(10);
  });

  it('a sample the budget cannot pay a first step for fails with InvalidInputError, before ORT runs', async () => {
    const model = await loadModel(join(FIXTURES, 'sudoku-mlp-tiny'));
    const engine = new TrmEngine(model);
    const budget = new ComputeBudget(80);
    await expect(engine.run({ inputs: new Array<number>(81).fill(1), stop: [maxSteps(2)], budget })).rejects.toBeInstanceOf(InvalidInputError);
    expect(engine.stats.calls).toBe(0);
  });
});
