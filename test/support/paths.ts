import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `../shared/data` beside the checkout (as laid out for sessions and CI). */
export const SHARED_DATA_DIR = resolve(REPO_ROOT, '..', 'shared', 'data');

export function sharedData(...parts: string[]): string {
  const path = resolve(SHARED_DATA_DIR, ...parts);
  if (!existsSync(path)) throw new Error(`shared data file not found: ${path}`);
  return path;
}
