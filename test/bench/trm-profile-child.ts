/**
 * Where the time of one TRM step goes, in its own process:
 *   tsx test/bench/trm-profile-child.ts MODEL_DIR STEPS THREADS
 * runs STEPS steps at batch 1 (after one warm-up step) in an onnxruntime-node session with the
 * session options of loadModel plus enableProfiling, parses ORT's JSON profile (chrome trace
 * format: one "Node" event per kernel run, args.op_name its op type) and prints
 * {"steps", "msPerStep", "ops": [{"op", "ms", "calls"}]} per step, the largest first. The
 * profiler's own overhead makes msPerStep a little larger than an unprofiled run's.
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';

const [dir, stepsArg, threadsArg] = process.argv.slice(2);
if (dir === undefined) throw new Error('usage: trm-profile-child MODEL_DIR STEPS THREADS');
const steps = Number(stepsArg ?? 3);
const threads = Number(threadsArg ?? 0);
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
  seqLen: number;
  vocabSize: number;
  puzzleEmbLen: number;
  hiddenSize: number;
  onnx: { file: string };
};
const prefix = join(tmpdir(), `trm-profile-${process.pid}`);
const session = await ort.InferenceSession.create(join(dir, manifest.onnx.file), {
  graphOptimizationLevel: 'all',
  executionMode: 'sequential',
  enableCpuMemArena: true,
  enableMemPattern: true,
  enableProfiling: true,
  profileFilePrefix: prefix,
  ...(threads ? { intraOpNumThreads: threads, interOpNumThreads: 1 } : {}),
});
const { seqLen: S, vocabSize: V, puzzleEmbLen: P, hiddenSize: D } = manifest;
const inputs = BigInt64Array.from({ length: S }, (_, i) => BigInt(1 + ((i * 7) % (V - 1))));
let zH: Float32Array = new Float32Array((P + S) * D);
let zL: Float32Array = new Float32Array((P + S) * D);
const step = async (reset: boolean) => {
  const out = await session.run({
    inputs: new ort.Tensor('int64', inputs, [1, S]),
    puzzle_identifiers: new ort.Tensor('int64', BigInt64Array.from([0n]), [1]),
    z_H: new ort.Tensor('float32', zH, [1, P + S, D]),
    z_L: new ort.Tensor('float32', zL, [1, P + S, D]),
    reset: new ort.Tensor('bool', Uint8Array.from([reset ? 1 : 0]), [1]),
  });
  zH = out.z_H_next?.data as Float32Array;
  zL = out.z_L_next?.data as Float32Array;
};
await step(true); // warm-up
const t0 = performance.now();
for (let i = 0; i < steps; i++) await step(false);
const msPerStep = (performance.now() - t0) / steps;
session.endProfiling(); // onnxruntime-node returns no name: ORT writes PREFIX_<date>.json
await session.release();
const base = `trm-profile-${process.pid}`;
const found = readdirSync(tmpdir()).filter((f) => f.startsWith(base) && f.endsWith('.json'));
if (found.length !== 1) throw new Error(`expected one ORT profile ${base}*.json in ${tmpdir()}, found ${found.length}`);
const file = join(tmpdir(), found[0] ?? '');
interface TraceEvent {
  cat?: string;
  name?: string;
  dur?: number;
  args?: { op_name?: string };
}
const events = JSON.parse(readFileSync(file, 'utf8')) as TraceEvent[];
rmSync(file, { force: true });
// kernel time per op type; the first (warm-up) run is in the trace too: keep the last `steps` runs
const runs = events.filter((e) => e.cat === 'Session' && e.name === 'model_run');
const per = new Map<string, { us: number; calls: number }>();
const nodes = events.filter((e) => e.cat === 'Node' && e.name?.endsWith('_kernel_time') === true);
const perRun = nodes.length / Math.max(1, runs.length);
for (const e of nodes.slice(Math.round(perRun))) {
  const op = e.args?.op_name ?? '?';
  const o = per.get(op) ?? { us: 0, calls: 0 };
  o.us += e.dur ?? 0;
  o.calls += 1;
  per.set(op, o);
}
const ops = [...per.entries()].map(([op, o]) => ({ op, ms: o.us / 1000 / steps, calls: o.calls / steps })).sort((a, b) => b.ms - a.ms);
console.log(JSON.stringify({ steps, msPerStep, ops }));
