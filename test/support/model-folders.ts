/**
 * Broken and edited copies of model fixtures, for the loader's tests: a scratch folder per test
 * file, copies of a fixture's files changed by a callback, manifest edits, and the
 * `ModelLoadError` a folder must be refused with.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ModelLoadError } from '../../src/core/index.js';
import { loadModel } from '../../src/trm/model.js';

/** Makes numbered copies of one fixture's files under a scratch folder; `remove()` deletes them all. */
export function fixtureCopies(
  fixture: string,
  files: readonly string[],
  prefix: string,
): { copy(mutate?: (dir: string) => void): string; scratch: string; remove(): void } {
  const scratch = mkdtempSync(join(tmpdir(), prefix));
  let n = 0;
  return {
    scratch,
    copy(mutate = () => {}) {
      const dir = join(scratch, `m${n++}`);
      mkdirSync(dir, { recursive: true });
      for (const f of files) copyFileSync(join(fixture, f), join(dir, f));
      mutate(dir);
      return dir;
    },
    remove: () => rmSync(scratch, { recursive: true, force: true }),
  };
}

/** Rewrites `dir/manifest.json` after `edit` changed its parsed JSON in place. */
export function editManifest<M = Record<string, unknown>>(dir: string, edit: (m: M) => void): void {
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as M;
  edit(m);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
}

/** The `ModelLoadError` loading `dir` must fail with (the test fails on success or another error). */
export async function loadError(dir: string): Promise<ModelLoadError> {
  const error: unknown = await loadModel(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelLoadError);
  return error as ModelLoadError;
}
