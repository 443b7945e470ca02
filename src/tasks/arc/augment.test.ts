import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dataFile } from '../../../test/support/paths.js';
import { InvalidInputError } from '../../core/errors.js';
import { createRng } from '../../core/random.js';
import { augmentGrid, augmentTask, augmentationName, inverseAugmentGrid, parseAugmentationName, randomAugmentation } from './augment.js';
import { formatPermutation, inversePermutation, isColourPermutation, parsePermutation, permuteColours } from './colour-permutation.js';
import type { DihedralId } from '../common/dihedral.js';
import { DIHEDRAL_IDS, dihedralTransform, inverseDihedral, inverseDihedralTransform } from '../common/dihedral.js';
import type { ArcGrid, ArcTask } from './types.js';

interface Vectors {
  dihedral: { tid: number; grid: number[][]; transformed: number[][]; inverse_tid: number }[];
  arc_aug_inverse: { name: string; original: ArcGrid; augmented: ArcGrid }[];
}

const vectors = JSON.parse(readFileSync(dataFile('vectors', 'official-encodings.json'), 'utf8')) as Vectors;

const arbGrid: fc.Arbitrary<ArcGrid> = fc.record({ rows: fc.integer({ min: 1, max: 30 }), cols: fc.integer({ min: 1, max: 30 }) }).chain(({ rows, cols }) =>
  fc.array(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: cols, maxLength: cols }), {
    minLength: rows,
    maxLength: rows,
  }),
);
const arbTid = fc.constantFrom(...DIHEDRAL_IDS);
const arbPerm = fc.shuffledSubarray([1, 2, 3, 4, 5, 6, 7, 8, 9], { minLength: 9, maxLength: 9 }).map((rest) => [0, ...rest]);

describe('dihedral transforms (official vectors)', () => {
  it('has all 8 transform ids', () => {
    expect(vectors.dihedral.map((v) => v.tid)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  for (const vector of vectors.dihedral) {
    it(`tid ${vector.tid} transforms and inverts like the official code`, () => {
      expect(dihedralTransform(vector.grid, vector.tid)).toEqual(vector.transformed);
      expect(inverseDihedral(vector.tid)).toBe(vector.inverse_tid);
      expect(inverseDihedralTransform(vector.transformed, vector.tid)).toEqual(vector.grid);
    });
  }

  it('every transform followed by its inverse gives back the grid', () => {
    fc.assert(
      fc.property(arbGrid, arbTid, (grid, tid) => {
        expect(inverseDihedralTransform(dihedralTransform(grid, tid), tid)).toEqual(grid);
      }),
      { numRuns: 400 },
    );
  });

  it('works on any cell type and rejects bad ids and ragged grids', () => {
    expect(dihedralTransform([['a', 'b']], 6)).toEqual([['a'], ['b']]);
    expect(dihedralTransform([], 1)).toEqual([]);
    expect(() => dihedralTransform([[1]], 8)).toThrow(InvalidInputError);
    expect(() => inverseDihedral(-1)).toThrow(InvalidInputError);
    expect(() => dihedralTransform([[1, 2], [3]], 1)).toThrow(/row 1/);
  });
});

describe('colour permutations', () => {
  it('formats and parses the 10-digit official notation', () => {
    expect(parsePermutation('0832597416')).toEqual([0, 8, 3, 2, 5, 9, 7, 4, 1, 6]);
    expect(formatPermutation([0, 8, 3, 2, 5, 9, 7, 4, 1, 6])).toBe('0832597416');
    expect(() => parsePermutation('0832597411')).toThrow(InvalidInputError);
    expect(() => parsePermutation('083259741')).toThrow(InvalidInputError);
    expect(isColourPermutation([0, 1, 2])).toBe(false);
  });

  it('permutation then inverse gives back the grid', () => {
    fc.assert(
      fc.property(arbGrid, arbPerm, (grid, perm) => {
        const inverse = inversePermutation(perm);
        expect(permuteColours(permuteColours(grid, perm), inverse)).toEqual(grid);
        expect(inversePermutation(inverse)).toEqual(perm);
      }),
      { numRuns: 200 },
    );
  });
});

describe('augmentations (official names and inverses)', () => {
  for (const vector of vectors.arc_aug_inverse) {
    it(`${vector.name}: augments and inverts like the official code`, () => {
      const aug = parseAugmentationName(vector.name);
      expect(augmentationName(aug.taskId, aug.tid, aug.perm)).toBe(vector.name);
      expect(augmentGrid(vector.original, aug)).toEqual(vector.augmented);
      expect(inverseAugmentGrid(vector.augmented, aug)).toEqual(vector.original);
    });
  }

  it('parses names, treating a plain task id as the identity', () => {
    expect(parseAugmentationName('007bbfb7|||t4|||0832597416')).toEqual({
      taskId: '007bbfb7',
      tid: 4,
      perm: [0, 8, 3, 2, 5, 9, 7, 4, 1, 6],
    });
    expect(parseAugmentationName('007bbfb7')).toEqual({ taskId: '007bbfb7', tid: 0, perm: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] });
    for (const bad of ['007bbfb7|||t8|||0832597416', '007bbfb7|||4|||0832597416', '007bbfb7|||t4', '|||t1|||0123456789']) {
      expect(() => parseAugmentationName(bad)).toThrow(InvalidInputError);
    }
  });

  it('full augmentation then inverseAugmentGrid gives back the grid', () => {
    fc.assert(
      fc.property(arbGrid, arbTid, arbPerm, (grid, tid: DihedralId, perm) => {
        expect(inverseAugmentGrid(augmentGrid(grid, { tid, perm }), { tid, perm })).toEqual(grid);
      }),
      { numRuns: 300 },
    );
  });

  it('draws random augmentations like the official code: tid 0..7, 0 kept fixed', () => {
    const rng = createRng(7);
    const tids = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const aug = randomAugmentation(rng);
      tids.add(aug.tid);
      expect(aug.perm[0]).toBe(0);
      expect(isColourPermutation(aug.perm)).toBe(true);
    }
    expect(tids.size).toBe(8);
    expect(randomAugmentation(createRng(3))).toEqual(randomAugmentation(createRng(3)));
  });

  it('augments every grid of a task and names it', () => {
    const task: ArcTask = {
      id: '007bbfb7',
      train: [{ input: [[0, 7, 7]], output: [[7]] }],
      test: [{ input: [[7, 0]], output: [[0, 7]] }, { input: [[7]] }],
    };
    const perm = [0, 8, 3, 2, 5, 9, 7, 4, 1, 6];
    const augmented = augmentTask(task, { tid: 4, perm });
    expect(augmented).toEqual({
      id: '007bbfb7|||t4|||0832597416',
      train: [{ input: [[4, 4, 0]], output: [[4]] }],
      test: [{ input: [[0, 4]], output: [[4, 0]] }, { input: [[4]] }],
    });
    expect(() => augmentTask(task, { tid: 4, perm: [0, 1, 1, 3, 4, 5, 6, 7, 8, 9] })).toThrow(InvalidInputError);
  });
});
