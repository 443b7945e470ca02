/**
 * A learned-task model for tests, made on the fly: the ARC identity fixture (30x30 canvas, 10
 * colours: exactly the learned encoding of a task with grids up to 29x29) declared as a model of
 * a learned task with the `fill-enclosed` family's rule (`fill-test`). It answers every grid with the grid itself, so it is right
 * exactly on the pairs whose output equals their input.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fillEnclosedSpec } from '../../src/tasks/index.js';
import { REPO_ROOT } from './paths.js';

export const IDENTITY_FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'trm', 'arc-identity-tiny');

/** The example family whose data the model is tested on. */
export const LEARNED_FAMILY = 'fill-enclosed';

/**
 * The learned task the model declares: the family's, up to 29x29 (so its canvas is the fixture's
 * 30x30), under its own name (the shipped fill-enclosed model declares the family's task for
 * 20x20, and one process registers one spec per name).
 */
export const LEARNED_SPEC = { ...fillEnclosedSpec(29), name: 'fill-test' };

/** Writes the model into `root/<name>` and returns its folder. */
export function writeLearnedModel(root: string, name = 'fill-enclosed-identity'): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(IDENTITY_FIXTURE, 'model.onnx'), join(dir, 'model.onnx'));
  const manifest = JSON.parse(readFileSync(join(IDENTITY_FIXTURE, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, name, task: LEARNED_SPEC.name, learnedTask: LEARNED_SPEC }, null, 2) + '\n');
  return dir;
}
