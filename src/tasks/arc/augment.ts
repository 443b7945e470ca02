/**
 * ARC augmentations as in the official TRM data (dataset/build_arc_dataset.py): a dihedral
 * transform and a colour permutation (0 kept fixed), named in puzzle identifiers as
 * `<task>|||t<tid>|||<10-digit mapping>`. The forward map recolours then transforms; the
 * inverse undoes the transform then the recolouring (the two commute, since recolouring acts
 * cell by cell and the transform only moves cells).
 */
import type { Rng } from '../../core/random.js';
import { InvalidInputError } from '../../core/errors.js';
import type { ColourPermutation } from './colour-permutation.js';
import {
  IDENTITY_PERMUTATION,
  formatPermutation,
  inversePermutation,
  parsePermutation,
  permuteColours,
  randomColourPermutation,
  validateColourPermutation,
} from './colour-permutation.js';
import type { DihedralId } from '../common/dihedral.js';
import { dihedralTransform, inverseDihedralTransform, isDihedralId } from '../common/dihedral.js';
import type { ArcGrid, ArcTask } from './types.js';

/** Separator of the parts of an augmented puzzle identifier. */
export const ARC_AUG_SEPARATOR = '|||';

/** One augmentation: official dihedral id and colour permutation (`perm[c]` = new colour of c). */
export interface ArcAugmentation {
  tid: DihedralId;
  perm: ColourPermutation;
}

/** The augmentation that changes nothing. */
export const IDENTITY_AUGMENTATION: ArcAugmentation = Object.freeze({ tid: 0, perm: IDENTITY_PERMUTATION });

function requireAugmentation(aug: ArcAugmentation): void {
  if (!isDihedralId(aug.tid)) {
    throw new InvalidInputError(`Augmentation tid must be an integer 0..7, got ${String(aug.tid)}`, { field: 'tid' });
  }
  validateColourPermutation(aug.perm, 'perm');
}

/**
 * The official puzzle identifier of an augmented task.
 *
 * @example
 * augmentationName('007bbfb7', 4, [0, 8, 3, 2, 5, 9, 7, 4, 1, 6]); // '007bbfb7|||t4|||0832597416'
 */
export function augmentationName(id: string, tid: number, perm: ColourPermutation): string {
  requireAugmentation({ tid: tid as DihedralId, perm });
  return `${id}${ARC_AUG_SEPARATOR}t${tid}${ARC_AUG_SEPARATOR}${formatPermutation(perm)}`;
}

/**
 * Reads an official puzzle identifier. A name without `|||` is an unaugmented task (identity),
 * as in the official evaluator; a malformed augmented name throws `InvalidInputError`.
 *
 * @example
 * parseAugmentationName('007bbfb7|||t4|||0832597416');
 * // { taskId: '007bbfb7', tid: 4, perm: [0, 8, 3, 2, 5, 9, 7, 4, 1, 6] }
 */
export function parseAugmentationName(name: string): ArcAugmentation & { taskId: string } {
  if (!name.includes(ARC_AUG_SEPARATOR)) return { taskId: name, tid: 0, perm: [...IDENTITY_PERMUTATION] };
  const parts = name.split(ARC_AUG_SEPARATOR);
  const [taskId, tidText, permText] = parts;
  const tidMatch = /^t([0-7])$/.exec(tidText ?? '');
  if (parts.length !== 3 || taskId === undefined || taskId === '' || tidMatch === null || permText === undefined) {
    throw new InvalidInputError(`Augmented ARC puzzle name must look like "<task>|||t<0..7>|||<10-digit colour mapping>", got "${name}"`, { field: 'name' });
  }
  return { taskId, tid: Number(tidMatch[1]) as DihedralId, perm: parsePermutation(permText, 'name') };
}

/**
 * A random augmentation drawn like the official one: a uniform transform id 0..7 and a colour
 * permutation of 1..9 with 0 fixed.
 *
 * @example
 * const aug = randomAugmentation(createRng(42));
 */
export function randomAugmentation(rng: Rng): ArcAugmentation {
  const tid = rng.int(8) as DihedralId;
  return { tid, perm: randomColourPermutation(rng) };
}

/**
 * Applies an augmentation to one grid: recolour, then transform.
 *
 * @example
 * augmentGrid([[0, 7, 7]], { tid: 4, perm: [0, 8, 3, 2, 5, 9, 7, 4, 1, 6] }); // [[4, 4, 0]]
 */
export function augmentGrid(grid: readonly (readonly number[])[], aug: ArcAugmentation): ArcGrid {
  requireAugmentation(aug);
  return dihedralTransform(permuteColours(grid, aug.perm), aug.tid);
}

/**
 * Maps a grid predicted for an augmented task back to the original task: the inverse
 * transform, then the inverse colour mapping. Works on any grid, including an empty one.
 *
 * @example
 * inverseAugmentGrid([[4, 4, 0]], { tid: 4, perm: [0, 8, 3, 2, 5, 9, 7, 4, 1, 6] }); // [[0, 7, 7]]
 */
export function inverseAugmentGrid(grid: readonly (readonly number[])[], aug: ArcAugmentation): ArcGrid {
  requireAugmentation(aug);
  return permuteColours(inverseDihedralTransform(grid, aug.tid), inversePermutation(aug.perm));
}

/**
 * Applies an augmentation to every grid of a task (train pairs, test inputs and known test
 * outputs). A task with an `id` gets the augmented puzzle identifier as its id.
 *
 * @example
 * const augmented = augmentTask(task, { tid: 4, perm: [0, 8, 3, 2, 5, 9, 7, 4, 1, 6] });
 * augmented.id; // '007bbfb7|||t4|||0832597416' for task '007bbfb7'
 */
export function augmentTask(task: ArcTask, aug: ArcAugmentation): ArcTask {
  requireAugmentation(aug);
  const map = (grid: ArcGrid): ArcGrid => augmentGrid(grid, aug);
  const augmented: ArcTask = {
    train: task.train.map((pair) => ({ input: map(pair.input), output: map(pair.output) })),
    test: task.test.map((item) => (item.output === undefined ? { input: map(item.input) } : { input: map(item.input), output: map(item.output) })),
  };
  return task.id === undefined ? augmented : { id: augmentationName(task.id, aug.tid, aug.perm), ...augmented };
}
