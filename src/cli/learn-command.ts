/**
 * `trm-router learn --name NAME --data pairs.jsonl --out DIR [--minutes N] [--augment ...]`
 *
 * Teaches trm-router a grid task from a file of examples, in one command: every line checked
 * (and every bad one reported) before any training; the task declared from the data; a
 * reproducible held-out part split off; a TRM trained by the Python tools within the minutes
 * given, with progress (loss, held-out accuracy, time left); the model exported; the held-out part
 * evaluated through the TypeScript runtime (`trm-router eval --curves --record`, then `eval
 * --record` with the chosen halting) so that the manifest carries the task, the figures and the
 * exact commands. The model folder then answers through every interface: `--models-dir DIR`'s
 * parent, or `TRM_ROUTER_MODELS_DIR`.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { SolverError } from '../core/index.js';
import { AUGMENT_CHOICES, defaultPython, formatEval, planLearning, readPairs, trainLearnedTask } from '../trm/index.js';
import type { EvalResult, HaltPolicy, LearnProgress } from '../trm/index.js';
import { defineCommand, opt } from './command.js';
import { evalCommand } from './eval-command.js';
import type { CliIo } from './io.js';
import { EXIT } from './io.js';

/** Progress lines on stderr: training loss and accuracy, held-out accuracy, time left. */
function progressPrinter(io: CliIo): (p: LearnProgress) => void {
  let last = 0;
  return (p) => {
    if (p.kind === 'start') io.stderr(`training: ${p.parameters.toLocaleString('en')} parameters, ${p.trainPairs} pairs, ${p.budgetMin} min\n`);
    else if (p.kind === 'step') {
      const now = Date.now();
      if (now - last < 5_000) return; // one line every 5 s is enough for a person
      last = now;
      const left = Math.max(0, p.budgetMin - p.elapsedMin);
      io.stderr(`  step ${p.step}: loss ${p.loss.toFixed(4)}, training grids right ${(p.trainExact * 100).toFixed(0)}%, ${left.toFixed(1)} min left\n`);
    } else if (p.kind === 'eval') {
      io.stderr(`  step ${p.step}: held-out grids right ${(p.heldOutExact * 100).toFixed(1)}% (cells ${(p.heldOutCell * 100).toFixed(1)}%)\n`);
    } else io.stderr(`training done after ${p.step} steps (${p.elapsedMin.toFixed(1)} min); exporting\n`);
  };
}

export const learnCommand = defineCommand({
  name: 'learn',
  summary: 'teach trm-router a new grid task from a file of input/output pairs',
  usage: {
    description:
      'Learns a grid task from examples: FILE has one JSON object per line, {"input": grid, "output": grid}, a grid\n' +
      'being an array of rows of integers 0..9 or an array of equal-length strings (one character per cell); sizes\n' +
      'up to 30x30 and may vary. Every bad line is reported (line number, why) before any training. A held-out part\n' +
      '(10%, at most 500 pairs) is split off by --seed; a TRM is trained with the Python tools (Python 3 with torch\n' +
      'and onnx: apt-get install python3-torch python3-onnx python3-numpy libopenblas0-pthread), exported to DIR,\n' +
      'and measured on the held-out pairs through the TypeScript runtime; the manifest records it all.',
    footer:
      'Then: trm-router solve FILE --task NAME --models-dir <parent of DIR>, the tool solve_NAME (OpenAI, Anthropic,\n' +
      'MCP, AI SDK, LangChain), the gateway (TRM_ROUTER_MODELS_DIR=<parent of DIR> trm-router serve). Answers of a\n' +
      "learned task are predictions: never verified, they carry the halting head's confidence.",
  },
  options: {
    name: opt.string({ value: 'NAME', required: true, description: 'the task name: lowercase letters, digits and -; its tool is solve_NAME' }),
    data: opt.string({ value: 'FILE', required: true, description: 'the pairs, as JSON lines' }),
    out: opt.string({ value: 'DIR', required: true, description: 'the model folder to write (its training files go to DIR/training)' }),
    minutes: opt.number({ value: 'N', description: 'minutes of training (evaluation and export come after)', defaultText: '10' }),
    augment: opt.choice({
      choices: () => AUGMENT_CHOICES,
      default: 'none',
      description:
        "transformations that keep the task's meaning, drawn while training: dihedral (rotations and reflections), " +
        'colours (permutations of colours 1..K-1; 0 stays), both; only you know which are true of your task',
    }),
    description: opt.string({
      value: 'TEXT',
      description: 'one paragraph on what the task does: the tool description LLMs read',
      defaultText: 'a plain summary of the data',
    }),
    device: opt.choice({ choices: () => ['cpu', 'cuda'] as const, default: 'cpu', description: 'where to train' }),
    seed: opt.integer({ min: 0, value: 'S', default: 0, description: 'seed of the held-out split' }),
    python: opt.string({
      value: 'PATH',
      description: 'the Python interpreter with torch and onnx',
      defaultText: '/usr/bin/python3 when it exists, else python3',
    }),
    json: opt.json('print {model, task, heldOut, accuracy} as JSON at the end'),
  },
  async run({ values, argv, io, config }) {
    const minutes = values.minutes ?? 10;
    const text = await io.readFile(values.data);
    const file = readPairs(text, values.data);
    const plan = planLearning(file, {
      name: values.name,
      augment: values.augment,
      seed: values.seed,
      ...(values.description === undefined ? {} : { description: values.description }),
    });
    const s = plan.spec;
    const alphabet = 'colours' in s.alphabet ? `colours 0..${s.alphabet.colours - 1}` : `characters ${s.alphabet.symbols.join('')}`;
    io.stderr(
      `${s.name}: ${file.pairs.length} pairs (${plan.train.length} to train on, ${plan.heldOut.length} held out), grids up to ` +
        `${s.maxGrid.rows}x${s.maxGrid.cols}, ${alphabet}, output ${s.sameSize ? 'the size of the input' : 'of its own size'}, ` +
        `augmentations: ${s.augmentations.join(', ') || 'none'}\n`,
    );
    const out = resolve(values.out);
    const trained = await trainLearnedTask(plan, {
      out,
      minutes,
      device: values.device,
      python: values.python ?? defaultPython(),
      onProgress: progressPrinter(io),
    });

    // The manifest's figures are measured through the TypeScript runtime, as `trm-router eval`
    // does (the training run's own evaluation of the same pairs stays under training.trainingEval).
    const manifestPath = join(out, 'manifest.json');
    const exported = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown> & { training: Record<string, unknown>; accuracy: unknown };
    exported.training = { ...exported.training, ...(exported.accuracy === null ? {} : { trainingEval: exported.accuracy }) };
    exported.accuracy = null;
    await writeFile(manifestPath, JSON.stringify(exported, null, 2) + '\n');
    const heldOut = trained.heldOutFile;
    const evaluate = async (args: string[]): Promise<string> => {
      let printed = '';
      const capture: CliIo = { ...io, stdout: (t) => void (printed += t), stderr: () => undefined };
      const code = await evalCommand.run(['--model', out, '--data', heldOut, '--dataset', 'heldout', ...args, '--record', '--json'], capture, config);
      if (code !== EXIT.ok) throw new SolverError(`evaluating ${out} on its held-out pairs failed: ${printed}`);
      return printed;
    };
    io.stderr('measuring the held-out pairs through the TypeScript runtime\n');
    await evaluate(['--curves']);
    // the default policy just chosen, with its settings spelled out (this process loaded the model
    // before the manifest recorded them), then every step (the official evaluation)
    const recorded = JSON.parse(await readFile(manifestPath, 'utf8')) as {
      halting?: { policy: HaltPolicy; maxSteps?: number; threshold?: number };
      recursion: { haltMaxSteps: number };
    };
    const { halting } = recorded;
    const allSteps = recorded.recursion.haltMaxSteps;
    const policy = halting?.policy ?? 'fixed';
    const fixedSteps = halting?.maxSteps ?? allSteps;
    const chosen =
      policy === 'fixed'
        ? ['--halt', 'fixed', '--max-steps', String(fixedSteps)]
        : policy === 'adaptive'
          ? ['--halt', 'adaptive', `--threshold=${halting?.threshold ?? 0}`]
          : ['--halt', policy];
    // every step is a second run only when the chosen policy is not already that
    const runs = policy === 'fixed' && fixedSteps === allSteps ? [chosen] : [chosen, ['--halt', 'fixed']];
    for (const args of runs) {
      const result = JSON.parse(await evaluate(args)) as EvalResult;
      if (!values.json) io.stderr(`${formatEval(result)}\n`);
    }

    // how the model came to be, beside what train.py and export_onnx.py recorded
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown> & { training: Record<string, unknown>; accuracy: unknown };
    manifest.training = {
      ...manifest.training,
      learn: {
        command: ['trm-router learn', ...argv.filter((a) => a !== '--json')].join(' '),
        data: { file: basename(values.data), sha256: createHash('sha256').update(text).digest('hex'), pairs: file.pairs.length },
        trainPairs: plan.train.length,
        heldOutPairs: plan.heldOut.length,
        heldOutFile: join('heldout', basename(heldOut)),
        splitSeed: values.seed,
        commands: trained.commands,
      },
    };
    await writeFile(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
    const summary = {
      model: out,
      task: s.name,
      tool: `solve_${s.name.replace(/-/g, '_')}`,
      heldOut: plan.heldOut.length,
      halting: policy,
      accuracy: manifest.accuracy,
    };
    if (values.json) io.stdout(JSON.stringify(summary) + '\n');
    else io.stdout(`\n${s.name} learned: ${out}\n  trm-router solve FILE --task ${s.name} --models-dir ${dirname(out)}\n  tool ${summary.tool}\n`);
    return EXIT.ok;
  },
});
