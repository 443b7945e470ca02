import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The repository's `data/` folder: ARC tasks, magictour_top1465, official vectors (see data/README.md). */
export const DATA_DIR = resolve(REPO_ROOT, 'data');

/** A file under `data/`; throws when it is missing (a test must never skip for want of its data). */
export function dataFile(...parts: string[]): string {
  const path = resolve(DATA_DIR, ...parts);
  if (!existsSync(path)) throw new Error(`data file not found: ${path} (see data/README.md)`);
  return path;
}
