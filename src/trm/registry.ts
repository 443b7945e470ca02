/**
 * Finding models: every `<dir>/<name>/manifest.json` under a models folder.
 *
 * @example
 * const models = await listModels('models');            // [{ dir, manifest }, ...]
 * const best = await findModelForTask('models', 'sudoku');
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { TaskName } from '../core/index.js';
import type { TrmManifest } from './manifest.js';
import { readManifest } from './model.js';

export interface ModelEntry {
  dir: string;
  manifest: TrmManifest;
}

/** Valid model folders under `root` (sorted by name); folders with a broken manifest are skipped. */
export async function listModels(root: string): Promise<ModelEntry[]> {
  let names: string[];
  try {
    names = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return [];
  }
  const entries: ModelEntry[] = [];
  for (const name of names.sort()) {
    const dir = join(root, name);
    try {
      entries.push({ dir, manifest: await readManifest(dir) });
    } catch {
      // not a model folder, or a broken one: loadModel(dir) explains why when asked directly
    }
  }
  return entries;
}

/** The model for `task` with the best measured exact accuracy (then the largest). */
export async function findModelForTask(root: string, task: TaskName): Promise<ModelEntry | undefined> {
  const score = (m: TrmManifest): number => {
    const acc = m.accuracy;
    if (acc === null) return -1;
    const list = Array.isArray(acc) ? acc : [acc];
    return Math.max(...list.map((a) => a.exact));
  };
  return (await listModels(root))
    .filter((e) => e.manifest.task === task)
    .sort((a, b) => score(b.manifest) - score(a.manifest) || b.manifest.parameters - a.manifest.parameters)[0];
}
