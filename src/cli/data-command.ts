/**
 * `trm-router data NAME --count N [--seed S] [--out FILE] [--exclude FILE]... [--spec FILE]`
 *
 * Builds a reproducible data set with a data builder: a built-in task's (its
 * `TaskDefinition.data.builder`: generated puzzles with their solutions, for `tools/train.py`
 * and `trm-router eval`) or an example family's (input/output pairs of a learned task, and with
 * `--spec` the task's spec). One JSON document per line. `--exclude` keeps out every example of
 * another file up to the augmentations the trainer applies, so a test set stays unseen even by
 * a model trained on augmented copies.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InvalidInputError } from '../core/index.js';
import type { DataBuilder } from '../core/index.js';
import { familyBuilder, listDataFamilies, listTasks } from '../tasks/index.js';
import type { CliOption } from './command.js';
import { defineCommand, formatOptionRows, opt, wrap } from './command.js';
import { EXIT } from './io.js';

/** Every data set `trm-router data` builds: the built-in tasks' (registry order), then the example families'. */
export function dataBuilders(): DataBuilder[] {
  return [...listTasks().flatMap((t) => (t.data?.builder === undefined ? [] : [t.data.builder])), ...listDataFamilies().map(familyBuilder)];
}

const BUILDERS = dataBuilders();

/** The builders' own options, as raw options of the command (documented per data set in the help). */
function builderOptions(): Record<string, CliOption<string | boolean | undefined>> {
  const options: Record<string, CliOption<string | boolean | undefined>> = {};
  for (const builder of BUILDERS) {
    for (const [name, o] of Object.entries(builder.options)) {
      const seen = options[name];
      if (seen !== undefined && seen.type !== o.type) throw new Error(`data builders disagree on the type of --${name}`);
      options[name] = opt.raw({ type: o.type, description: o.description, hidden: true, ...(o.value === undefined ? {} : { value: o.value }) });
    }
  }
  return options;
}

function dataSetsHelp(): string {
  const sections = BUILDERS.map((b) => {
    const rows = Object.entries(b.options).map(([name, o]) => ({
      flags: `--${name}${o.value === undefined ? '' : ` ${o.value}`}`,
      description: `${o.description}${o.default === undefined ? '' : ` (default: ${o.default})`}`,
    }));
    return [
      `  ${wrap(`${b.name}: ${b.summary}`, 98, 4)}`,
      `    ${wrap(`lines: ${b.line}`, 96, 6)}`,
      ...(rows.length === 0 ? [] : [formatOptionRows(rows, 4)]),
    ].join('\n');
  });
  return `Data sets and their options:\n${sections.join('\n')}\n\nExit status: 0 written, 2 bad usage or input file, 1 any other failure.`;
}

async function writeText(path: string, text: string, flag: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new InvalidInputError(`Cannot write ${path}: ${code}`, { field: flag, cause: error });
  }
}

export const dataCommand = defineCommand({
  name: 'data',
  summary: "build reproducible JSONL data: a task's puzzles, or an example family's pairs",
  positionals: { synopsis: 'NAME', name: 'NAME', max: 1 },
  usage: {
    description:
      'Writes N generated examples as JSON lines, reproducible by --seed: puzzles of a built-in task with their\n' +
      "solutions, or an example family's input/output pairs for a learned task.",
    footer: dataSetsHelp,
  },
  options: {
    count: opt.positiveInt({ required: true, description: 'examples to write' }),
    seed: opt.integer({ value: 'S', min: 0, default: 1, description: 'seed of the whole file' }),
    out: opt.string({ value: 'FILE', description: 'output file', defaultText: 'standard output' }),
    exclude: opt.strings({ value: 'FILE', description: 'a data file of the same kind whose examples must not appear, also not as an augmented copy' }),
    spec: opt.string({ value: 'FILE', description: "also write the learned task's spec the pairs teach, as JSON (example families)" }),
    ...builderOptions(),
  },
  async run({ values, positionals, io }) {
    const names = BUILDERS.map((b) => b.name);
    const name = positionals[0];
    if (name === undefined) throw new InvalidInputError(`Expected one data set: ${names.join(', ')}`, { field: 'NAME' });
    const builder = BUILDERS.find((b) => b.name === name);
    if (builder === undefined) throw new InvalidInputError(`Unknown data set "${name}": expected one of ${names.join(', ')}`, { field: 'NAME' });
    const raw = values as Record<string, unknown>;
    const options = Object.fromEntries(Object.keys(builder.options).map((k) => [k, raw[k] as string | boolean | undefined]));
    const exclude = [];
    for (const file of values.exclude) exclude.push({ name: file, text: await io.readFile(file) });
    const result = builder.build({ count: values.count, seed: values.seed, options, exclude });
    if (values.spec !== undefined && result.spec === undefined) {
      throw new InvalidInputError(`--spec: ${builder.name} data teaches no learned task (its task is built in)`, { field: '--spec' });
    }
    const text = result.lines.join('\n') + '\n';
    if (values.out === undefined) io.stdout(text);
    else await writeText(values.out, text, '--out');
    if (values.spec !== undefined) await writeText(values.spec, JSON.stringify(result.spec, null, 2) + '\n', '--spec');
    io.stderr(
      `${builder.name}: wrote ${result.lines.length} ${builder.unit}${values.out === undefined ? '' : ` to ${values.out}`} ` +
        `(seed ${values.seed}; ${result.skipped})${values.spec === undefined ? '' : `, its learned-task spec to ${values.spec}`}\n`,
    );
    return EXIT.ok;
  },
});
