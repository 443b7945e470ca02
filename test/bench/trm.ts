/**
 * TRM speed: onnxruntime-node (through TrmEngine) against the PyTorch reference, same models,
 * same machine, same run, each measurement in its own process (its peak RSS is its own).
 * - Bench models have random weights (speed does not depend on them) and are built by
 *   tools/bench_trm.py at bench time (fp32 exports cached in the OS temp folder, keyed by the
 *   tools' sources): the D=128 models we train on CPU and the paper-scale D=512 ones, each mixer,
 *   plus int8 copies of the D=512 ones.
 * - Shipped models (models/<name>): ms per step at batch 1, ms per puzzle at the default halting
 *   policy (x the manifest's mean steps), and throughput on their held-out puzzles with 1 (serial),
 *   4, 32 and 128 requests in flight (TrmEngine micro-batching).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { listModels } from '../../src/trm/index.js';
import type { TrmManifest } from '../../src/trm/index.js';
import { REPO_ROOT } from '../support/paths.js';

const PYTHON = '/usr/bin/python3';
/** Threads of both runtimes: all cores, or TRM_BENCH_THREADS (e.g. 1 while another job holds a core). */
const THREADS = Number(process.env.TRM_BENCH_THREADS ?? cpus().length);

/** One model of the step table. */
export interface TrmBenchModel {
  name: string;
  dir: string;
  batches: number[];
  /** Compare with this (fp32) model's ORT row instead of PyTorch (int8 copies: PyTorch has none). */
  fp32Of?: string;
  /** Most timed steps per measurement (after one warm-up step). */
  maxSteps?: number;
  /** Print this row's ms/step over that model's (same batch): ours / plain export, fused / ours. */
  ratioTo?: { model: string; label: string };
  /** No PyTorch measurement (the plain and fused exports: the same PyTorch model as ours). */
  noTorch?: boolean;
}

export interface TrmBenchRow {
  model: string;
  batch: number;
  steps: number;
  ortMs: number;
  ortRss: number;
  torchMs: number | undefined;
  torchRss: number | undefined;
  /** ORT ms/step of the fp32 model this row is a quantized copy of. */
  fp32Ms: number | undefined;
  ratioTo?: { model: string; label: string };
}

interface Measurement {
  steps: number;
  msPerStep: number;
  maxRssMb: number;
}

function json<T>(text: string): T {
  const line = text.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as T;
}

const tsx = (script: string, args: (string | number)[]): string =>
  execFileSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'test', 'bench', script), ...args.map(String)], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });

export function havePythonTorch(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import torch, onnx'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Builds the bench models (needs Python + torch); returns their folder. The fp32 exports (a minute
 * or two at paper scale) are cached in a temp folder named after a hash of the tools that make
 * them; the int8 copies are remade every run (seconds) with the current tools/quantize_onnx.py.
 */
export function makeBenchModels(log: (line: string) => void = () => undefined): string {
  const sources = [
    'tools/export_onnx.py',
    ...readdirSync(join(REPO_ROOT, 'tools', 'trm'))
      .filter((f) => f.endsWith('.py'))
      .sort()
      .map((f) => `tools/trm/${f}`),
  ];
  const hash = createHash('sha256');
  for (const s of sources) hash.update(s).update(readFileSync(join(REPO_ROOT, s)));
  // of tools/bench_trm.py, only the model table and the seed matter
  const bench = readFileSync(join(REPO_ROOT, 'tools', 'bench_trm.py'), 'utf8');
  hash.update(/^BENCH_MODELS = \{[\s\S]*?^\}$/m.exec(bench)?.[0] ?? bench).update(/manual_seed\(\d+\)/.exec(bench)?.[0] ?? '');
  const dir = join(tmpdir(), `trm-bench-models-${hash.digest('hex').slice(0, 16)}`);
  const script = join(REPO_ROOT, 'tools', 'bench_trm.py');
  const t0 = performance.now();
  if (existsSync(join(dir, '.complete'))) {
    execFileSync(PYTHON, [script, 'int8', dir], { encoding: 'utf8' });
    log(`bench models: fp32 exports reused from ${dir}, int8 copies remade in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    return dir;
  }
  const building = `${dir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  execFileSync(PYTHON, [script, 'make', building], { encoding: 'utf8' });
  writeFileSync(join(building, '.complete'), '');
  rmSync(dir, { recursive: true, force: true });
  renameSync(building, dir);
  log(`bench models: built by tools/bench_trm.py make in ${((performance.now() - t0) / 1000).toFixed(0)} s (fp32 cached in ${dir})`);
  return dir;
}

/** The step-table models: the bench models when Python + torch are here, else the tiny fixture. */
export function stepBenchModels(benchDir: string | undefined): TrmBenchModel[] {
  if (benchDir === undefined) {
    return [{ name: 'sudoku-mlp-tiny (fixture)', dir: join(REPO_ROOT, 'test', 'fixtures', 'trm', 'sudoku-mlp-tiny'), batches: [1, 16, 64] }];
  }
  const d = (name: string) => join(benchDir, name);
  // a full-size model as exported three ways (tools/bench_trm.py LAYOUT_COPIES), fp32 and int8:
  // plain torch.onnx.export, ours (the default export) and --fused
  const layouts = (base: string, label: string, maxSteps: number): TrmBenchModel[] => {
    const row = (name: string, folder: string, extra: Partial<TrmBenchModel>): TrmBenchModel => ({ name, dir: d(folder), batches: [1], maxSteps, ...extra });
    const [plain, ours, fused] = [`${base} plain export`, `${base} ${label}`, `${base} fused`];
    const [plain8, ours8, fused8] = [`${plain} int8`, `${base} int8`, `${fused} int8`];
    return [
      row(plain, `${base}-plain`, { noTorch: true }),
      row(ours, base, { ratioTo: { model: plain, label: 'ours / plain export' } }),
      row(fused, `${base}-fused`, { noTorch: true, ratioTo: { model: ours, label: 'fused / ours' } }),
      row(plain8, `${base}-plain-int8`, { fp32Of: plain }),
      row(ours8, `${base}-int8`, { fp32Of: ours, ratioTo: { model: plain8, label: 'ours / plain export' } }),
      row(fused8, `${base}-fused-int8`, { fp32Of: fused, ratioTo: { model: ours8, label: 'fused / ours' } }),
    ];
  };
  return [
    { name: 'sudoku-mlp-d128 (S=81)', dir: d('sudoku-mlp-d128'), batches: [1, 16, 64] },
    { name: 'maze-att-d128 (30x30)', dir: d('maze-att-d128'), batches: [1, 16, 64] },
    ...layouts('sudoku-mlp-d512', '(S=81)', 8),
    ...layouts('maze-att-d512', '(30x30)', 2),
    { name: 'maze-conv-d512 (30x30)', dir: d('maze-conv-d512'), batches: [1], maxSteps: 2 },
    { name: 'maze-conv-d512 int8', dir: d('maze-conv-d512-int8'), batches: [1], maxSteps: 2, fp32Of: 'maze-conv-d512 (30x30)' },
  ];
}

/** Timed steps: up to `max`, ending after the first step past ~3 s (one step when a step is slow). */
const BUDGET_MS = 3000;
const stepsFor = (batch: number, max: number | undefined) => Math.min(max ?? 8, batch >= 64 ? 1 : batch >= 16 ? 2 : 8);

export function benchTrm(models: TrmBenchModel[], withTorch: boolean): TrmBenchRow[] {
  const rows: TrmBenchRow[] = [];
  for (const { name, dir, batches, fp32Of, maxSteps, ratioTo, noTorch } of models) {
    if (!existsSync(join(dir, 'manifest.json'))) continue;
    for (const batch of batches) {
      const steps = stepsFor(batch, maxSteps);
      const warmup = batch >= 16 ? 1 : batch;
      const ort = json<Measurement>(tsx('trm-child.ts', [dir, batch, steps, THREADS, BUDGET_MS, warmup]));
      let torch: Measurement | undefined;
      if (withTorch && fp32Of === undefined && noTorch !== true) {
        const args = ['torch', dir, '--batch', batch, '--steps', steps, '--threads', THREADS, '--budget-ms', BUDGET_MS, '--warmup-batch', warmup];
        torch = json<Measurement>(execFileSync(PYTHON, [join(REPO_ROOT, 'tools', 'bench_trm.py'), ...args.map(String)], { encoding: 'utf8' }));
      }
      const base = fp32Of === undefined ? undefined : rows.find((r) => r.model === fp32Of && r.batch === batch);
      rows.push({
        model: name,
        batch,
        steps: ort.steps,
        ortMs: ort.msPerStep,
        ortRss: ort.maxRssMb,
        torchMs: torch?.msPerStep,
        torchRss: torch?.maxRssMb,
        fp32Ms: base?.ortMs,
        ...(ratioTo === undefined ? {} : { ratioTo }),
      });
    }
  }
  return rows;
}

function table(header: string[], body: string[][], notes: string[] = []): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line), ...notes].join('\n');
}

const f1 = (x: number | undefined) => (x === undefined ? 'n/a' : x.toFixed(1));

export function printTrmTable(rows: TrmBenchRow[]): string {
  const header = [
    'model',
    'batch',
    'ORT ms/step',
    'ORT puzzle-steps/s*',
    'ORT peak RSS MB',
    'torch ms/step',
    'torch peak RSS MB',
    'ORT speed-up',
    'ms/step ratio',
  ];
  const body = rows.map((r) => [
    r.model,
    String(r.batch),
    r.ortMs.toFixed(1),
    ((r.batch * 1000) / r.ortMs).toFixed(1),
    r.ortRss.toFixed(0),
    f1(r.torchMs),
    r.torchRss === undefined ? 'n/a' : r.torchRss.toFixed(0),
    r.torchMs !== undefined
      ? `${(r.torchMs / r.ortMs).toFixed(2)}x vs torch`
      : r.fp32Ms !== undefined
        ? `${(r.fp32Ms / r.ortMs).toFixed(2)}x vs fp32 ORT`
        : 'n/a',
    ratioCell(r, rows),
  ]);
  return table(header, body, [
    '* divide by the supervision steps a puzzle uses (max, or mean with halting). int8: tools/quantize_onnx.py',
    '  --precision int8 copies (ORT only; speed-up vs the fp32 ORT row). Each row: one warm-up step',
    `  (at batch 1 for batch >= 16), then up to 8 timed steps (fewer past ${BUDGET_MS / 1000} s; 1 at batch 64); ${THREADS} threads for both.`,
    'plain export: torch.onnx.export of TRM.step as written (no layout patches, no dedupe); ours: tools/export_onnx.py;',
    '  fused: export_onnx.py --fused (ORT contrib kernels). ms/step ratio < 1: this row is faster. Same run, same machine;',
    `  load average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}.`,
  ]);
}

function ratioCell(r: TrmBenchRow, rows: TrmBenchRow[]): string {
  if (r.ratioTo === undefined) return '';
  const other = rows.find((o) => o.model === r.ratioTo?.model && o.batch === r.batch);
  return other === undefined ? 'n/a' : `${(r.ortMs / other.ortMs).toFixed(2)} ${r.ratioTo.label}`;
}

// ---------------------------------------------------------------------------------------------
// shipped models

export interface ShippedRow {
  name: string;
  manifest: TrmManifest;
  msPerStep: number;
  rssMb: number;
  /** Mean supervision steps of the default halting policy, as recorded in the manifest. */
  meanSteps: number | undefined;
  policy: string;
  /** One run per entry of `IN_FLIGHT`, the first serial. */
  throughput?: Throughput[];
  /** The same at 32 in flight with the ORT session on the main thread (`loadModel(dir, {worker: false})`). */
  inThread?: Throughput;
  /** ms per sample-step by ORT threads and batch: what concurrency can gain at best on this machine. */
  scaling?: Scaling;
  note?: string;
}

export interface Scaling {
  /** The batch the engine's defaults allow for this model (at most 32 here). */
  batch: number;
  threads: number;
  /** ms per sample-step: [1 thread batch 1, 1 thread batch `batch`, `threads` threads batch 1, `threads` threads batch `batch`]. */
  oneThreadSerial: number;
  oneThreadBatched: number;
  serial: number;
  batched: number;
}

export interface Throughput {
  puzzles: number;
  concurrency: number;
  seconds: number;
  puzzlesPerSec: number;
  msPerPuzzle: number;
  cpuMsPerPuzzle: number;
  meanSteps: number;
  verified: number;
  calls: number;
  meanBatch: number;
  maxBatchSeen: number;
  maxRssMb: number;
  /** Longest event-loop delay while solving (ms, 1 ms resolution) and its 99th percentile. */
  loopMaxMs: number;
  loopP99Ms: number;
  inThread: boolean;
}

/** Requests in flight for the throughput table; the first is serial. */
export const IN_FLIGHT = [1, 4, 32, 128];

/** `halting.chosenOn` of a manifest (recorded by `trm-router eval --curves --record`; not in the schema). */
function chosenOn(m: TrmManifest): { dataset?: string; meanSteps?: number } {
  const c = (m.halting as { chosenOn?: unknown } | undefined)?.chosenOn;
  if (typeof c !== 'object' || c === null) return {};
  const { dataset, meanSteps } = c as Record<string, unknown>;
  return {
    ...(typeof dataset === 'string' ? { dataset } : {}),
    ...(typeof meanSteps === 'number' ? { meanSteps } : {}),
  };
}

function hasHeldout(dir: string): boolean {
  try {
    return readdirSync(join(dir, 'heldout')).some((f) => f.endsWith('.jsonl'));
  } catch {
    return false;
  }
}

/** Shipped models: ms/step at batch 1, then throughput on held-out puzzles at each `IN_FLIGHT`. */
export async function benchShipped(): Promise<ShippedRow[]> {
  const rows: ShippedRow[] = [];
  for (const { dir, manifest: m } of await listModels(join(REPO_ROOT, 'models'))) {
    const step = json<Measurement>(tsx('trm-child.ts', [dir, 1, 200, THREADS, 2000]));
    const policy =
      m.halting === undefined
        ? `adaptive, max ${m.recursion.haltMaxSteps} (no halting in manifest)`
        : `${m.halting.policy}, max ${m.halting.maxSteps ?? m.recursion.haltMaxSteps}`;
    const row: ShippedRow = { name: m.name, manifest: m, msPerStep: step.msPerStep, rssMb: step.maxRssMb, meanSteps: chosenOn(m).meanSteps, policy };
    if (hasHeldout(dir)) {
      // ~8 s of serial solving, 128..512 puzzles (a multiple of 32), the same puzzles both ways
      const perPuzzle = step.msPerStep * (row.meanSteps ?? m.recursion.haltMaxSteps);
      const n = Math.max(128, Math.min(512, Math.floor(8000 / perPuzzle / 32) * 32));
      row.throughput = IN_FLIGHT.map((c) => json<Throughput>(tsx('trm-throughput-child.ts', [dir, n, c, THREADS])));
      row.inThread = json<Throughput>(tsx('trm-throughput-child.ts', [dir, n, 32, THREADS, '--in-thread']));
      row.scaling = measureScaling(dir, m.seqLen);
    } else {
      row.note = `no held-out puzzles in ${dir}/heldout`;
    }
    rows.push(row);
  }
  return rows;
}

/**
 * ms per sample-step at batch 1 and at the engine's batch, with 1 ORT thread and with all of
 * them: the ceiling of what concurrency can gain. Serial solving runs batch 1 on every thread; the
 * best any scheme can do with many requests is the cheaper of one batched call on every thread and
 * one single-thread batched call per core side by side (ideal, no memory contention).
 */
export function measureScaling(dir: string, seqLen: number): Scaling {
  const batch = Math.max(1, Math.min(32, Math.floor(4096 / seqLen)));
  const perSample = (b: number, threads: number) => json<Measurement>(tsx('trm-child.ts', [dir, b, 200, threads, 1500])).msPerStep / b;
  return {
    batch,
    threads: THREADS,
    oneThreadSerial: perSample(1, 1),
    oneThreadBatched: perSample(batch, 1),
    serial: perSample(1, THREADS),
    batched: perSample(batch, THREADS),
  };
}

/** The best throughput gain over serial that batching and threads allow, from a `Scaling`. */
export function concurrencyCeiling(s: Scaling): number {
  return s.serial / Math.min(s.batched, s.oneThreadBatched / s.threads, s.oneThreadSerial / s.threads);
}

export function printScalingTable(rows: ShippedRow[]): string {
  const header = [
    'model',
    'batch',
    'ms/sample-step 1 thread, batch 1',
    '1 thread, batched',
    `${THREADS} threads, batch 1 (serial)`,
    `${THREADS} threads, batched`,
    'ceiling x serial',
    'measured x serial at 32 in flight',
  ];
  const body = rows
    .filter((r) => r.scaling !== undefined)
    .map((r) => {
      const s = r.scaling as Scaling;
      const serial = r.throughput?.[0];
      const at32 = r.throughput?.find((t) => t.concurrency === 32);
      return [
        r.name,
        String(s.batch),
        s.oneThreadSerial.toFixed(2),
        s.oneThreadBatched.toFixed(2),
        s.serial.toFixed(2),
        s.batched.toFixed(2),
        `${concurrencyCeiling(s).toFixed(2)}x`,
        serial === undefined || at32 === undefined ? 'n/a' : `${(at32.puzzlesPerSec / serial.puzzlesPerSec).toFixed(2)}x`,
      ];
    });
  return table(header, body, [
    'Why concurrency cannot reach 1.5x serial here: a step is compute-bound already at batch 1 (1 thread, batched costs about what',
    '1 thread, batch 1 does per sample), so batching saves only per-call overhead; the rest of any gain is the threads that serial',
    `solving leaves idle (${THREADS} threads at batch 1 vs ${THREADS} x 1 thread). Ceiling = serial / the cheapest of (${THREADS} threads batched,`,
    `1 thread batched / ${THREADS}, 1 thread batch 1 / ${THREADS}): ideal side-by-side single-thread sessions, no memory contention.`,
  ]);
}

/** ms/step at batch 1 and ms/puzzle at the default halting policy, with projections for the full-size rows. */
export function printShippedTable(rows: ShippedRow[], full: TrmBenchRow[]): string {
  const header = ['model', 'params', 'ORT ms/step (batch 1)', 'default halting', 'mean steps (manifest)', 'ms/puzzle (ms/step x mean steps)'];
  const body = rows.map((r) => [
    r.name,
    `${(r.manifest.parameters / 1e6).toFixed(2)}M`,
    r.msPerStep.toFixed(1),
    r.policy,
    r.meanSteps === undefined ? 'n/a' : `${r.meanSteps.toFixed(2)} (${chosenOn(r.manifest).dataset ?? '?'})`,
    r.meanSteps === undefined ? 'n/a' : (r.msPerStep * r.meanSteps).toFixed(1),
  ]);
  const notes: string[] = [];
  const sudokuRef = rows.find((r) => r.manifest.task === 'sudoku' && r.meanSteps !== undefined);
  const paper = full.filter((r) => r.batch === 1 && r.model.includes('d512') && !/plain|fused/.test(r.model));
  if (paper.length > 0) {
    if (sudokuRef?.meanSteps === undefined) {
      notes.push('(no shipped Sudoku model with a recorded default halting policy: no projection for the full-size models)');
    } else {
      notes.push(
        `Projection, not a measurement: full-size random-weight models at batch 1, ms/step x ${sudokuRef.meanSteps.toFixed(2)} mean steps` +
          ` (${sudokuRef.name}'s default policy, ${sudokuRef.policy}; a trained full-size model halts differently):`,
      );
      for (const r of paper) {
        notes.push(
          `  ${r.model}: ${r.ortMs.toFixed(1)} ms/step x ${sudokuRef.meanSteps.toFixed(2)} = ~${(r.ortMs * sudokuRef.meanSteps).toFixed(0)} ms/puzzle`,
        );
      }
    }
  }
  return table(header, body, notes);
}

export function printThroughputTable(rows: ShippedRow[]): string {
  const header = [
    'model',
    'in flight',
    'puzzles',
    'puzzles/s',
    'x serial (goal >= 1.5 at 32)',
    'mean batch',
    'CPU ms/puzzle',
    'peak RSS MB',
    'x serial (goal <= 1.5)',
    'verified',
    'mean steps',
    'event loop max / p99 ms',
  ];
  const body: string[][] = [];
  for (const r of rows) {
    const serial = r.throughput?.[0];
    if (r.throughput === undefined || serial === undefined) {
      body.push([r.name, r.note ?? 'n/a', '', '', '', '', '', '', '', '', '', '']);
      continue;
    }
    for (const t of [...r.throughput, ...(r.inThread === undefined ? [] : [r.inThread])]) {
      body.push([
        r.name,
        t.inThread ? `${t.concurrency} (ORT on the main thread)` : String(t.concurrency),
        String(t.puzzles),
        t.puzzlesPerSec.toFixed(1),
        `${(t.puzzlesPerSec / serial.puzzlesPerSec).toFixed(2)}x`,
        t.meanBatch.toFixed(1),
        t.cpuMsPerPuzzle.toFixed(1),
        t.maxRssMb.toFixed(0),
        `${(t.maxRssMb / serial.maxRssMb).toFixed(2)}x`,
        `${(t.verified * 100).toFixed(1)}%`,
        t.meanSteps.toFixed(2),
        `${t.loopMaxMs.toFixed(1)} / ${t.loopP99Ms.toFixed(1)}`,
      ]);
    }
  }
  return table(header, body, [
    `Held-out puzzles (models/<name>/heldout/*.jsonl, files interleaved), createTrmSolver with the manifest's default halting,`,
    `one TrmEngine (default options: at most 64 samples and 4096 tokens in one ORT call), ${THREADS} ORT threads; 1 in flight = one request at a time.`,
    `Event loop: the longest and 99th-percentile delay of Node's event loop while solving (perf_hooks monitorEventLoopDelay, 1 ms`,
    `resolution), i.e. how long a gateway request or timer waits behind a step. ORT runs in a worker thread by default; the`,
    `"ORT on the main thread" row is loadModel(dir, {worker: false}) at 32 in flight, where each step holds the loop.`,
    `CPU ms/puzzle: process CPU time per puzzle (all threads, ORT spin-waiting included). Load average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}.`,
  ]);
}

// ---------------------------------------------------------------------------------------------
// where the time of a full-size step goes

interface Profile {
  steps: number;
  msPerStep: number;
  ops: { op: string; ms: number; calls: number }[];
}

/** ORT's own profile (enableProfiling) of a model's batch-1 step: kernel time per op type. */
export function profileStep(dir: string, steps = 3): Profile {
  return json<Profile>(tsx('trm-profile-child.ts', [dir, steps, THREADS]));
}

/** One column per profiled model: ms per step per op type, and its share of the kernel time. */
export function printProfileTable(profiles: { name: string; profile: Profile }[]): string {
  const ops = [...new Set(profiles.flatMap((p) => p.profile.ops.map((o) => o.op)))];
  const total = (p: Profile) => p.ops.reduce((s, o) => s + o.ms, 0);
  const msOf = (p: Profile, op: string) => p.ops.find((o) => o.op === op)?.ms ?? 0;
  ops.sort((a, b) => Math.max(...profiles.map((p) => msOf(p.profile, b))) - Math.max(...profiles.map((p) => msOf(p.profile, a))));
  const header = ['op type (kernel)', ...profiles.map((p) => `${p.name} ms/step (share, calls)`)];
  const body = ops.map((op) => [
    op,
    ...profiles.map(({ profile: p }) => {
      const o = p.ops.find((x) => x.op === op);
      return o === undefined ? '-' : `${o.ms.toFixed(1)} (${((100 * o.ms) / total(p)).toFixed(0)}%, ${o.calls.toFixed(0)})`;
    }),
  ]);
  body.push(['all kernels', ...profiles.map(({ profile: p }) => `${total(p).toFixed(1)} (of ${p.msPerStep.toFixed(1)} ms/step wall)`)]);
  return table(header, body, [
    `ORT 1.30 CPU provider, batch 1, ${THREADS} threads, session options of loadModel + enableProfiling (test/bench/trm-profile-child.ts):`,
    '  kernel time per op type after graph optimization (ORT fuses DynamicQuantizeLinear + MatMulInteger into',
    '  MatMulIntegerToFloat / DynamicQuantizeMatMul, Sigmoid + Mul into QuickGelu = SiLU), mean over the timed steps.',
  ]);
}
