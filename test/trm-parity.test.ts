/**
 * Conformance of the TS runtime with the PyTorch reference and the official code:
 * - tiny random-weight fixtures of the three mixers (tools/make_fixtures.py) against their
 *   reference.json (computed in float64 by the reference model), every step;
 * - official-format checkpoints converted by tools/convert_official.py against the official
 *   code's own outputs in data/vectors/official-trm/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sudoku } from '../src/tasks/index.js';
import { TrmEngine, loadModel, maxSteps } from '../src/trm/index.js';
import type { TrmModel } from '../src/trm/index.js';
import { REPO_ROOT, dataFile } from './support/paths.js';

interface Reference {
  puzzles: string[];
  inputs?: number[][];
  puzzleIdentifiers?: number[];
  steps: { tokens: number[][]; qHalt: number[]; logits_sample: number[][][] }[];
}

const fixture = (name: string) => join(REPO_ROOT, 'test', 'fixtures', 'trm', name);
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

interface StepResult {
  tokens: number[][];
  qHalt: number[];
  logitsSample: number[][][];
}

/** Runs `steps` supervision steps for the whole batch through TrmModel.step, carrying latents. */
async function runSteps(model: TrmModel, inputs: number[][], ids: number[], steps: number): Promise<StepResult[]> {
  const { seqLen: S, vocabSize: V } = model.manifest;
  const b = inputs.length;
  let zH: Float32Array<ArrayBufferLike> = new Float32Array(b * model.latentSize);
  let zL: Float32Array<ArrayBufferLike> = new Float32Array(b * model.latentSize);
  const results: StepResult[] = [];
  for (let step = 0; step < steps; step++) {
    const out = await model.step({ batch: b, inputs: inputs.flat(), puzzleIdentifiers: ids, zH, zL, reset: inputs.map(() => step === 0) });
    zH = out.zH;
    zL = out.zL;
    const tokens: number[][] = [];
    const sample: number[][][] = [];
    for (let i = 0; i < b; i++) {
      const row: number[] = [];
      for (let j = 0; j < S; j++) {
        const cell = Array.from(out.logits.subarray((i * S + j) * V, (i * S + j + 1) * V));
        row.push(cell.indexOf(Math.max(...cell)));
        if (j < 3) (sample[i] ??= []).push(cell);
      }
      tokens.push(row);
    }
    results.push({ tokens, qHalt: Array.from(out.qHalt), logitsSample: sample });
  }
  return results;
}

function maxDiff(a: number[], b: number[]): number {
  return a.reduce((m, x, i) => Math.max(m, Math.abs(x - (b[i] as number))), 0);
}

const loaded: TrmModel[] = [];
afterAll(async () => {
  for (const m of loaded) await m.dispose();
});

describe.each(['sudoku-mlp-tiny', 'sudoku-att-tiny', 'sudoku-conv-tiny'])('fixture %s matches the PyTorch reference', (name) => {
  const ref = readJson<Reference>(join(fixture(name), 'reference.json'));

  it(`reproduces tokens exactly and q_halt / logits within 1e-4 over ${ref.steps.length} steps`, async () => {
    const model = await loadModel(fixture(name));
    loaded.push(model);
    expect(ref.steps.length).toBeGreaterThanOrEqual(4);
    const inputs = ref.inputs ?? [];
    // The inputs are the official encoding of the puzzles: the codec must agree.
    ref.puzzles.forEach((p, i) => expect(Array.from(sudoku.encode(sudoku.parse(p)))).toEqual(inputs[i]));
    const got = await runSteps(model, inputs, ref.puzzleIdentifiers ?? inputs.map(() => 0), ref.steps.length);
    got.forEach((step, s) => {
      const want = ref.steps[s]!;
      expect(step.tokens, `step ${s + 1} tokens`).toEqual(want.tokens);
      expect(maxDiff(step.qHalt, want.qHalt), `step ${s + 1} q_halt`).toBeLessThanOrEqual(1e-4);
      expect(maxDiff(step.logitsSample.flat(2), want.logits_sample.flat(2)), `step ${s + 1} logits`).toBeLessThanOrEqual(1e-4);
    });
  });

  it('the engine (batched, compacting) gives the same tokens and q_halt as stepping the batch directly', async () => {
    const model = await loadModel(fixture(name));
    const engine = new TrmEngine(model, { maxBatch: 3 });
    const inputs = ref.inputs ?? [];
    const ids = ref.puzzleIdentifiers ?? inputs.map(() => 0);
    // Different step counts per sample, so the batch shrinks as samples finish.
    const results = await Promise.all(inputs.map((x, i) => engine.run({ inputs: x, puzzleIdentifier: ids[i], stop: [maxSteps(i + 1 + (i % 2))] })));
    results.forEach((r, i) => {
      const want = ref.steps[r.steps - 1]!;
      expect(Array.from(r.tokens)).toEqual(want.tokens[i]);
      expect(Math.abs(r.qHalt - want.qHalt[i]!)).toBeLessThanOrEqual(1e-4);
    });
  });
});

describe('official checkpoints converted by tools/convert_official.py', () => {
  // The fp32 MLP checkpoint has random weights that are chaotic under recursion: float32
  // rounding grows ~8x per step, so its steps 3-4 cannot match the official run to 1e-4 in any
  // float32 engine (PyTorch itself on this machine differs by 1.2e-4 / 5.5e-4 there, see
  // tools/tests/test_official_parity.py). Those steps are held to the measured spread instead.
  const cases = [
    { name: 'sudoku-att-d32-bf16', strictSteps: 4, loose: { logits: 0, tokenAgreement: 1 } },
    { name: 'sudoku-mlp-d32', strictSteps: 2, loose: { logits: 4e-3, tokenAgreement: 0.995 } },
  ];

  it.each(cases)('$name reproduces the official per-step outputs', async ({ name, strictSteps, loose }) => {
    const ref = readJson<Reference>(dataFile('vectors', 'official-trm', name, 'reference.json'));
    const model = await loadModel(fixture(`official-${name}`));
    loaded.push(model);
    const inputs = ref.puzzles.map((p) => Array.from(sudoku.encode(sudoku.parse(p))));
    const got = await runSteps(
      model,
      inputs,
      inputs.map(() => 0),
      ref.steps.length,
    );
    got.forEach((step, s) => {
      const want = ref.steps[s]!;
      const qDiff = maxDiff(step.qHalt, want.qHalt);
      const lDiff = maxDiff(step.logitsSample.flat(2), want.logits_sample.flat(2));
      if (s < strictSteps) {
        expect(step.tokens, `step ${s + 1} tokens`).toEqual(want.tokens);
        expect(qDiff, `step ${s + 1} q_halt`).toBeLessThanOrEqual(1e-4);
        expect(lDiff, `step ${s + 1} logits`).toBeLessThanOrEqual(1e-4);
      } else {
        const cells = step.tokens.flat();
        const same = cells.filter((t, i) => t === want.tokens.flat()[i]).length / cells.length;
        expect(same, `step ${s + 1} token agreement`).toBeGreaterThanOrEqual(loose.tokenAgreement);
        expect(Math.max(qDiff, lDiff), `step ${s + 1} q_halt/logits`).toBeLessThanOrEqual(loose.logits);
      }
    });
  });
});
