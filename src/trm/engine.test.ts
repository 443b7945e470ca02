import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AbortedError, InvalidInputError, TimeoutError } from '../core/index.js';
import { REPO_ROOT } from '../../test/support/paths.js';
import { TrmEngine } from './engine.js';
import { loadModel } from './model.js';
import { maxSteps, qHaltAbove, verifiedStop } from './stop.js';

const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'trm', 'sudoku-mlp-tiny');
const ref = JSON.parse(readFileSync(join(FIXTURE, 'reference.json'), 'utf8')) as {
  inputs: number[][];
  puzzleIdentifiers: number[];
  steps: { tokens: number[][]; qHalt: number[] }[];
};
const sample = (i: number) => ({ inputs: ref.inputs[i]!, puzzleIdentifier: ref.puzzleIdentifiers[i]! });

describe('TrmEngine', () => {
  it('adaptive halting stops each sample at its first q_halt > 0 and reports why', async () => {
    const engine = new TrmEngine(await loadModel(FIXTURE));
    const max = ref.steps.length;
    const results = await Promise.all(ref.inputs.map((_, i) => engine.run({ ...sample(i), stop: [qHaltAbove(0), maxSteps(max)] })));
    let halted = 0;
    results.forEach((r, i) => {
      const first = ref.steps.findIndex((s) => s.qHalt[i]! > 0);
      if (first >= 0) {
        halted++;
        expect(r).toMatchObject({ steps: first + 1, haltedBy: 'q_halt' });
      } else {
        expect(r).toMatchObject({ steps: max, haltedBy: 'max_steps' });
      }
      expect(Array.from(r.tokens)).toEqual(ref.steps[r.steps - 1]!.tokens[i]);
    });
    expect(halted).toBeGreaterThan(0); // the fixture was chosen so that some samples halt early
    // Finished samples cost nothing: sample-steps = the sum of each sample's own steps.
    expect(engine.stats.sampleSteps).toBe(results.reduce((a, r) => a + r.steps, 0));
  });

  it('gathers concurrent requests into shared ORT batches with the same results as serial runs', async () => {
    const model = await loadModel(FIXTURE);
    const serial = new TrmEngine(model);
    const one = await serial.run({ ...sample(0), stop: [maxSteps(2)] });
    const engine = new TrmEngine(model, { maxBatch: 64 });
    const results = await Promise.all(Array.from({ length: 32 }, (_, i) => engine.run({ ...sample(i % 4), stop: [maxSteps(2)] })));
    expect(engine.stats.calls).toBe(2);
    expect(engine.stats.maxBatchSeen).toBe(32);
    expect(Array.from(results[4]!.tokens)).toEqual(Array.from(one.tokens));
    expect(results[4]!.qHalt).toBeCloseTo(one.qHalt, 5);
  });

  it('never runs more than maxBatch samples in one call, and finishes them all', async () => {
    const engine = new TrmEngine(await loadModel(FIXTURE), { maxBatch: 3 });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => engine.run({ ...sample(i % 4), stop: [maxSteps(3)] })));
    expect(results.every((r) => r.steps === 3)).toBe(true);
    expect(engine.stats.maxBatchSeen).toBe(3);
    expect(engine.stats.sampleSteps).toBe(30);
  });

  it('caps a batch by tokens (maxBatchTokens / seqLen), never below one sample', async () => {
    const model = await loadModel(FIXTURE);
    const engine = new TrmEngine(model, { maxBatchTokens: 3 * model.manifest.seqLen + 1 });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => engine.run({ ...sample(i % 4), stop: [maxSteps(2)] })));
    expect(results.every((r) => r.steps === 2)).toBe(true);
    expect(engine.stats.maxBatchSeen).toBe(3);
    const tiny = new TrmEngine(model, { maxBatchTokens: 1 });
    await Promise.all([0, 1].map((i) => tiny.run({ ...sample(i), stop: [maxSteps(1)] })));
    expect(tiny.stats.maxBatchSeen).toBe(1);
    expect(() => new TrmEngine(model, { maxBatchTokens: 0 })).toThrow(/maxBatchTokens/);
  });

  it('stops once the verifier accepts', async () => {
    const engine = new TrmEngine(await loadModel(FIXTURE));
    const target = ref.steps[2]!.tokens[1]!.join();
    const r = await engine.run({ ...sample(1), stop: [verifiedStop(), maxSteps(6)], verify: (t) => Array.from(t).join() === target });
    expect(r).toMatchObject({ steps: 3, haltedBy: 'verified', verified: true });
  });

  it('ends the other samples of a race once one verifies, with their latest answers', async () => {
    const engine = new TrmEngine(await loadModel(FIXTURE));
    const target = ref.steps[2]!.tokens[1]!.join();
    const race = { verified: false };
    const stop = [verifiedStop(), maxSteps(6)];
    const [winner, ...others] = await Promise.all([
      engine.run({ ...sample(1), stop, race, verify: (t) => Array.from(t).join() === target }),
      engine.run({ ...sample(0), stop, race, verify: () => false }),
      engine.run({ ...sample(2), stop, race, verify: () => false, trace: true }),
    ]);
    expect(winner).toMatchObject({ steps: 3, haltedBy: 'verified', verified: true });
    expect(race.verified).toBe(true);
    for (const r of others) {
      expect(r).toMatchObject({ steps: 3, haltedBy: 'superseded', verified: false });
    }
    // the answer a superseded sample ends with is its latest step's
    expect(Array.from(others[1].tokens)).toEqual(ref.steps[2]!.tokens[2]);
    expect(engine.stats.sampleSteps).toBe(9);
    // a race nobody wins: every sample runs to its own stop
    const lost = { verified: false };
    const all = await Promise.all([0, 2].map((i) => engine.run({ ...sample(i), stop, race: lost, verify: () => false })));
    expect(all.map((r) => r.haltedBy)).toEqual(['max_steps', 'max_steps']);
    expect(lost.verified).toBe(false);
  });

  it('a sample resumed from its latents goes on as one run to the later cap would, paying only for the new steps', async () => {
    const engine = new TrmEngine(await loadModel(FIXTURE));
    const max = ref.steps.length;
    const half = Math.floor(max / 2);
    for (const i of ref.inputs.keys()) {
      const first = await engine.run({ ...sample(i), stop: [maxSteps(half)], keepLatents: true });
      expect(first.latents?.steps).toBe(half);
      const before = engine.stats.sampleSteps;
      const resumed = await engine.run({ ...sample(i), stop: [maxSteps(max)], resume: first.latents });
      expect(engine.stats.sampleSteps - before).toBe(max - half);
      expect(resumed).toMatchObject({ steps: max, haltedBy: 'max_steps' });
      expect(Array.from(resumed.tokens)).toEqual(ref.steps[max - 1]!.tokens[i]);
      expect(resumed.latents).toBeUndefined(); // only when asked for
    }
    const bad = { zH: new Float32Array(3), zL: new Float32Array(3), steps: 1 };
    await expect(engine.run({ ...sample(0), stop: [maxSteps(2)], resume: bad })).rejects.toMatchObject({ details: { field: 'resume' } });
  });

  it('records a trace of every step', async () => {
    const engine = new TrmEngine(await loadModel(FIXTURE));
    const r = await engine.run({ ...sample(2), stop: [maxSteps(4)], trace: true });
    expect(r.trace).toHaveLength(4);
    r.trace!.forEach((t, s) => {
      expect(t.step).toBe(s + 1);
      expect(t.tokens).toEqual(ref.steps[s]!.tokens[2]);
      expect(t.qHalt).toBeCloseTo(ref.steps[s]!.qHalt[2]!, 4);
      expect(t.haltProbability).toBeCloseTo(1 / (1 + Math.exp(-t.qHalt)), 6);
      expect(t.confidence).toHaveLength(81);
      expect(t.confidence.every((c) => c > 0 && c <= 1)).toBe(true);
    });
  });

  it('exploration noise changes the trajectory, reproducibly by seed', async () => {
    const engine = new TrmEngine(await loadModel(FIXTURE));
    const plain = await engine.run({ ...sample(0), stop: [maxSteps(4)] });
    const [a, b] = await Promise.all([1, 1].map((seed) => engine.run({ ...sample(0), stop: [maxSteps(4)], noise: { seed, scale: 0.5 } })));
    expect(a!.qHalt).toBe(b!.qHalt);
    expect(a!.qHalt).not.toBeCloseTo(plain.qHalt, 4);
  });

  it('honours AbortSignal and timeouts without disturbing other requests', async () => {
    const engine = new TrmEngine(await loadModel(FIXTURE));
    const pre = new AbortController();
    pre.abort();
    await expect(engine.run({ ...sample(0), stop: [maxSteps(2)], signal: pre.signal })).rejects.toBeInstanceOf(AbortedError);
    const controller = new AbortController();
    const long = engine.run({ ...sample(0), stop: [maxSteps(100_000)], signal: controller.signal });
    const slow = engine.run({ ...sample(1), stop: [maxSteps(100_000)], timeoutMs: 30 });
    const fine = engine.run({ ...sample(2), stop: [maxSteps(3)] });
    setTimeout(() => controller.abort(), 20);
    await expect(long).rejects.toBeInstanceOf(AbortedError);
    await expect(slow).rejects.toBeInstanceOf(TimeoutError);
    await expect(fine).resolves.toMatchObject({ steps: 3 });
  });

  it("a signal aborted by a deadline's TimeoutError ends the run with that timeout, not an abort", async () => {
    const engine = new TrmEngine(await loadModel(FIXTURE));
    const deadline = new TimeoutError('The request took longer than 5 ms', 5);
    const controller = new AbortController();
    const running = engine.run({ ...sample(0), stop: [maxSteps(100_000)], signal: controller.signal });
    setTimeout(() => controller.abort(deadline), 5);
    await expect(running).rejects.toBe(deadline);
    await expect(engine.run({ ...sample(0), stop: [maxSteps(2)], signal: controller.signal })).rejects.toBe(deadline);
  });

  it.each([
    ['wrong length', { inputs: [1, 2, 3] }, /3 tokens/],
    ['token out of vocabulary', { inputs: [...ref.inputs[0]!.slice(1), 99] }, /token 99/],
    ['puzzle id out of range', { puzzleIdentifier: 7 }, /puzzle identifier 7/],
    ['no stop condition', { stop: [] }, /stop condition/],
  ])('rejects %s with a typed error before ORT runs', async (_name, patch, message) => {
    const engine = new TrmEngine(await loadModel(FIXTURE));
    const run = engine.run({ ...sample(0), stop: [maxSteps(1)], ...patch });
    await expect(run).rejects.toBeInstanceOf(InvalidInputError);
    await expect(run).rejects.toThrow(message);
    expect(engine.stats.calls).toBe(0);
  });
});
