/**
 * Writing measured figures into a model's `manifest.json` (`trm-router eval --record`): one
 * entry of the accuracy list, replacing the entry it supersedes.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TrmAccuracy } from '../manifest.js';

/** Four decimals, as the manifests record figures. */
export const round = (x: number): number => Math.round(x * 10_000) / 10_000;

/**
 * Adds `entry` to the accuracy list of `dir/manifest.json`, dropping the entries `supersedes`
 * matches; clears `accuracyNote`.
 *
 * @example
 * await writeAccuracyEntry(dir, entry, (a) => a.dataset === entry.dataset && a.halt === entry.halt);
 */
export async function writeAccuracyEntry(dir: string, entry: TrmAccuracy, supersedes: (previous: TrmAccuracy) => boolean): Promise<void> {
  const path = join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  const previous = manifest.accuracy;
  const list = (Array.isArray(previous) ? previous : previous === null || previous === undefined ? [] : [previous]) as TrmAccuracy[];
  manifest.accuracy = [...list.filter((a) => !supersedes(a)), entry];
  manifest.accuracyNote = null;
  await writeFile(path, JSON.stringify(manifest, null, 2) + '\n');
}
