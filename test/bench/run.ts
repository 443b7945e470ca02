/**
 * `npm run bench [-- solvers|trm|router|exploration|halting]`: speed tables, the router's routing
 * accuracy, what exploration costs, and the halting curves of the shipped models.
 * solvers: the exact Sudoku solver on magictour_top1465 and generated 9x9, 6x6 and 4x4 puzzles (to
 * the first solution, proving uniqueness, and the previous solver for the ratio), BFS on 30x30
 * mazes, the generators. trm: one supervision step in onnxruntime-node against the
 * PyTorch reference (tools/bench_trm.py) on random-weight S=81 (MLP mixer) and 30x30 (attention)
 * models at D=128 (batch 1/16/64) and paper scale D=512 (+ int8 copies); the shipped models'
 * ms per puzzle at their default halting, and their throughput with 1, 4, 32 and 128 requests in flight.
 * gateway: POST /v1/solve under 100+ concurrent connections for 30 s (see gateway.ts; options
 * `--duration S --connections N`).
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { dataFile } from '../support/paths.js';
import { generateMaze, solveMaze } from '../../src/tasks/maze/index.js';
import { countSolutions, generateSudoku, solveSudoku, sudoku } from '../../src/tasks/sudoku/index.js';
import type { SudokuGrid } from '../../src/tasks/sudoku/index.js';
import { searchSudoku } from '../../src/tasks/sudoku/solve-search.js';
import { referenceSearch } from '../support/sudoku-reference-solver.js';
import { measure, measureBest, printTable } from './table.js';
import type { BenchRow } from './table.js';
import { benchClassifier, benchRouter, benchRoutingBench } from './router.js';
import { benchHalting } from './halting.js';
import { benchExploration } from './exploration.js';
import { benchGateway } from './gateway.js';
import {
  benchShipped,
  benchTrm,
  havePythonTorch,
  makeBenchModels,
  printProfileTable,
  printShippedTable,
  printScalingTable,
  printThroughputTable,
  printTrmTable,
  profileStep,
  stepBenchModels,
} from './trm.js';

const only = process.argv[2];
const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`trm-router bench — node ${process.version}, ${cpus().length} x ${cpu}\n`);

if (only === undefined || only === 'solvers') benchSolvers();
if (only === undefined || only === 'trm') await benchTrmSection();
if (only === undefined || only === 'gateway') await benchGateway(process.argv.slice(3));
if (only === undefined || only === 'router') await benchRouterSection();
if (only === undefined || only === 'exploration') {
  console.log('Exploration: what a solve that explores costs, its samples racing (the first that verifies ends the others) or each run to its own stop');
  console.log(await benchExploration());
  console.log('');
}
if (only === undefined || only === 'halting') {
  console.log("Halting: exact accuracy against mean supervision steps, per policy, on each shipped model's held-out data");
  console.log(await benchHalting());
}

async function benchRouterSection(): Promise<void> {
  console.log('Router: routing accuracy without an LLM on test/fixtures/router (structure and context only)');
  console.log(benchRouter());
  console.log('');
  console.log('Router: the routing benchmark (test/fixtures/routing-bench), no LLM: tuning vs held-out');
  console.log(benchRoutingBench());
  console.log('');
  console.log('Router: the classifier prompt (prompts/classify.md) on the scripted LLM server, good and bad structured replies');
  console.log(await benchClassifier());
  console.log('');
}

async function benchTrmSection(): Promise<void> {
  const torch = havePythonTorch();
  if (!torch) console.log('(no /usr/bin/python3 with torch: PyTorch columns are n/a; bench models need tools/)\n');
  const benchDir = torch ? makeBenchModels((line) => console.log(line)) : undefined;
  const models = stepBenchModels(benchDir);
  console.log('TRM: one supervision step, onnxruntime-node (TrmEngine) vs PyTorch reference, same threads, random weights');
  console.log('(d128: the scale we train on CPU, T=2 n=3; d512: paper scale, expansion 4, T=3 n=6, 16 max steps)');
  const rows = benchTrm(models, torch);
  console.log(printTrmTable(rows));
  console.log('');
  if (benchDir !== undefined) {
    const sudoku = rows.find((r) => r.model === 'sudoku-mlp-d512 int8');
    console.log(
      `TRM: where the full-size int8 Sudoku step goes (goal <= 40 ms/step at batch 1${sudoku === undefined ? '' : `; measured ${sudoku.ortMs.toFixed(1)} ms above, ${(sudoku.ortMs / 40).toFixed(2)}x the goal`})`,
    );
    const profiled = ['sudoku-mlp-d512', 'sudoku-mlp-d512-int8', 'sudoku-mlp-d512-fused-int8'];
    console.log(printProfileTable(profiled.map((name) => ({ name, profile: profileStep(join(benchDir, name)) }))));
    console.log('');
  }
  const shipped = await benchShipped();
  console.log('TRM shipped models (models/): batch 1, ms per puzzle at the default halting policy');
  console.log(printShippedTable(shipped, rows));
  console.log('');
  console.log('TRM throughput under concurrency: shipped models on their held-out puzzles');
  console.log(printThroughputTable(shipped));
  console.log('');
  console.log('TRM concurrency ceiling: ms per sample-step by ORT threads and batch (what batching and threads can gain at best)');
  console.log(printScalingTable(shipped));
  console.log('');
}

function benchSolvers(): void {
  const rows: BenchRow[] = [];

  const magictour = readFileSync(dataFile('sudoku', 'magictour_top1465.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => sudoku.parse(l));
  const generated = Array.from({ length: 300 }, (_, i) => generateSudoku({ givens: 30, seed: 1000 + i }).puzzle);
  const small = (size: 4 | 6, givens: number) => Array.from({ length: 2000 }, (_, i) => generateSudoku({ size, givens, seed: 3000 + i }).puzzle);
  const sets: [string, SudokuGrid[]][] = [
    ['magictour_top1465', magictour],
    ['generated 9x9, 30 givens', generated],
    ['generated 6x6, 9 givens', small(6, 9)],
    ['generated 4x4, 4 givens', small(4, 4)],
  ];
  for (const [, puzzles] of sets) for (const p of puzzles.slice(0, 50)) solveSudoku(p); // warm-up
  // Each set: the solver to the first solution, proving uniqueness (count to 2), and the previous
  // solver (test/support/sudoku-reference-solver.ts) in the same run, for the ratio.
  for (const [name, puzzles] of sets) {
    // Nodes and guesses from an untimed pass; the timed rows call the public API.
    const mean = (limit: number) => {
      let nodes = 0;
      let guesses = 0;
      for (const p of puzzles) {
        const r = searchSudoku(p, limit, undefined);
        nodes += r.nodes;
        guesses += r.guesses;
      }
      return `mean ${(nodes / puzzles.length).toFixed(0)} nodes, ${(guesses / puzzles.length).toFixed(1)} guesses`;
    };
    const solve = measureBest(`sudoku exact, ${name}`, puzzles.length, 5, (i) => void solveSudoku(puzzles[i]!));
    solve.note = `${mean(1)}; ${solve.note}`;
    const unique = measureBest(`  proving uniqueness (count to 2)`, puzzles.length, 5, (i) => void countSolutions(puzzles[i]!, 2));
    unique.note = `${mean(2)}; ${unique.note}`;
    let nodes = 0;
    const previous = measureBest(`  previous solver (before #19)`, puzzles.length, 5, (i) => {
      if (i === 0) nodes = 0;
      nodes += referenceSearch(puzzles[i]!, 1).nodes;
      return `mean ${(nodes / (i + 1)).toFixed(0)} nodes`;
    });
    const ratio = (solve.cpuPerSecond ?? 0) / (previous.cpuPerSecond ?? 1);
    solve.note += `; ${(solve.perSecond / previous.perSecond).toFixed(1)}x previous (${ratio.toFixed(1)}x in CPU time)`;
    rows.push(solve, unique, previous);
  }

  rows.push(
    measure('sudoku generate, 30 givens (unique)', 50, (i) => {
      generateSudoku({ givens: 30, seed: 5000 + i });
    }),
  );

  const mazes = Array.from({ length: 200 }, (_, i) => generateMaze({ rows: 30, cols: 30, minPathLength: 110, seed: 2000 + i }).puzzle);
  for (const m of mazes.slice(0, 20)) solveMaze(m);
  let pathTotal = 0;
  rows.push(
    measure('maze BFS, 30x30 (path >= 110)', mazes.length, (i) => {
      pathTotal += solveMaze(mazes[i]!).solution.path.length - 1;
      return `mean path ${(pathTotal / (i + 1)).toFixed(0)}`;
    }),
  );

  rows.push(
    measure('maze generate, 30x30 (path >= 110)', 50, (i) => {
      generateMaze({ rows: 30, cols: 30, minPathLength: 110, seed: 9000 + i });
    }),
  );

  console.log(
    `Exact solvers and generators (load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')} at the end: the machine's other work slows these rows)`,
  );
  console.log(printTable(rows));
  console.log('');
}
