/**
 * Finding models: every `<root>/<name>/manifest.json` under the model folders, the package's
 * own `models/` first (wherever npm installed it), then the user's folders; a user's model of
 * the same name takes the place of the package's. A manifest that declares a learned task
 * registers that task. And choosing one: for a puzzle, the best measured model that can answer
 * it.
 *
 * @example
 * const { models } = scanModels(defaultModelDirs(['my-models']));  // [{ dir, manifest, origin }, ...]
 * const choice = chooseModel(models, getTask('sudoku'), puzzle);    // { entry } or { reason }
 */
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PACKAGE_MODELS_DIR } from '../core/package-paths.js';
import type { TaskDefinition } from '../core/task.js';
import { registerLearnedTask } from '../tasks/index.js';
import { parseManifest } from './manifest.js';
import type { TrmManifest } from './manifest.js';

export interface ModelEntry {
  /** The model folder. */
  dir: string;
  manifest: TrmManifest;
  /** The models folder it was found in. */
  root: string;
  /** `package`: shipped with trm-router; `user`: from a folder the user named. */
  origin: 'package' | 'user';
}

/** A folder under a models root that is not a usable model, and why. */
export interface ModelProblem {
  dir: string;
  error: string;
}

export interface ModelScan {
  models: ModelEntry[];
  problems: ModelProblem[];
}

/**
 * The model folders searched by default: the package's own, then `userDirs`.
 *
 * @example
 * defaultModelDirs(['/srv/models']); // ['<package>/models', '/srv/models']
 */
export function defaultModelDirs(userDirs: readonly string[] = []): string[] {
  return [PACKAGE_MODELS_DIR, ...userDirs];
}

function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Every model under `roots` (each root's folders sorted by name), the same folder once; a later
 * root's model replaces an earlier one of the same manifest name. Broken folders are reported
 * in `problems`, never thrown. Learned tasks declared by the manifests are registered.
 */
export function scanModels(roots: readonly string[]): ModelScan {
  const packageRoot = canonical(PACKAGE_MODELS_DIR);
  const seenRoots = new Set<string>();
  const byName = new Map<string, ModelEntry>();
  const problems: ModelProblem[] = [];
  for (const root of roots) {
    const real = canonical(root);
    if (seenRoots.has(real)) continue;
    seenRoots.add(real);
    let names: string[];
    try {
      names = readdirSync(root, { withFileTypes: true })
        .filter((d) => d.isDirectory() || d.isSymbolicLink()) // a linked model folder counts; a link to a file has no manifest
        .map((d) => d.name)
        .sort();
    } catch {
      continue; // a missing folder holds no models
    }
    for (const name of names) {
      const dir = join(root, name);
      let text: string;
      try {
        text = readFileSync(join(dir, 'manifest.json'), 'utf8');
      } catch {
        continue; // not a model folder
      }
      try {
        const manifest = parseManifest(text, dir);
        if (manifest.learnedTask !== undefined) registerLearnedTask(manifest.learnedTask);
        byName.delete(manifest.name); // a later root's model of the same name takes the place (and order) of the earlier one
        byName.set(manifest.name, { dir, manifest, root, origin: real === packageRoot ? 'package' : 'user' });
      } catch (error) {
        problems.push({ dir, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  return { models: [...byName.values()], problems };
}

/**
 * Registers the learned tasks of the models under `roots` (what `scanModels` does on the way),
 * so that parsing, detection and tools know them; returns their names. Call it once before
 * parsing input that may be a learned task's.
 *
 * @example
 * registerInstalledTasks(config.modelDirs); // ['fill-enclosed']
 */
export function registerInstalledTasks(roots: readonly string[]): string[] {
  return scanModels(roots)
    .models.map((e) => e.manifest.learnedTask?.name)
    .filter((name): name is string => name !== undefined);
}

/** Valid models under `roots` (see `scanModels`). */
export function listModels(roots: string | readonly string[]): Promise<ModelEntry[]> {
  return Promise.resolve(scanModels(typeof roots === 'string' ? [roots] : roots).models);
}

/** A model's best measured accuracy (`-1` when it records none): the ranking key. */
export function measuredAccuracy(manifest: TrmManifest): number {
  const acc = manifest.accuracy;
  if (acc === null) return -1;
  const list = Array.isArray(acc) ? acc : [acc];
  return Math.max(...list.map((a) => a.exact));
}

/** Best measured accuracy first, then the largest. */
const byRank = (a: ModelEntry, b: ModelEntry): number =>
  measuredAccuracy(b.manifest) - measuredAccuracy(a.manifest) || b.manifest.parameters - a.manifest.parameters;

/** Cells of a model's canvas. */
const area = (e: ModelEntry): number => e.manifest.canvas.rows * e.manifest.canvas.cols;

/** The model whose weights `entry` holds: its `variantOf`, else itself. */
const familyOf = (entry: ModelEntry): string => entry.manifest.variantOf ?? entry.manifest.name;

/**
 * The best model of `task` among `models` (best measured accuracy, then the largest). A canvas
 * variant (`variantOf`) stands in only when the model it is a variant of is not installed.
 */
export function bestModelFor(models: readonly ModelEntry[], task: string): ModelEntry | undefined {
  const ofTask = models.filter((e) => e.manifest.task === task);
  const names = new Set(ofTask.map((e) => e.manifest.name));
  const main = ofTask.filter((e) => e.manifest.variantOf === undefined || !names.has(e.manifest.variantOf));
  return main.sort(byRank)[0];
}

/** The model for `task` in `roots` with the best measured accuracy (then the largest). */
export async function findModelForTask(roots: string | readonly string[], task: string): Promise<ModelEntry | undefined> {
  return bestModelFor(await listModels(roots), task);
}

/**
 * A chosen model, or why there is none: `unfit` when models of the task exist but none can take
 * this puzzle. `alternatives`: the other model families that can take it, best first (each as its
 * smallest fitting canvas), the second opinions a solve with a verifier asks when `entry`'s answer
 * does not verify.
 */
export type ModelChoice = { entry: ModelEntry; alternatives?: ModelEntry[] } | { reason: string; unfit: boolean };

/**
 * The model that should answer `puzzle`: the best measured one of the task that can take it, and
 * the other families that can take it as `alternatives`. `{ reason }` says why there is none (no
 * model of the task, or none fits this puzzle).
 *
 * @example
 * const choice = chooseModel(models, sudokuTask, puzzle);
 * if ('entry' in choice) await loadModel(choice.entry.dir);
 */
export function chooseModel<P, S>(models: readonly ModelEntry[], task: TaskDefinition<P, S>, puzzle: P): ModelChoice {
  const candidates = models.filter((e) => e.manifest.task === task.name).sort(byRank);
  if (candidates.length === 0) return { reason: `no ${task.name} model installed`, unfit: false };
  const reasons: string[] = [];
  const chosen: ModelEntry[] = [];
  const tried = new Set<string>();
  for (const entry of candidates) {
    // a model and its canvas variants are one choice: the smallest canvas the puzzle fits
    const family = familyOf(entry);
    if (tried.has(family)) continue;
    tried.add(family);
    const members = candidates.filter((e) => familyOf(e) === family);
    const fitting = members.filter((e) => task.trm.unfit(e.manifest, puzzle) === null);
    if (fitting.length > 0) {
      chosen.push(fitting.reduce((best, e) => (area(e) < area(best) ? e : best)));
      continue;
    }
    const largest = members.reduce((best, e) => (area(e) > area(best) ? e : best));
    reasons.push(task.trm.unfit(largest.manifest, puzzle) ?? '');
  }
  const [entry, ...alternatives] = chosen;
  if (entry === undefined) return { reason: reasons.join('; '), unfit: true };
  return alternatives.length === 0 ? { entry } : { entry, alternatives };
}

/** A cached view of the installed models, listed again after `ttlMs` (the gateway's; new models appear without a restart). */
export interface ModelCatalog {
  readonly dirs: readonly string[];
  list(): Promise<ModelEntry[]>;
}

/**
 * @example
 * const catalog = createModelCatalog(config.modelDirs, { ttlMs: 5000 });
 * const models = await catalog.list();
 */
export function createModelCatalog(dirs: readonly string[], options: { ttlMs?: number } = {}): ModelCatalog {
  const ttl = options.ttlMs ?? 5_000;
  let listed: { at: number; models: ModelEntry[] } | undefined;
  return {
    dirs,
    list() {
      const now = Date.now();
      if (listed === undefined || now - listed.at > ttl) listed = { at: now, models: scanModels(dirs).models };
      return Promise.resolve(listed.models);
    },
  };
}
