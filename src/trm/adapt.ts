/**
 * Adapting an ARC model to a task it was not trained on (`trm-router adapt`): `tools/adapt.py`
 * learns one puzzle embedding per augmentation of the task's demonstration pairs with every weight
 * frozen (the official `freeze_weights` path) and appends them to the model folder's external
 * table, named as the solver reads them (`<task>`, `<task>|||t<k>|||<perm>`). The checks that need
 * no Python (the model is an ARC model, the task JSON is a task, its id is new) run here first,
 * with typed errors naming the field.
 *
 * @example
 * const task = adaptTaskFromText(await readFile('0d3d703e.json', 'utf8'), '0d3d703e.json');
 * await checkAdaptable('models/arc', task.id, false);
 * const result = await adaptArcModel({ model: 'models/arc', taskFile: '0d3d703e.json', taskId: task.id, minutes: 5 });
 */
import { existsSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { InvalidInputError, ModelLoadError, SolverError } from '../core/errors.js';
import { PACKAGE_ROOT } from '../core/package-paths.js';
import { arcTask, arcTaskFromValue, identifiersKnow } from '../tasks/arc/index.js';
import type { ArcTask } from '../tasks/arc/index.js';
import { defaultPython, runPythonTool, shellCommand, toolFailure } from './python-tool.js';
import { readManifest } from './manifest.js';
import type { TrmManifest } from './manifest.js';

/** Figures of the task's own demonstration pairs under every augmentation, all steps run. */
export interface AdaptFigures {
  /** Mean loss at the last step: CE over the answer + 0.5 BCE(q_halt, right). */
  loss: number;
  /** Mean cross-entropy over the answer cells alone. */
  lm: number;
  /** Share of (pair, augmentation) answers with every cell right. */
  exact: number;
  /** Share of pairs whose vote over the augmentations (the answer the solver would give) is right. */
  voteExact: number;
  /** Share of pairs answered right under the identity alone. */
  identityExact: number;
}

/** What `tools/adapt.py` reports (its JSON line on stdout). */
export interface AdaptResult {
  model: string;
  taskId: string;
  /** Rows appended, one per augmentation (identity first). */
  rows: number;
  /** Index of the first appended row. */
  firstRow: number;
  /** Names of the first and last appended rows. */
  identifiers: [string, string];
  augmentations: number;
  /** Augmentations the evaluations ran (all, or the first ones when one evaluation would take over a tenth of the budget). */
  evalAugmentations: number;
  steps: number;
  bestStep: number;
  minutes: number;
  seconds: number;
  stoppedBy: 'time' | 'max_steps' | 'plateau';
  before: AdaptFigures;
  after: AdaptFigures;
  date: string;
}

export interface AdaptOptions {
  /** The ARC model folder (its table is moved out of the graph first when inside). */
  model: string;
  /** The task JSON file (ARC-AGI-1/2 format). */
  taskFile: string;
  /** The task's id (identifiers are named after it). */
  taskId: string;
  /** Training budget in minutes (it may stop earlier once the demonstrations stop improving). */
  minutes: number;
  /** Augmented copies, the identity included (default 16). */
  augmentations?: number;
  device?: string;
  /** Adapt a task the table already has again (its old rows are dropped). */
  replace?: boolean;
  /** Stop after this many optimizer steps (0 or undefined: the time budget). */
  maxSteps?: number;
  /** Sign-SGD step of the rows (default the official puzzle_emb_lr, 1e-2). */
  lr?: number;
  /** The Python interpreter with torch and onnx (default `/usr/bin/python3` when it exists). */
  python?: string;
  /** Each progress line of the tool (stderr), as it comes. */
  onLine?: (line: string) => void;
  signal?: AbortSignal;
}

/**
 * The task of an adapt command's task file: ARC JSON (`{train, test}`, `{"<id>": {...}}`, or with
 * an `id`; a challenges file of many tasks with `taskId` naming one), every grid checked
 * (`InvalidInputError` naming the field, e.g. `train.1.output`). Its id is the one given, else the
 * file's (wrapper key or `id`), else the file name without `.json`.
 *
 * @example
 * adaptTaskFromText('{"train": [...], "test": [...]}', 'tasks/0d3d703e.json').id; // '0d3d703e'
 */
export function adaptTaskFromText(text: string, file: string, taskId?: string): ArcTask & { id: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(`--task ${file} is not JSON: ${(error as Error).message}`, { field: '--task' });
  }
  // a challenges file ({"<id>": task, ...}): --task-id picks the task
  const entries = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  if (taskId !== undefined && entries !== undefined && !('train' in entries) && !('test' in entries)) {
    if (!(taskId in entries)) {
      throw new InvalidInputError(`--task ${file} has no task "${taskId}" (${Object.keys(entries).length} tasks in it)`, { field: '--task-id' });
    }
    value = { [taskId]: entries[taskId] };
  }
  const task = arcTaskFromValue(value);
  const id = taskId ?? task.id ?? basename(file, extname(file));
  if (id === '' || id.includes('|||') || id === '<blank>' || id.length > 100) {
    throw new InvalidInputError(`task id "${id}": an ARC task id such as 0d3d703e (no "|||", at most 100 characters); give one with --task-id`, {
      field: '--task-id',
    });
  }
  return { ...task, id };
}

/**
 * The manifest of `dir` when it can be adapted to `taskId`: an ARC model with a puzzle embedding
 * (`ModelLoadError` when the folder is no model, `InvalidInputError` on `--model` for another
 * task's model) that does not know the task yet, unless `replace`.
 */
export async function checkAdaptable(dir: string, taskId: string, replace: boolean): Promise<TrmManifest> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ModelLoadError(`--model ${dir}: no such model folder`, { modelPath: dir, details: { field: '--model' } });
  }
  const manifest = await readManifest(dir);
  if (manifest.task !== arcTask.name) {
    throw new InvalidInputError(`--model ${dir} is a ${manifest.task} model, not an ARC model: adapt learns puzzle embeddings for ARC tasks`, {
      field: '--model',
    });
  }
  if (manifest.architecture.puzzleEmbNdim === 0) {
    throw new InvalidInputError(`--model ${dir} has no puzzle embedding (puzzleEmbNdim 0): there is nothing to adapt`, { field: '--model' });
  }
  if (!replace && identifiersKnow(manifest.identifiers, taskId)) {
    throw new InvalidInputError(`task ${taskId} is already in ${dir}'s table: pass --replace to adapt it again`, { field: '--task' });
  }
  return manifest;
}

/**
 * Runs `tools/adapt.py`: learns the task's rows and appends them to the model folder. Its progress
 * lines go to `onLine`; bad input it finds (exit status 2) becomes `InvalidInputError` with its
 * message, any other failure `SolverError` with its last lines.
 */
export async function adaptArcModel(options: AdaptOptions): Promise<AdaptResult & { command: string }> {
  const python = options.python ?? defaultPython();
  const script = join(PACKAGE_ROOT, 'tools', 'adapt.py');
  if (!existsSync(script)) throw new SolverError(`The Python tools are missing (${script}): adapt needs the trm-router package's tools/ folder`);
  const args = [
    script,
    '--model',
    resolve(options.model),
    '--task',
    resolve(options.taskFile),
    '--task-id',
    options.taskId,
    '--minutes',
    String(options.minutes),
    '--augmentations',
    String(options.augmentations ?? 16),
    '--device',
    options.device ?? 'cpu',
    ...(options.replace === true ? ['--replace'] : []),
    ...(options.maxSteps === undefined || options.maxSteps === 0 ? [] : ['--max-steps', String(options.maxSteps)]),
    ...(options.lr === undefined ? [] : ['--lr', String(options.lr)]),
  ];
  const { code, stdout, tail } = await runPythonTool(python, args, {
    purpose: 'adapt',
    ...(options.onLine === undefined ? {} : { onLine: options.onLine }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  if (code === 2) {
    const message =
      tail
        .trim()
        .split('\n')
        .at(-1)
        ?.replace(/^adapt: /, '') ?? 'adapt.py refused its input';
    throw new InvalidInputError(message, { field: /^--model/.test(message) ? '--model' : '--task' });
  }
  if (code !== 0) throw toolFailure('adapt.py', code, tail);
  try {
    return { ...(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as AdaptResult), command: shellCommand([python, ...args]) };
  } catch {
    throw new SolverError(`adapt.py printed no result: ${stdout.slice(-500)}`);
  }
}
