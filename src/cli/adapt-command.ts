/**
 * `trm-router adapt --model DIR --task task.json [--minutes N] [--device cpu|cuda] [--augmentations N]`
 *
 * Teaches an ARC model a task it was not trained on: `tools/adapt.py` learns one puzzle embedding
 * per augmentation of the task's demonstration pairs with every weight frozen (the official
 * `freeze_weights` path) and appends them to the model folder. From then on `solve_arc`,
 * `trm-router solve`, the gateway and the router answer the task by augmentation voting, as for
 * the tasks the model was trained on. Progress (steps, loss, demonstration accuracy) goes to
 * stderr; the end reports the task's loss and accuracy on its own demonstrations, which the
 * manifest's `adapted` list records.
 */
import { resolve } from 'node:path';
import { InvalidInputError } from '../core/index.js';
import { adaptArcModel, adaptTaskFromText, checkAdaptable, defaultPython } from '../trm/index.js';
import { defineCommand, opt } from './command.js';
import { EXIT } from './io.js';

const pct = (x: number): string => `${(x * 100).toFixed(x === 0 || x === 1 ? 0 : 1)}%`;

export const adaptCommand = defineCommand({
  name: 'adapt',
  summary: 'teach an ARC model a new task from its demonstration pairs (puzzle embeddings only)',
  usage: {
    description:
      "Learns a new ARC task's puzzle embeddings with every weight of the model frozen, as the official TRM code's\n" +
      'freeze_weights does: one row per augmentation (the identity, then random dihedral transforms and colour\n' +
      'permutations keeping 0) of the task\'s "train" pairs, trained with the official loss for --minutes (or until\n' +
      'the demonstrations stop improving), then appended to the model folder (its puzzle-embedding table moved out\n' +
      'of the graph first if inside). Needs Python 3 with torch and onnx (apt-get install python3-torch python3-onnx\n' +
      'python3-numpy libopenblas0-pthread). A task the model already knows is refused unless --replace.',
    footer:
      "Then: trm-router solve task.json --model DIR, the tool solve_arc (give task_id), the gateway's /v1/solve\n" +
      '(TRM_ROUTER_MODELS_DIR=<parent of DIR>). How well it answers new test inputs depends on the model: the report\n' +
      'gives the loss and accuracy on the demonstrations themselves, not on held-out inputs.',
  },
  options: {
    model: opt.string({ value: 'DIR', required: true, description: 'the ARC model folder (rows are appended to it)' }),
    task: opt.string({
      value: 'FILE',
      required: true,
      description: 'the task, ARC JSON: {"train": [...], "test": [...]} or {"<id>": {...}}, or a challenges file with --task-id',
    }),
    'task-id': opt.string({
      value: 'ID',
      description: 'the task id its rows are named after; picks the task out of a challenges file',
      defaultText: "the JSON's id, else the file name",
    }),
    minutes: opt.number({ value: 'N', description: 'training budget in minutes', defaultText: '5' }),
    augmentations: opt.positiveInt({ value: 'N', default: 16, description: 'augmented copies (one row each), the identity included' }),
    device: opt.choice({ choices: () => ['cpu', 'cuda'] as const, default: 'cpu', description: 'where to train' }),
    replace: opt.flag({ description: 'adapt a task the model already knows again (its old rows are dropped)' }),
    lr: opt.number({
      value: 'X',
      description: "the rows' sign-SGD step: each coordinate moves by X per optimizer step (the official puzzle_emb_lr)",
      defaultText: '0.01',
    }),
    'max-steps': opt.integer({ min: 0, value: 'N', default: 0, description: 'stop after N optimizer steps (0: the time budget decides)' }),
    python: opt.string({
      value: 'PATH',
      description: 'the Python interpreter with torch and onnx',
      defaultText: '/usr/bin/python3 when it exists, else python3',
    }),
    json: opt.json('print the result as JSON (the figures before and after, rows, steps, minutes)'),
  },
  async run({ values, io }) {
    const minutes = values.minutes ?? 5;
    if (!(minutes > 0)) throw new InvalidInputError(`--minutes must be a positive number, got ${minutes}`, { field: '--minutes' });
    if (values.lr !== undefined && !(values.lr > 0)) throw new InvalidInputError(`--lr must be a positive number, got ${values.lr}`, { field: '--lr' });
    const dir = resolve(values.model);
    const task = adaptTaskFromText(await io.readFile(values.task), values.task, values['task-id']);
    const manifest = await checkAdaptable(dir, task.id, values.replace);
    io.stderr(
      `adapting ${manifest.name} to ARC task ${task.id}: ${task.train.length} demonstration pairs, up to ${values.augmentations} augmentations, ${minutes} min on ${values.device}\n`,
    );
    const result = await adaptArcModel({
      model: dir,
      taskFile: values.task,
      taskId: task.id,
      minutes,
      augmentations: values.augmentations,
      device: values.device,
      replace: values.replace,
      maxSteps: values['max-steps'],
      ...(values.lr === undefined ? {} : { lr: values.lr }),
      python: values.python ?? defaultPython(),
      onLine: (line) => io.stderr(`  ${line}\n`),
    });
    if (values.json) {
      io.stdout(JSON.stringify(result) + '\n');
      return EXIT.ok;
    }
    const { before, after } = result;
    io.stdout(
      `${task.id} adapted: ${result.rows} rows appended to ${dir} (rows ${result.firstRow}..${result.firstRow + result.rows - 1}), ` +
        `${result.steps} steps in ${result.minutes.toFixed(2)} min (${result.stoppedBy})\n` +
        `  demonstrations: loss ${before.loss.toFixed(4)} -> ${after.loss.toFixed(4)}, every cell right ${pct(before.exact)} -> ${pct(after.exact)} ` +
        `of ${task.train.length} pairs x ${result.evalAugmentations} augmentations, voted answer right ${pct(before.voteExact)} -> ${pct(after.voteExact)}\n` +
        `  trm-router solve ${values.task} --model ${dir}\n`,
    );
    return EXIT.ok;
  },
});
