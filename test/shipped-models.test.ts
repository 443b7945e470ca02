/**
 * Every model in models/: it loads (sha256 and sizes checked), its manifest says how it was
 * trained and what it scored on which held-out data, that data is in its folder, and a sample
 * of it still scores what the manifest claims through the TypeScript runtime (a broken export,
 * encoding or runtime change shows up here, not only in `trm-router eval`).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTask } from '../src/tasks/index.js';
import { generateMaze, maze } from '../src/tasks/maze/index.js';
import { arcTask } from '../src/tasks/arc/index.js';
import { evaluateArc, evaluateModel, haltLabel, listModels, loadModel, parseArcEvalData, parseEvalData, solveParsed } from '../src/trm/index.js';
import type { ModelEntry, TrmAccuracy } from '../src/trm/index.js';
import { REPO_ROOT } from './support/paths.js';

const MODELS = join(REPO_ROOT, 'models');
const entries: ModelEntry[] = await listModels(MODELS);
/**
 * Puzzles per held-out file: 64, fewer for a model with many files (about 256 per model) or a
 * default exploration (a puzzle that does not verify at once runs up to 1 + explore samples), at least 16.
 */
const sampleSize = (files: number, explore: number): number => Math.max(16, Math.floor(Math.min(64, Math.floor(256 / Math.max(1, files))) / (1 + explore / 4)));

function accuracyList(entry: ModelEntry): TrmAccuracy[] {
  const acc = entry.manifest.accuracy;
  return acc === null ? [] : Array.isArray(acc) ? acc : [acc];
}

describe('shipped models', () => {
  it('are there, each folder a valid model: at least the Sudoku model', () => {
    expect(entries.map((e) => e.manifest.task)).toContain('sudoku');
    expect(readdirSync(MODELS).filter((d) => !d.startsWith('.') && d !== 'README.md')).toHaveLength(entries.length);
  });

  describe.each(entries.map((e) => [e.manifest.name, e] as const))('%s', (_name, entry) => {
    it('records its training run, held-out accuracy with the command that measured it, and a halting policy', () => {
      const m = entry.manifest;
      const training = m.training;
      expect(training.source).toBe('trm-router training run');
      expect(training.commands).toEqual(expect.arrayContaining([expect.stringMatching(/train\.py/)]));
      expect(training.minutes).toBeGreaterThan(0);
      const list = accuracyList(entry);
      expect(list.length).toBeGreaterThan(0);
      for (const a of list) expect(a.command).toMatch(/^trm-router eval --model models\//);
      expect(m.halting?.policy).toBeDefined();
      expect(existsSync(join(entry.dir, 'README.md'))).toBe(true);
    });

    const heldoutDir = join(entry.dir, 'heldout');
    const heldout = existsSync(heldoutDir) ? readdirSync(heldoutDir).filter((f) => f.endsWith('.jsonl')) : [];
    it.each(heldout)(
      'still scores its recorded accuracy on a sample of heldout/%s',
      async (file) => {
        const dataset = file.replace(/\.jsonl$/, '');
        // the default halting policy, exactly as the manifest records it (a fixed policy may stop before the last step)
        const halting = entry.manifest.halting;
        const policy = halting?.policy ?? 'adaptive';
        const maxSteps = halting?.maxSteps ?? entry.manifest.recursion.haltMaxSteps;
        const threshold = halting?.threshold ?? 0;
        const explore = halting?.explore ?? 0;
        const halt = haltLabel({ halt: policy, threshold, maxSteps, explore });
        const recorded = accuracyList(entry).find((a) => a.dataset === dataset && a.halt === halt);
        expect(recorded, `manifest accuracy for ${dataset} with ${halt} halting`).toBeDefined();
        const model = await loadModel(entry.dir);
        const items = parseEvalData(readFileSync(join(heldoutDir, file), 'utf8'), entry.manifest.task).slice(0, sampleSize(heldout.length, explore));
        const r = await evaluateModel(model, items, { halt: policy, dataset, maxSteps, threshold, explore });
        // 3 standard deviations of a binomial around the recorded rate at this sample size, at least 10 points
        const p = recorded?.exact ?? 1;
        const slack = Math.max(0.1, 3 * Math.sqrt((p * (1 - p)) / items.length));
        expect(r.exact).toBeGreaterThanOrEqual(p - slack);
        // every cell right (the official metric) implies a verified answer, never the other way round
        expect(r.tokenExact).toBeLessThanOrEqual(r.exact);
      },
      // a model that explores by default runs up to 1 + explore samples a puzzle: 16 braided 21-30
      // mazes with the tied-maze model's 15 take about 45 s on a quiet core, twice that beside another file
      240_000,
    );

    // an ARC model's figures come from ARC JSON (challenges and solutions), not heldout/*.jsonl:
    // each recorded held-out file is scored again on the tasks the model knows (the others score 0
    // anyway); the trained-on figures (its own training tasks, twice the time) are left to `eval`
    const arcRecords = entry.manifest.task === 'arc' ? accuracyList(entry).filter((a) => a.pass2 !== undefined && !a.dataset.includes('trained-on')) : [];
    it.each(arcRecords.map((a) => [a.dataset, a] as const))(
      'still scores its recorded ARC pass@2 on %s',
      async (_dataset, recorded) => {
        const data = /--data (\S+)/.exec(recorded.command ?? '')?.[1] ?? '';
        expect(existsSync(join(REPO_ROOT, data)), `the data file of ${recorded.command}`).toBe(true);
        const solutions = join(REPO_ROOT, data.replace(/challenges(?=[^/]*$)/, 'solutions'));
        const model = await loadModel(entry.dir);
        const all = parseArcEvalData(readFileSync(join(REPO_ROOT, data), 'utf8'), readFileSync(solutions, 'utf8'));
        const known = all.filter((t) => arcTask.trm.unfit(model.manifest, t) === null);
        expect(known.length).toBe(recorded.answerable);
        const r = await evaluateArc(model, known, {
          halt: 'fixed',
          dataset: recorded.dataset,
          ...(recorded.augmentations === undefined ? {} : { augmentations: recorded.augmentations }),
        });
        // the same runtime on the same tasks: the solved count may move by one task at most
        const solved = r.pass2 * known.length;
        expect(Math.abs(solved - (recorded.pass2 ?? 0) * all.length)).toBeLessThanOrEqual(1 + 1e-9);
      },
      240_000,
    );
  });
});

// the one-path maze model itself, not one of its canvas variants nor the other maze family
const mazeModel = entries.find((e) => e.manifest.name === 'maze-conv-30x30');
const mazeVariants = entries.filter((e) => e.manifest.variantOf !== undefined && e.manifest.variantOf === mazeModel?.manifest.name);

describe.skipIf(mazeModel === undefined)('the shipped maze model through the auto solver', () => {
  const settings = { solver: 'auto' as const, modelDirs: [MODELS], threads: 1, trace: false, format: 'pretty' as const };

  it('answers a maze that fits its canvas, smaller ones included, verified', async () => {
    const side = mazeModel?.manifest.canvas.rows ?? 0;
    let byTrm = 0;
    for (let seed = 0; seed < 6; seed++) {
      const size = seed % 2 === 0 ? side : side - 3;
      const { puzzle } = generateMaze({ rows: size, cols: size, seed: 900 + seed, uniquePath: true });
      const out = await solveParsed(parseTask(maze.format(puzzle)), settings);
      expect(out.verified).toBe(true);
      if (out.provenance.kind === 'trm') byTrm++;
    }
    expect(byTrm).toBeGreaterThanOrEqual(4);
  });

  it('runs a maze on the smallest canvas it fits: a canvas variant of the same weights', async () => {
    expect(mazeVariants.length).toBeGreaterThan(0);
    for (const variant of mazeVariants) {
      const side = variant.manifest.canvas.rows;
      const { puzzle } = generateMaze({ rows: side, cols: side, seed: 950 + side, uniquePath: true });
      const out = await solveParsed(parseTask(maze.format(puzzle)), settings);
      expect(out).toMatchObject({ verified: true, provenance: { kind: 'trm', model: variant.manifest.name } });
      // the variant's weights are the model's: same parameters, same training record
      expect(variant.manifest.parameters).toBe(mazeModel?.manifest.parameters);
      const own = mazeModel?.manifest.training.commands as string[];
      expect((variant.manifest.training.commands as string[]).slice(0, own.length)).toEqual(own);
      expect(variant.manifest.training.commands).toContain(`export_onnx.py --checkpoint CKPT --canvas ${side} --variant-of ${mazeModel?.manifest.name}`);
    }
  });

  // what README's `npm run demo` says of the two example mazes
  it('answers the demo mazes: the one-path maze by the TRM, the open-area maze verified all the same', async () => {
    const read = (name: string) => readFileSync(join(REPO_ROOT, 'examples', 'puzzles', name), 'utf8');
    const unique = await solveParsed(parseTask(read('maze-30x30.txt')), settings);
    expect(unique).toMatchObject({ verified: true, provenance: { kind: 'trm', model: mazeModel?.manifest.name } });
    const open = await solveParsed(parseTask(read('maze.txt')), settings);
    expect(open.verified).toBe(true);
    if (open.provenance.kind !== 'trm') expect(open.provenance.fallbackFrom?.[0]).toMatch(/not verified/);
  });
});

// the tied-maze family answers where the one-path family's answer does not verify, on its own smallest canvas
const mixModel = entries.find((e) => e.manifest.name === 'maze-mix-conv-30x30');
const mixVariants = entries.filter((e) => e.manifest.variantOf !== undefined && e.manifest.variantOf === mixModel?.manifest.name);

describe.skipIf(mixModel === undefined)('the second opinion on small mazes with ties', () => {
  it('runs on the smallest canvas of the tied-maze family that the maze fits', async () => {
    const settings = { solver: 'trm' as const, modelDirs: [MODELS], threads: 1, trace: false, format: 'pretty' as const };
    expect(mixVariants.length).toBeGreaterThan(0);
    const smallest = [...mixVariants].sort((a, b) => a.manifest.canvas.rows - b.manifest.canvas.rows)[0];
    const side = smallest?.manifest.canvas.rows ?? 0;
    const file = join(mixModel?.dir ?? '', 'heldout', 'random-4-10.jsonl');
    const items = parseEvalData(readFileSync(file, 'utf8'), 'maze').slice(0, 24);
    const byModel = new Map<string, number>();
    for (const item of items) {
      const out = await solveParsed({ task: 'maze', puzzle: item.puzzle }, settings);
      const name = out.provenance.model ?? '?';
      if (out.verified) byModel.set(name, (byModel.get(name) ?? 0) + 1);
    }
    // mazes of sides 4-10: every answer from a canvas of at most `side`, some from the tied-maze family
    expect(byModel.get(smallest?.manifest.name ?? '')).toBeGreaterThan(0);
    expect(byModel.has('maze-mix-conv-30x30')).toBe(false);
    expect(side).toBeLessThanOrEqual(12);
  });
});
