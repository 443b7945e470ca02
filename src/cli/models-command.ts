/**
 * `trm-router models [--models-dir DIR]... [--json]`
 *
 * Lists every model found in the model folders (the package's own, then TRM_ROUTER_MODELS_DIR,
 * then `--models-dir`): its name, task (built in, or learned: declared by its manifest), where
 * it comes from (the package, or a folder of the user's), its folder, size and best measured
 * exact accuracy; and every folder that holds a manifest but is no usable model, with why.
 */
import { findTask } from '../tasks/index.js';
import { measuredAccuracy, scanModels } from '../trm/index.js';
import type { ModelEntry, ModelProblem, TrmAccuracy } from '../trm/index.js';
import { defineCommand, opt } from './command.js';
import { EXIT } from './io.js';

/** One model as `trm-router models --json` lists it. */
export interface ModelListing {
  name: string;
  task: string;
  /** `builtin`: a task of the toolkit; `learned`: declared by the model's manifest. */
  taskKind: 'builtin' | 'learned';
  /** `package`: shipped with trm-router; `user`: from a folder the user named. */
  origin: ModelEntry['origin'];
  dir: string;
  parameters: number;
  /** The best measured exact accuracy and the data it was measured on; `null` when none is recorded. */
  best: { exact: number; dataset: string; puzzles: number } | null;
}

function best(entry: ModelEntry): ModelListing['best'] {
  const acc = entry.manifest.accuracy;
  if (acc === null) return null;
  const list: TrmAccuracy[] = Array.isArray(acc) ? acc : [acc];
  const top = measuredAccuracy(entry.manifest);
  const hit = list.find((a) => a.exact === top);
  return hit === undefined ? null : { exact: hit.exact, dataset: hit.dataset, puzzles: hit.puzzles };
}

/** The models under `dirs` (and the learned tasks they declare registered), with the broken folders. */
export function listInstalledModels(dirs: readonly string[]): { models: ModelListing[]; problems: ModelProblem[] } {
  const scan = scanModels(dirs);
  const models = scan.models.map((e) => ({
    name: e.manifest.name,
    task: e.manifest.task,
    taskKind: e.manifest.learnedTask !== undefined || findTask(e.manifest.task)?.origin === 'learned' ? ('learned' as const) : ('builtin' as const),
    origin: e.origin,
    dir: e.dir,
    parameters: e.manifest.parameters,
    best: best(e),
  }));
  return { models, problems: scan.problems };
}

function table(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function formatListing(listing: { models: ModelListing[]; problems: ModelProblem[] }, dirs: readonly string[]): string {
  const lines: string[] = [];
  if (listing.models.length === 0) lines.push(`No models in ${dirs.join(', ') || '(no folders)'}.`);
  else {
    const rows = listing.models.map((m) => [
      m.name,
      m.task,
      m.taskKind === 'learned' ? 'learned' : 'built-in',
      m.origin,
      m.parameters.toLocaleString('en-US'),
      m.best === null ? 'not measured' : `${(m.best.exact * 100).toFixed(1)}% on ${m.best.dataset} (${m.best.puzzles})`,
      m.dir,
    ]);
    lines.push(table([['NAME', 'TASK', 'KIND', 'ORIGIN', 'PARAMETERS', 'BEST EXACT', 'FOLDER'], ...rows]));
  }
  if (listing.problems.length > 0) {
    lines.push('', `Not usable (${listing.problems.length}):`);
    for (const p of listing.problems) lines.push(`  ${p.dir}: ${p.error}`);
  }
  return lines.join('\n');
}

export const modelsCommand = defineCommand({
  name: 'models',
  summary: 'list the installed models (package and user), and the folders that are not usable',
  usage: {
    description:
      "Lists every model in the model folders: the package's own, then TRM_ROUTER_MODELS_DIR, then --models-dir\n" +
      '(a later model of the same name replaces an earlier one): name, task (built in, or learned: declared by\n' +
      'the manifest), origin (package or user), parameters, best measured exact accuracy with its data set,\n' +
      'and folder; then every folder with a manifest that is not a usable model, and why.',
    footer: 'Exit status: 0 listed, 2 bad usage.',
  },
  options: {
    'models-dir': opt.modelsDir(),
    json: opt.json('print {"models": [{name, task, taskKind, origin, dir, parameters, best}], "problems": [{dir, error}]}'),
  },
  run({ values, io, config }) {
    const listing = listInstalledModels(config.modelDirs);
    io.stdout(values.json ? JSON.stringify(listing) + '\n' : formatListing(listing, config.modelDirs) + '\n');
    return Promise.resolve(EXIT.ok);
  },
});
