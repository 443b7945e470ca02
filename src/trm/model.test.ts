import { readFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../core/index.js';
import { editManifest, fixtureCopies, loadError } from '../../test/support/model-folders.js';
import { REPO_ROOT } from '../../test/support/paths.js';
import { readManifest } from './manifest.js';
import { loadModel } from './model.js';

const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'trm', 'sudoku-att-tiny');
const fixture = fixtureCopies(FIXTURE, ['manifest.json', 'model.onnx'], 'trm-model-');
afterAll(() => fixture.remove());
/** A copy of the fixture folder, changed by `mutate`. */
const brokenCopy = (mutate: (dir: string) => void): string => fixture.copy(mutate);

describe('loadModel', () => {
  it('loads a valid folder once and reuses the session', async () => {
    const a = await loadModel(FIXTURE);
    const b = await loadModel(FIXTURE);
    expect(a).toBe(b);
    expect(a.manifest.task).toBe('sudoku');
    expect(a.latentSize).toBe((16 + 81) * 32);
  });

  it('loads a folder afresh once its manifest.json was replaced (adapt appends identifiers), not before', async () => {
    const dir = brokenCopy(() => undefined);
    const first = await loadModel(dir);
    expect(await loadModel(dir)).toBe(first);
    // replaced by rename, as adapt and eval --record write it
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'manifest.json.tmp'), JSON.stringify({ ...m, name: 'renamed' }));
    renameSync(join(dir, 'manifest.json.tmp'), join(dir, 'manifest.json'));
    const second = await loadModel(dir);
    expect(second).not.toBe(first);
    expect(second.manifest.name).toBe('renamed');
    expect(await loadModel(dir)).toBe(second);
  });

  it('names a missing folder', async () => {
    const error = await loadError(join(fixture.scratch, 'nope'));
    expect(error.code).toBe('model_load');
    expect(error.message).toMatch(/No model manifest/);
  });

  it('rejects a truncated graph by size', async () => {
    const dir = brokenCopy((d) => truncateSync(join(d, 'model.onnx'), 1000));
    expect((await loadError(dir)).message).toMatch(/has 1000 bytes but the manifest says/);
  });

  it('rejects a graph whose sha256 does not match', async () => {
    const dir = brokenCopy((d) => {
      const bytes = readFileSync(join(d, 'model.onnx'));
      bytes[bytes.length - 10] = (bytes[bytes.length - 10]! + 1) % 256;
      writeFileSync(join(d, 'model.onnx'), bytes);
    });
    expect((await loadError(dir)).message).toMatch(/sha256 .* does not match/);
  });

  it('lists manifest fields that are wrong', async () => {
    const dir = brokenCopy((d) =>
      editManifest(d, (m) => {
        m.format = 'trm-onnx/0';
        delete m.hiddenSize;
      }),
    );
    const error = await loadError(dir);
    expect(error.message).toMatch(/format/);
    expect(error.message).toMatch(/hiddenSize/);
  });

  it('checks that the manifest is consistent with itself', async () => {
    const dir = brokenCopy((d) => editManifest(d, (m) => void (m.seqLen = 80)));
    expect((await loadError(dir)).message).toMatch(/seqLen: seqLen 80 != canvas 9x9/);
  });

  it('rejects a manifest that is not JSON', async () => {
    const dir = brokenCopy((d) => writeFileSync(join(d, 'manifest.json'), '{"format": '));
    expect((await loadError(dir)).message).toMatch(/not valid JSON/);
  });

  it('rejects a graph that is not ONNX', async () => {
    const dir = brokenCopy((d) => {
      writeFileSync(join(d, 'model.onnx'), 'not a model');
      editManifest(d, (m) => {
        const onnx = m.onnx as Record<string, unknown>;
        onnx.bytes = 11;
        onnx.sha256 = '6a7d3ac1b2f6a8b1f6b08e7e8c56d8cf28d55c2c9b1e1b2e2b6d1d3a9f0c0b1e';
      });
    });
    const error = await loadError(dir);
    expect(error.message).toMatch(/sha256|cannot load/);
  });

  it('readManifest returns the parsed manifest', async () => {
    const m = await readManifest(FIXTURE);
    expect(m.architecture.mixer).toBe('attention');
  });
});

describe('TrmModel.step input checks (before ORT)', () => {
  it.each([
    ['wrong sequence length', { inputs: new Array<number>(80).fill(1) }, /not a multiple of the sequence length 81/],
    ['token out of vocabulary', { inputs: [...new Array<number>(80).fill(1), 11] }, /token 11 .* outside the vocabulary 0..10/],
    ['batch mismatch', { batch: 2 }, /inputs has 81 values, expected 162/],
    ['puzzle id out of range', { puzzleIdentifiers: [5] }, /puzzle identifier 5/],
    ['latent size', { zH: new Float32Array(10) }, /z_H has 10 values/],
  ])('%s is a typed error', async (_name, patch, message) => {
    const model = await loadModel(FIXTURE);
    const base = {
      batch: 1,
      inputs: new Array<number>(81).fill(1),
      puzzleIdentifiers: [0],
      zH: new Float32Array(model.latentSize),
      zL: new Float32Array(model.latentSize),
      reset: [true],
    };
    const error: unknown = await model.step({ ...base, ...patch }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toMatch(message);
  });
});
