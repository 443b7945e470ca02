/**
 * The puzzle-embedding table outside the graph (`manifest.puzzleTable`, docs/trm-onnx.md): the
 * runtime reads the rows a step needs from the file by offset. The fixture
 * test/fixtures/trm-table/sudoku-att-tiny-external is test/fixtures/trm/sudoku-att-tiny rewritten
 * by tools/export_onnx.py's externalize_table (see its README).
 */
import { openSync, closeSync, readFileSync, rmSync, truncateSync, writeFileSync, writeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../core/index.js';
import { editManifest, fixtureCopies, loadError } from '../../test/support/model-folders.js';
import { REPO_ROOT } from '../../test/support/paths.js';
import { readManifest } from './manifest.js';
import { loadModel } from './model.js';
import type { StepOutputs, TrmModel } from './model.js';

const IN_GRAPH = join(REPO_ROOT, 'test', 'fixtures', 'trm', 'sudoku-att-tiny');
const EXTERNAL = join(REPO_ROOT, 'test', 'fixtures', 'trm-table', 'sudoku-att-tiny-external');
const loaded = new Set<TrmModel>(); // loadModel caches: one model may come back twice
afterAll(async () => {
  for (const m of loaded) await m.dispose();
  copies.remove();
});

interface Reference {
  inputs: number[][];
  puzzleIdentifiers: number[];
  steps: { tokens: number[][]; qHalt: number[] }[];
}
const ref = JSON.parse(readFileSync(join(IN_GRAPH, 'reference.json'), 'utf8')) as Reference;

async function load(dir: string): Promise<TrmModel> {
  const model = await loadModel(dir);
  loaded.add(model);
  return model;
}

/** Steps from a reset over `inputs` with `ids`, latents carried. */
async function run(model: TrmModel, inputs: number[][], ids: number[], steps: number): Promise<StepOutputs[]> {
  const b = inputs.length;
  let zH: Float32Array = new Float32Array(b * model.latentSize);
  let zL: Float32Array = new Float32Array(b * model.latentSize);
  const out: StepOutputs[] = [];
  for (let s = 0; s < steps; s++) {
    const o = await model.step({ batch: b, inputs: inputs.flat(), puzzleIdentifiers: ids, zH, zL, reset: inputs.map(() => s === 0) });
    ({ zH, zL } = o);
    out.push(o);
  }
  return out;
}

const copies = fixtureCopies(EXTERNAL, ['manifest.json', 'model.onnx', 'puzzle_emb.f32', 'identifiers.json'], 'trm-table-');
/** A copy of the external fixture, changed by `mutate`. */
const copyOf = (mutate?: (dir: string) => void): string => copies.copy(mutate);

interface ManifestJson {
  puzzleTable: { rows: number; dim: number; file: string };
  [key: string]: unknown;
}

describe('a model whose puzzle-embedding table is outside the graph', () => {
  it('gives exactly the steps of the same model with the table inside', async () => {
    const [inside, outside] = [await load(IN_GRAPH), await load(EXTERNAL)];
    expect(outside.manifest.puzzleTable).toMatchObject({ rows: 2, dim: 32 });
    expect(outside.manifest.identifiers).toEqual(['<blank>', '1']);
    expect(new Set(ref.puzzleIdentifiers)).toEqual(new Set([0, 1]));
    const steps = ref.steps.length;
    const [a, b] = [await run(inside, ref.inputs, ref.puzzleIdentifiers, steps), await run(outside, ref.inputs, ref.puzzleIdentifiers, steps)];
    for (let s = 0; s < steps; s++) {
      expect(Array.from(b[s]!.qHalt)).toEqual(Array.from(a[s]!.qHalt));
      expect(b[s]!.logits).toEqual(a[s]!.logits);
      expect(b[s]!.zH).toEqual(a[s]!.zH);
    }
    // and the fixture's reference (the PyTorch float64 run): ids 0 and 1 differ, so the lookup matters
    expect(Math.abs(b[0]!.qHalt[0]! - ref.steps[0]!.qHalt[0]!)).toBeLessThan(1e-4);
    expect(ref.steps[0]!.qHalt[0]).not.toBeCloseTo(ref.steps[0]!.qHalt[1]!, 3);
  });

  it('refuses identifiers beyond the table', async () => {
    const model = await load(EXTERNAL);
    const b = 1;
    const step = model.step({
      batch: b,
      inputs: ref.inputs[0]!,
      puzzleIdentifiers: [2],
      zH: new Float32Array(model.latentSize),
      zL: new Float32Array(model.latentSize),
      reset: [true],
    });
    await expect(step).rejects.toBeInstanceOf(InvalidInputError);
    await expect(step).rejects.toMatchObject({ details: { field: 'puzzle_identifiers' } });
  });

  it('is refused when the table file is truncated, naming puzzleTable', async () => {
    const dir = copyOf((d) => truncateSync(join(d, 'puzzle_emb.f32'), 32 * 4));
    const error = await loadError(dir);
    expect(error.message).toMatch(/puzzle_emb\.f32 has 128 bytes but puzzleTable says 2 rows x 32 float32 = 256 bytes/);
    expect(error.details).toMatchObject({ field: 'puzzleTable.rows' });
  });

  it('is refused when the identifiers file names another number of rows, or is missing', async () => {
    const wrong = copyOf((d) => writeFileSync(join(d, 'identifiers.json'), JSON.stringify(['<blank>', '1', '2'])));
    const error = await loadError(wrong);
    expect(error.message).toMatch(/names 3 puzzle identifiers but puzzleTable\.rows is 2/);
    expect(error.details).toMatchObject({ field: 'puzzleTable.identifiers' });
    const missing = copyOf((d) => rmSync(join(d, 'identifiers.json')));
    expect((await loadError(missing)).details).toMatchObject({ field: 'puzzleTable.identifiers' });
    const noTable = copyOf((d) => rmSync(join(d, 'puzzle_emb.f32')));
    expect((await loadError(noTable)).details).toMatchObject({ field: 'puzzleTable.file' });
  });

  it('is refused when the manifest disagrees with itself', async () => {
    const rows = copyOf((d) => editManifest<ManifestJson>(d, (m) => void (m.puzzleTable.rows = 3)));
    expect((await loadError(rows)).message).toMatch(/puzzleTable\.rows: puzzleTable\.rows 3 != numPuzzleIdentifiers 2/);
    const dim = copyOf((d) => editManifest<ManifestJson>(d, (m) => void (m.puzzleTable.dim = 16)));
    expect((await loadError(dim)).message).toMatch(/puzzleTable\.dim 16 != architecture\.puzzleEmbNdim 32/);
    const path = copyOf((d) => editManifest<ManifestJson>(d, (m) => void (m.puzzleTable.file = '../other.f32')));
    expect((await loadError(path)).message).toMatch(/puzzleTable\.file: must be a file name inside the model folder/);
    const inline = copyOf((d) => editManifest(d, (m) => void (m.identifiers = ['<blank>', '1'])));
    expect((await loadError(inline)).message).toMatch(/identifiers: with puzzleTable the identifiers live in identifiers\.json/);
    const graph = copyOf((d) => editManifest<ManifestJson>(d, (m) => void delete (m as Partial<ManifestJson>).puzzleTable));
    expect((await loadError(graph)).message).toMatch(/onnx: graph lacks puzzle_identifiers|does not follow the TRM step contract/);
  });

  it('reads the identifiers file again only when it changed', async () => {
    const dir = copyOf();
    const first = (await readManifest(dir)).identifiers;
    expect((await readManifest(dir)).identifiers).toBe(first); // the same array: not parsed again
    // what adapt does: a row appended to the table, its name to the identifiers, the counts updated
    writeFileSync(join(dir, 'puzzle_emb.f32'), Buffer.concat([readFileSync(join(dir, 'puzzle_emb.f32')), Buffer.alloc(32 * 4)]));
    writeFileSync(join(dir, 'identifiers.json'), JSON.stringify(['<blank>', '1', 'new-task']));
    editManifest<ManifestJson>(dir, (m) => {
      m.puzzleTable.rows = 3;
      m.numPuzzleIdentifiers = 3;
    });
    expect((await readManifest(dir)).identifiers).toEqual(['<blank>', '1', 'new-task']);
  });

  it('is loaded again once rows are appended (the manifest rewritten); the earlier instance keeps its rows', async () => {
    const dir = copyOf();
    const before = await load(dir);
    expect(await load(dir)).toBe(before); // cached while the manifest is unchanged
    const row1 = readFileSync(join(dir, 'puzzle_emb.f32')).subarray(32 * 4);
    writeFileSync(join(dir, 'puzzle_emb.f32'), Buffer.concat([readFileSync(join(dir, 'puzzle_emb.f32')), row1]));
    writeFileSync(join(dir, 'identifiers.json'), JSON.stringify(['<blank>', '1', 'copy-of-1']));
    editManifest<ManifestJson>(dir, (m) => {
      m.puzzleTable.rows = 3;
      m.numPuzzleIdentifiers = 3;
    });
    const after = await load(dir);
    expect(after).not.toBe(before);
    expect(after.manifest.identifiers).toEqual(['<blank>', '1', 'copy-of-1']);
    const inputs = ref.inputs.slice(0, 1);
    const [appended, original] = [await run(after, inputs, [2], 1), await run(before, inputs, [1], 1)];
    expect(appended[0]!.logits).toEqual(original[0]!.logits);
  });

  it('reads only the rows it needs: a million-row table loads and steps, reading a few rows', async () => {
    const ROWS = 1_000_000;
    const dim = 32;
    const dir = copyOf((d) => {
      // a sparse file of ROWS rows (truncate: no disk), with fixture row 1 copied to the last row
      const row1 = readFileSync(join(EXTERNAL, 'puzzle_emb.f32')).subarray(dim * 4, 2 * dim * 4);
      truncateSync(join(d, 'puzzle_emb.f32'), ROWS * dim * 4);
      const fd = openSync(join(d, 'puzzle_emb.f32'), 'r+');
      writeSync(fd, row1, 0, row1.length, (ROWS - 1) * dim * 4);
      closeSync(fd);
      writeFileSync(join(d, 'identifiers.json'), JSON.stringify(['<blank>', ...Array.from({ length: ROWS - 1 }, (_, i) => `t${i + 1}`)]));
      editManifest<ManifestJson>(d, (m) => {
        m.puzzleTable.rows = ROWS;
        m.numPuzzleIdentifiers = ROWS;
      });
    });
    expect(statSync(join(dir, 'puzzle_emb.f32')).size).toBe(ROWS * dim * 4);
    const manifest = await readManifest(dir);
    expect(manifest.identifiers).toHaveLength(ROWS);
    const big = await load(dir);
    const small = await load(EXTERNAL);
    const inputs = ref.inputs.slice(0, 2);
    const [got, want] = [await run(big, inputs, [ROWS - 1, 0], 2), await run(small, inputs, [1, 0], 2)];
    expect(got[1]!.logits).toEqual(want[1]!.logits);
    expect(Array.from(got[1]!.qHalt)).toEqual(Array.from(want[1]!.qHalt));
    // two distinct rows, each read once (then cached): 256 bytes of a 128 MB table
    expect(big.tableReads).toEqual({ rows: 2, bytes: 2 * dim * 4 });
    expect((await load(IN_GRAPH)).tableReads).toBeUndefined();
  });
});
