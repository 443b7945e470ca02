import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../test/support/paths.js';
import type { Grid } from '../../core/spec.js';
import { augmentGrid } from '../arc/augment.js';
import type { DihedralId } from '../common/dihedral.js';
import { encodeArcGrid } from '../arc/encode.js';
import { learnedCodec } from './codec.js';
import { learnedTaskSpecSchema } from './spec.js';

// Written by tools/make_fixtures.py with the Python encoder the trainer uses (tools/tasks.py).
interface VectorSet {
  spec: unknown;
  canvas: { rows: number; cols: number };
  seqLen: number;
  vocabSize: number;
  cases: { grid: Grid | string[]; tokens: number[]; colours?: Grid }[];
  augmented: { grid: Grid | string[]; tid: number; perm: number[]; grid_out: Grid | string[]; tokens_out: number[] }[];
}
const file = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'learned', 'encoding-vectors.json'), 'utf8')) as VectorSet & {
  moreSpecs: VectorSet[];
};
const sets = [file, ...file.moreSpecs];

describe('the learned-task encoding agrees with the Python trainer', () => {
  it('covers the official ARC layout, smaller canvases, fewer colours and a symbol alphabet', () => {
    expect(sets.map((s) => learnedTaskSpecSchema.parse(s.spec).name)).toEqual(['arc-official', 'fill-enclosed', 'recolour-small', 'symbol-paths']);
  });

  for (const set of sets) {
    const spec = learnedTaskSpecSchema.parse(set.spec);
    const codec = learnedCodec(spec);

    it(`${spec.name}: canvas, vocabulary and every case's tokens; decoding gives the grid back`, () => {
      expect(codec.tokens).toEqual({ seqLen: set.seqLen, vocabSize: set.vocabSize, canvas: set.canvas });
      for (const c of set.cases) {
        const puzzle = codec.parse(c.grid);
        if (c.colours !== undefined) expect(puzzle.input).toEqual(c.colours);
        expect(Array.from(codec.encode(puzzle))).toEqual(c.tokens);
        expect(codec.decode(Int32Array.from(c.tokens), puzzle)).toEqual(puzzle.input);
      }
    });

    it(`${spec.name}: augmented copies encode as the trainer's, and (colour alphabets) match the ARC augmentation`, () => {
      for (const a of set.augmented) {
        const out = codec.parse(a.grid_out);
        expect(Array.from(codec.encode(out))).toEqual(a.tokens_out);
        if (typeof a.grid[0] !== 'string') {
          const perm = [...a.perm, ...Array.from({ length: 10 - a.perm.length }, (_, i) => a.perm.length + i)]; // K < 10: the other colours stay
          expect(augmentGrid(a.grid as Grid, { tid: a.tid as DihedralId, perm })).toEqual(out.input);
        }
      }
    });
  }

  it('is encodeArcGrid exactly at N = 30, K = 10', () => {
    const codec = learnedCodec(learnedTaskSpecSchema.parse(file.spec));
    for (const c of file.cases) expect(Array.from(codec.encode(codec.parse(c.grid)))).toEqual(Array.from(encodeArcGrid(c.grid as Grid)));
  });
});
