import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test/support/paths.js';
import { loadModel } from './model.js';
import type { StepInputs, TrmModel } from './model.js';
import { createStepSession } from './step-session.js';
import type { TensorData } from './step-session.js';

const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'trm', 'sudoku-att-tiny');

function batchFor(model: TrmModel, b: number): StepInputs {
  const { seqLen, vocabSize } = model.manifest;
  return {
    batch: b,
    inputs: Array.from({ length: b * seqLen }, (_, i) => 1 + ((i * 7) % (vocabSize - 1))),
    puzzleIdentifiers: new Array<number>(b).fill(0),
    zH: new Float32Array(b * model.latentSize),
    zL: new Float32Array(b * model.latentSize),
    reset: new Array<boolean>(b).fill(true),
  };
}

/** Whether a setImmediate callback queued right after the step starts runs before the step ends. */
async function loopRanDuringStep(model: TrmModel, x: StepInputs): Promise<boolean> {
  let ticked = false;
  const step = model.step(x).then(() => ticked);
  setImmediate(() => (ticked = true));
  return step;
}

describe('where the ORT session runs', () => {
  it('a worker-thread session gives the same step as one on the calling thread', async () => {
    const inline = await loadModel(FIXTURE, { worker: false });
    const worker = await loadModel(FIXTURE);
    const first = batchFor(inline, 3);
    const a = await inline.step(first);
    const b = await worker.step(first);
    expect(Array.from(b.logits)).toEqual(Array.from(a.logits));
    expect(Array.from(b.qHalt)).toEqual(Array.from(a.qHalt));
    // carried latents that are views into a larger buffer (as the engine hands them on) travel as their own bytes
    const big = new Float32Array(3 * inline.latentSize + 16);
    big.set(a.zH, 8);
    const next = { ...first, zH: big.subarray(8, 8 + 3 * inline.latentSize), zL: a.zL, reset: [false, false, false] };
    const a2 = await inline.step(next);
    const b2 = await worker.step(next);
    expect(Array.from(b2.zH)).toEqual(Array.from(a2.zH));
    expect(Array.from(b2.logits)).toEqual(Array.from(a2.logits));
  });

  it('keeps the event loop free while a step computes (a session on the calling thread holds it)', async () => {
    const worker = await loadModel(FIXTURE);
    const inline = await loadModel(FIXTURE, { worker: false });
    const x = batchFor(worker, 16);
    await worker.step(x); // warm-up: the first run also plans memory
    await inline.step(x);
    expect(await loopRanDuringStep(worker, x)).toBe(true);
    expect(await loopRanDuringStep(inline, x)).toBe(false);
  });

  it('a run ORT refuses rejects with its reason, and the worker session stays usable', async () => {
    const bytes = readFileSync(join(FIXTURE, 'model.onnx'));
    const session = await createStepSession(bytes, { worker: true });
    try {
      const model = await loadModel(FIXTURE);
      const { seqLen } = model.manifest;
      const L = model.latentSize;
      const feeds = (latentDims: number[]): Record<string, TensorData> => ({
        inputs: { type: 'int64', data: new BigInt64Array(seqLen).fill(1n), dims: [1, seqLen] },
        puzzle_identifiers: { type: 'int64', data: new BigInt64Array(1), dims: [1] },
        z_H: { type: 'float32', data: new Float32Array(L), dims: latentDims },
        z_L: { type: 'float32', data: new Float32Array(L), dims: latentDims },
        reset: { type: 'bool', data: new Uint8Array([1]), dims: [1] },
      });
      await expect(session.run(feeds([1, L, 1]))).rejects.toThrow(/.+/);
      const ok = await session.run(feeds([1, model.manifest.puzzleEmbLen + seqLen, model.manifest.hiddenSize]));
      expect(ok.q_halt?.data.length).toBe(1);
    } finally {
      await session.release();
    }
    await expect(session.run({})).rejects.toThrow(/released/);
  });

  it('an idle worker never keeps a process alive', () => {
    const script = `import { loadModel } from './src/trm/model.ts';
const m = await loadModel(${JSON.stringify(FIXTURE)});
const { seqLen, hiddenSize, puzzleEmbLen } = m.manifest;
const L = (seqLen + puzzleEmbLen) * hiddenSize;
const out = await m.step({ batch: 1, inputs: new Array(seqLen).fill(1), puzzleIdentifiers: [0], zH: new Float32Array(L), zL: new Float32Array(L), reset: [true] });
console.log('steps', out.qHalt.length);`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO_ROOT, timeout: 60_000, encoding: 'utf8' });
    expect(out.trim()).toBe('steps 1');
  });
});
