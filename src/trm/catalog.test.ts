import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test/support/paths.js';
import { maze, mazeTask } from '../tasks/maze/index.js';
import { bestModelFor, chooseModel, scanModels } from './catalog.js';
import type { ModelEntry } from './catalog.js';
import type { TrmManifest } from './manifest.js';

/** A listed maze model: name, canvas side, best measured accuracy, optional variantOf. */
function entry(name: string, side: number, exact: number, variantOf?: string): ModelEntry {
  const manifest = {
    name,
    task: 'maze',
    canvas: { rows: side, cols: side },
    seqLen: side * side,
    parameters: 201_090,
    accuracy: [{ dataset: 'x', exact }],
    ...(variantOf === undefined ? {} : { variantOf }),
  } as unknown as TrmManifest;
  return { dir: `/models/${name}`, manifest, root: '/models', origin: 'package' };
}

const mazeOf = (side: number) =>
  maze.parse(['S' + ' '.repeat(side - 1), ...Array.from({ length: side - 2 }, () => ' '.repeat(side)), ' '.repeat(side - 1) + 'G']);

describe('chooseModel with canvas variants', () => {
  // the model measures best (on its own 30x30 held-out set): without variants it would answer every maze
  const models = [entry('m-30', 30, 0.99), entry('m-12', 12, 0.97, 'm-30'), entry('m-20', 20, 0.98, 'm-30'), entry('other-30', 30, 0.5)];

  it('takes the smallest canvas of the best model that the maze fits', () => {
    const pick = (side: number) => {
      const choice = chooseModel(models, mazeTask, mazeOf(side));
      return 'entry' in choice ? choice.entry.manifest.name : choice.reason;
    };
    expect(pick(5)).toBe('m-12');
    expect(pick(12)).toBe('m-12');
    expect(pick(13)).toBe('m-20');
    expect(pick(20)).toBe('m-20');
    expect(pick(21)).toBe('m-30');
    expect(pick(30)).toBe('m-30');
  });

  it('without variants, the best measured model that fits, as before', () => {
    const plain = [entry('small', 12, 1), entry('big', 30, 0.9)];
    const choice = chooseModel(plain, mazeTask, mazeOf(8));
    expect('entry' in choice && choice.entry.manifest.name).toBe('small');
    const large = chooseModel(plain, mazeTask, mazeOf(25));
    expect('entry' in large && large.entry.manifest.name).toBe('big');
  });

  it('says why when no canvas of any model fits, naming the largest', () => {
    const choice = chooseModel([entry('m-12', 12, 1, 'm-20'), entry('m-20', 20, 0.9)], mazeTask, mazeOf(25));
    expect(choice).toEqual({ unfit: true, reason: 'model m-20 takes mazes up to 20x20, this one is 25x25' });
  });

  it('bestModelFor prefers the model to its variants, and a lone variant stands in', () => {
    // the variant measures higher (smaller mazes are easier) but takes fewer mazes
    const measured = [entry('m-30', 30, 0.9), entry('m-12', 12, 1, 'm-30')];
    expect(bestModelFor(measured, 'maze')?.manifest.name).toBe('m-30');
    expect(bestModelFor([entry('m-12', 12, 1, 'm-30')], 'maze')?.manifest.name).toBe('m-12');
  });
});

describe('scanModels', () => {
  it('lists a model folder linked into a models folder; a link to a file or nowhere is not a model', () => {
    const root = mkdtempSync(join(tmpdir(), 'linked-models-'));
    try {
      symlinkSync(join(REPO_ROOT, 'models', 'maze-mix-conv-12x12'), join(root, 'mix-12'));
      symlinkSync(join(REPO_ROOT, 'package.json'), join(root, 'a-file'));
      symlinkSync(join(root, 'nowhere'), join(root, 'dangling'));
      writeFileSync(join(root, 'notes.txt'), 'not a model');
      const { models, problems } = scanModels([root]);
      expect(models.map((m) => [m.manifest.name, m.dir])).toEqual([['maze-mix-conv-12x12', join(root, 'mix-12')]]);
      expect(problems).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
