/**
 * The int8 copy made by tools/quantize_onnx.py runs in onnxruntime-node and stays close to the
 * fp32 model it came from (per-channel int8 weights, dynamic uint8 activations; the SwiGLU
 * down-projections stay fp32, their inputs have outlier rows a per-tensor scale cannot hold).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TrmEngine, loadModel, maxSteps } from '../src/trm/index.js';
import { REPO_ROOT } from './support/paths.js';

const FP32 = join(REPO_ROOT, 'test', 'fixtures', 'trm', 'sudoku-mlp-tiny');
const INT8 = join(REPO_ROOT, 'test', 'fixtures', 'trm', 'sudoku-mlp-tiny-int8');
const ref = JSON.parse(readFileSync(join(FP32, 'reference.json'), 'utf8')) as { inputs: number[][]; puzzleIdentifiers: number[] };

describe('int8 model', () => {
  it('records its precision and stores int8 weights (smaller graph)', async () => {
    const int8 = await loadModel(INT8);
    const fp32 = await loadModel(FP32);
    expect(int8.manifest.precision).toBe('int8');
    expect(int8.manifest.accuracy).toBeNull();
    expect(int8.manifest.onnx.bytes).toBeLessThan(fp32.manifest.onnx.bytes * 0.7);
  });

  it('agrees with the fp32 model on almost every cell over 4 steps', async () => {
    const [fp32, int8] = await Promise.all([loadModel(FP32), loadModel(INT8)]);
    const a = new TrmEngine(fp32);
    const b = new TrmEngine(int8);
    let same = 0;
    let total = 0;
    for (const [i, inputs] of ref.inputs.entries()) {
      const run = { inputs, puzzleIdentifier: ref.puzzleIdentifiers[i], stop: [maxSteps(4)] };
      const [x, y] = await Promise.all([a.run(run), b.run(run)]);
      for (let j = 0; j < x.tokens.length; j++) if (x.tokens[j] === y.tokens[j]) same++;
      total += x.tokens.length;
      expect(Math.abs(x.qHalt - y.qHalt)).toBeLessThan(0.25);
    }
    expect(same / total).toBeGreaterThan(0.97);
  });
});
