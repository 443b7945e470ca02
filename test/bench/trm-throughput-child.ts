/**
 * Throughput of a shipped model on its own held-out puzzles, in its own process:
 *   tsx test/bench/trm-throughput-child.ts MODEL_DIR N CONCURRENCY THREADS [MAX_BATCH] [MAX_WAIT_MS] [--in-thread]
 * solves the first N puzzles of MODEL_DIR/heldout/*.jsonl (the files interleaved) through one
 * `createTaskTrmSolver(task, model)` with the manifest's default halting, CONCURRENCY requests in
 * flight (1 = one at a time), after a warm-up of CONCURRENCY puzzles. The ORT session runs in its
 * worker thread (the default) or, with --in-thread, on the main thread (`loadModel(dir, {worker:
 * false})`). Prints one JSON line: {"puzzles", "concurrency", "seconds", "puzzlesPerSec",
 * "msPerPuzzle", "cpuMsPerPuzzle" (all threads), "meanSteps", "verified", "calls", "meanBatch",
 * "maxBatchSeen", "maxRssMb", "loopMaxMs", "loopP99Ms" (the event loop's delay while solving, 1 ms
 * resolution: how long a gateway request or timer could wait behind a step), "inThread"}.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createTaskTrmSolver, engineFor, loadModel, modelTask, parseEvalData } from '../../src/trm/index.js';
import type { EngineOptions, EvalItem, TrmModel } from '../../src/trm/index.js';

const inThread = process.argv.includes('--in-thread');
const [dir, nArg, concurrencyArg, threadsArg, maxBatchArg, maxWaitArg] = process.argv.slice(2).filter((a) => a !== '--in-thread');
if (dir === undefined) throw new Error('usage: trm-throughput-child MODEL_DIR N CONCURRENCY THREADS [MAX_BATCH] [MAX_WAIT_MS] [--in-thread]');
const n = Number(nArg ?? 64);
const concurrency = Number(concurrencyArg ?? 1);
const model = await loadModel(dir, { threads: Number(threadsArg ?? 0), worker: !inThread });
const engineOptions: EngineOptions = {
  ...(maxBatchArg === undefined ? {} : { maxBatch: Number(maxBatchArg) }),
  ...(maxWaitArg === undefined ? {} : { maxWaitMs: Number(maxWaitArg) }),
};

/** The held-out puzzles, files interleaved (easy and hard mixed as in the halting policy's data). */
function heldout(model: TrmModel): EvalItem[] {
  modelTask(model); // a learned task's name means nothing until its manifest registers it
  const files = readdirSync(join(dir as string, 'heldout'))
    .filter((f) => f.endsWith('.jsonl'))
    .sort();
  const lists = files.map((f) => parseEvalData(readFileSync(join(dir as string, 'heldout', f), 'utf8'), model.manifest.task));
  const items: EvalItem[] = [];
  for (let i = 0; lists.some((l) => i < l.length); i++) for (const l of lists) if (i < l.length) items.push(l[i] as EvalItem);
  return items;
}

type Solve = (item: EvalItem) => Promise<{ verified: boolean; steps: number }>;

function solverFor(model: TrmModel): Solve {
  const s = createTaskTrmSolver(modelTask(model), model, { engine: engineFor(model, engineOptions) });
  return async (item) => {
    const r = await s.solve(item.puzzle);
    return { verified: r.verified, steps: r.provenance.steps ?? 0 };
  };
}

async function solveAll(items: EvalItem[], solve: Solve, inFlight: number): Promise<{ verified: number; steps: number }> {
  let next = 0;
  let verified = 0;
  let steps = 0;
  const worker = async () => {
    while (next < items.length) {
      const r = await solve(items[next++] as EvalItem);
      if (r.verified) verified++;
      steps += r.steps;
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, items.length) }, worker));
  return { verified, steps };
}

const all = heldout(model);
if (all.length === 0) throw new Error(`no held-out puzzles in ${dir}/heldout/*.jsonl`);
const items = all.slice(0, n);
const solve = solverFor(model);
const engine = engineFor(model);
await solveAll(items.slice(0, Math.max(concurrency, 2)), solve, concurrency); // warm-up
const calls0 = engine.stats.calls;
const sampleSteps0 = engine.stats.sampleSteps;
const loop = monitorEventLoopDelay({ resolution: 1 });
const cpu0 = process.cpuUsage();
const t0 = performance.now();
loop.enable();
const { verified, steps } = await solveAll(items, solve, concurrency);
loop.disable();
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const calls = engine.stats.calls - calls0;
console.log(
  JSON.stringify({
    puzzles: items.length,
    concurrency,
    seconds,
    puzzlesPerSec: items.length / seconds,
    msPerPuzzle: (seconds * 1000) / items.length,
    cpuMsPerPuzzle: (cpu.user + cpu.system) / 1000 / items.length,
    meanSteps: steps / items.length,
    verified: verified / items.length,
    calls,
    meanBatch: (engine.stats.sampleSteps - sampleSteps0) / Math.max(1, calls),
    maxBatchSeen: engine.stats.maxBatchSeen,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    loopMaxMs: loop.max / 1e6,
    loopP99Ms: loop.percentile(99) / 1e6,
    inThread,
  }),
);
await model.dispose();
