/**
 * What a solve that explores costs, with its samples racing (the first that verifies ends the
 * others: what the solver does) and without (every sample to its own stop: the solver before).
 * Hard puzzles the first sample usually misses (magictour_top1465 on the Sudoku model, braided
 * 21-30 mazes on the tied-maze model), each model at its default halting and exploration, solved
 * one at a time (the latency a lone user sees) and all at once (a loaded server: the engine
 * batches every puzzle's samples together). Sample-steps are the ORT work; racing changes which
 * verified sample is kept, never whether one is.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TaskCodec } from '../../src/core/index.js';
import { maze } from '../../src/tasks/maze/index.js';
import { sudoku } from '../../src/tasks/sudoku/index.js';
import { TrmEngine, codecForModel, explorations, haltingPolicy, loadModel, parseEvalData, runExplorations } from '../../src/trm/index.js';
import type { TrmModel } from '../../src/trm/index.js';
import { REPO_ROOT, dataFile } from '../support/paths.js';

interface Case {
  label: string;
  model: string;
  codec: TaskCodec<unknown, unknown>;
  puzzles: unknown[];
}

function cases(count: { sudoku: number; maze: number }): Case[] {
  const magictour = readFileSync(dataFile('sudoku', 'magictour_top1465.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .slice(0, count.sudoku)
    .map((l) => sudoku.parse(l));
  const mixDir = join(REPO_ROOT, 'models', 'maze-mix-conv-30x30');
  const braid = parseEvalData(readFileSync(join(mixDir, 'heldout', 'braid-21-30.jsonl'), 'utf8'), 'maze')
    .slice(0, count.maze)
    .map((item) => item.puzzle);
  return [
    { label: `magictour_top1465, first ${magictour.length}`, model: join(REPO_ROOT, 'models', 'sudoku-9x9-mlp-small'), codec: sudoku, puzzles: magictour },
    { label: `braid-21-30 mazes, first ${braid.length}`, model: mixDir, codec: maze, puzzles: braid },
  ];
}

/** One solve as `createTrmSolver` runs it at the model's defaults: a first sample, then the exploration. */
async function solve(
  model: TrmModel,
  engine: TrmEngine,
  taskCodec: TaskCodec<unknown, unknown>,
  puzzle: unknown,
  race: boolean,
): Promise<{ verified: boolean; samples: number }> {
  const m = model.manifest;
  const codec = codecForModel(taskCodec, model);
  const stop = haltingPolicy(m.halting?.policy ?? 'adaptive', {
    maxSteps: m.halting?.maxSteps ?? m.recursion.haltMaxSteps,
    threshold: m.halting?.threshold ?? 0,
  });
  const verify = (tokens: Int32Array): boolean => {
    const v = codec.verify(puzzle, codec.decode(tokens, puzzle));
    return v.ok && v.strength === 'full';
  };
  const base = { inputs: codec.encode(puzzle), stop, verify };
  const first = await engine.run(base);
  if (first.verified === true) return { verified: true, samples: 1 };
  const more = await runExplorations(explorations(codec, puzzle, m.halting?.explore ?? 0, 0.1), engine, base, race);
  return { verified: more.some((s) => s.run.verified === true), samples: 1 + more.length };
}

export async function benchExploration(count = { sudoku: 24, maze: 12 }): Promise<string> {
  const header = ['model', 'puzzles', 'samples', 'verified', 'sample-steps/puzzle', 'ms/puzzle alone', 'ms/puzzle all at once'];
  const rows: string[][] = [];
  for (const c of cases(count)) {
    const model = await loadModel(c.model);
    for (const race of [false, true]) {
      const run = async (together: boolean) => {
        const engine = new TrmEngine(model);
        let verified = 0;
        const t0 = performance.now();
        const one = async (p: unknown) => {
          if ((await solve(model, engine, c.codec, p, race)).verified) verified++;
        };
        if (together) await Promise.all(c.puzzles.map(one));
        else for (const p of c.puzzles) await one(p);
        return { verified, sampleSteps: engine.stats.sampleSteps, ms: (performance.now() - t0) / c.puzzles.length };
      };
      const alone = await run(false);
      const together = await run(true);
      const n = c.puzzles.length;
      rows.push([
        `${model.manifest.name} (explore ${model.manifest.halting?.explore ?? 0})`,
        c.label,
        race ? 'racing' : 'each to its stop',
        `${alone.verified}/${n}`,
        (alone.sampleSteps / n).toFixed(1),
        alone.ms.toFixed(0),
        together.ms.toFixed(0),
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}
