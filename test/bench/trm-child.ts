/**
 * One TRM speed measurement in its own process (so its peak RSS is its own):
 *   tsx test/bench/trm-child.ts MODEL_DIR BATCH STEPS THREADS [BUDGET_MS] [WARMUP_BATCH]
 * prints {"batch", "steps", "msPerStep", "maxRssMb"} measured through TrmEngine (the real path:
 * batching, latents carried between steps), after one warm-up step of WARMUP_BATCH samples
 * (default BATCH). With BUDGET_MS the timed run stops after the first step that ends past the
 * budget (at least one, at most STEPS); the whole batch stops together, so every timed ORT call
 * has BATCH samples.
 */
import { TrmEngine, loadModel, maxSteps } from '../../src/trm/index.js';
import type { StopCondition } from '../../src/trm/index.js';

const [dir, batchArg, stepsArg, threadsArg, budgetArg, warmupArg] = process.argv.slice(2);
if (dir === undefined) throw new Error('usage: trm-child MODEL_DIR BATCH STEPS THREADS [BUDGET_MS] [WARMUP_BATCH]');
const batch = Number(batchArg ?? 1);
const steps = Number(stepsArg ?? 3);
const budgetMs = Number(budgetArg ?? 0);
const warmupBatch = Math.min(batch, Number(warmupArg ?? batch));
const model = await loadModel(dir, { threads: Number(threadsArg ?? 0) });
const { seqLen, vocabSize } = model.manifest;
let seed = 1;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const inputs = Array.from({ length: batch }, () => Array.from({ length: seqLen }, () => 1 + Math.floor(rand() * (vocabSize - 1))));
const engine = new TrmEngine(model, { maxBatch: batch });
await Promise.all(inputs.slice(0, warmupBatch).map((x) => engine.run({ inputs: x, stop: [maxSteps(1)] }))); // warm-up
let t0 = 0;
// Decided once per step (by the first sample that asks), so the batch never splits.
const decided = new Map<number, boolean>();
const budget: StopCondition = {
  reason: 'max_steps',
  description: `${budgetMs} ms budget`,
  shouldStop: (s) => {
    let stop = decided.get(s.step);
    if (stop === undefined) {
      stop = budgetMs > 0 && performance.now() - t0 >= budgetMs;
      decided.set(s.step, stop);
    }
    return stop;
  },
};
t0 = performance.now();
const results = await Promise.all(inputs.map((x) => engine.run({ inputs: x, stop: [budget, maxSteps(steps)] })));
const done = results[0]?.steps ?? steps;
const ms = (performance.now() - t0) / done;
if (engine.stats.maxBatchSeen !== batch || engine.stats.calls !== 1 + done)
  throw new Error(`expected ${done} calls of ${batch}, saw ${engine.stats.calls - 1} (largest ${engine.stats.maxBatchSeen})`);
if (results.some((r) => r.steps !== done)) throw new Error('the batch split: samples ran different step counts');
console.log(JSON.stringify({ batch, steps: done, msPerStep: ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
await model.dispose();
