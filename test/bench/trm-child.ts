/**
 * One TRM speed measurement in its own process (so its peak RSS is its own):
 *   tsx test/bench/trm-child.ts MODEL_DIR BATCH STEPS THREADS
 * prints {"batch", "steps", "msPerStep", "maxRssMb"} measured through TrmEngine (the real path:
 * batching, latents carried between steps).
 */
import { TrmEngine, loadModel, maxSteps } from '../../src/trm/index.js';

const [dir, batchArg, stepsArg, threadsArg] = process.argv.slice(2);
if (dir === undefined) throw new Error('usage: trm-child MODEL_DIR BATCH STEPS THREADS');
const batch = Number(batchArg ?? 1);
const steps = Number(stepsArg ?? 3);
const model = await loadModel(dir, { threads: Number(threadsArg ?? 0) });
const { seqLen, vocabSize } = model.manifest;
let seed = 1;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const inputs = Array.from({ length: batch }, () => Array.from({ length: seqLen }, () => 1 + Math.floor(rand() * (vocabSize - 1))));
const engine = new TrmEngine(model, { maxBatch: batch });
await Promise.all(inputs.map((x) => engine.run({ inputs: x, stop: [maxSteps(1)] }))); // warm-up
const t0 = performance.now();
await Promise.all(inputs.map((x) => engine.run({ inputs: x, stop: [maxSteps(steps)] })));
const ms = (performance.now() - t0) / steps;
if (engine.stats.maxBatchSeen !== batch) throw new Error(`expected batches of ${batch}, saw ${engine.stats.maxBatchSeen}`);
console.log(JSON.stringify({ batch, steps, msPerStep: ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
await model.dispose();
