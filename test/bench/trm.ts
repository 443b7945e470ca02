/**
 * TRM speed: onnxruntime-node (through TrmEngine) against the PyTorch reference, same models,
 * same machine, same run, each measurement in its own process. Bench models have random
 * weights (speed does not depend on them) and are built by tools/bench_trm.py at bench time.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths.js';

const PYTHON = '/usr/bin/python3';

export interface TrmBenchRow {
  model: string;
  batch: number;
  ortMs: number;
  ortRss: number;
  torchMs: number | undefined;
  torchRss: number | undefined;
}

interface Measurement {
  msPerStep: number;
  maxRssMb: number;
}

function json<T>(text: string): T {
  const line = text.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as T;
}

export function havePythonTorch(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import torch, onnx'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Builds the bench models (needs Python + torch); returns their folder. */
export function makeBenchModels(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trm-bench-'));
  execFileSync(PYTHON, [join(REPO_ROOT, 'tools', 'bench_trm.py'), 'make', dir], { stdio: 'ignore' });
  return dir;
}

export function benchTrm(models: { name: string; dir: string; batches: number[] }[], withTorch: boolean): TrmBenchRow[] {
  const threads = String(cpus().length);
  const rows: TrmBenchRow[] = [];
  for (const { name, dir, batches } of models) {
    if (!existsSync(join(dir, 'manifest.json'))) continue;
    for (const batch of batches) {
      const steps = batch >= 64 ? 1 : batch >= 16 ? 2 : 5;
      const ort = json<Measurement>(
        execFileSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'test', 'bench', 'trm-child.ts'), dir, String(batch), String(steps), threads], {
          cwd: REPO_ROOT,
          encoding: 'utf8',
        }),
      );
      let torch: Measurement | undefined;
      if (withTorch) {
        torch = json<Measurement>(
          execFileSync(PYTHON, [join(REPO_ROOT, 'tools', 'bench_trm.py'), 'torch', dir, '--batch', String(batch), '--steps', String(steps), '--threads', threads], {
            encoding: 'utf8',
          }),
        );
      }
      rows.push({ model: name, batch, ortMs: ort.msPerStep, ortRss: ort.maxRssMb, torchMs: torch?.msPerStep, torchRss: torch?.maxRssMb });
    }
  }
  return rows;
}

export function printTrmTable(rows: TrmBenchRow[]): string {
  const header = ['model', 'batch', 'ORT ms/step', 'ORT puzzles/s*', 'ORT peak RSS MB', 'torch ms/step', 'torch peak RSS MB', 'ORT speed-up'];
  const body = rows.map((r) => [
    r.model,
    String(r.batch),
    r.ortMs.toFixed(1),
    ((r.batch * 1000) / r.ortMs).toFixed(1),
    r.ortRss.toFixed(0),
    r.torchMs === undefined ? 'n/a' : r.torchMs.toFixed(1),
    r.torchRss === undefined ? 'n/a' : r.torchRss.toFixed(0),
    r.torchMs === undefined ? 'n/a' : `${(r.torchMs / r.ortMs).toFixed(2)}x`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ');
  return [
    line(header),
    widths.map((w) => '-'.repeat(w)).join('-|-'),
    ...body.map(line),
    '* puzzle-steps per second: divide by the supervision steps a puzzle uses (max or mean with halting).',
  ].join('\n');
}
