/**
 * One way to write a `trm-router` command: `defineCommand` declares its options once (each with
 * its parser, description and default), and gets argument parsing (node:util `parseArgs`,
 * strict), the usage text generated from the declarations, `--help`/`-h`, the models of
 * `--models-dir` and `--model` registered before any option is read (so `--task` accepts the
 * learned tasks they declare), and error reporting: one line on stderr, or `{"error": ...}` on
 * stdout with `--json`; exit status by error code (`EXIT`), unexpected errors as `internal`.
 *
 * @example
 * export const echoCommand = defineCommand({
 *   name: 'echo',
 *   summary: 'print the arguments',
 *   positionals: { synopsis: 'WORD...' },
 *   options: { times: opt.integer({ min: 1, value: 'N', description: 'how often', default: 1 }), json: opt.json('print ["WORD", ...]') },
 *   async run({ values, positionals, io }) {
 *     for (let i = 0; i < values.times; i++) io.stdout((values.json ? JSON.stringify(positionals) : positionals.join(' ')) + '\n');
 *     return EXIT.ok;
 *   },
 * });
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { InvalidInputError, isTrmRouterError } from '../core/index.js';
import { registerLearnedTask } from '../tasks/index.js';
import { parseManifest, registerInstalledTasks } from '../trm/index.js';
import type { CliIo } from './io.js';
import { EXIT, exitCodeFor, formatError, isParseArgsError } from './io.js';

/** A value as `parseArgs` returns it. */
export type RawValue = string | boolean | string[] | undefined;

/** One option of a command: how `parseArgs` reads it, how its value is checked, how help shows it. */
export interface CliOption<T> {
  readonly type: 'string' | 'boolean';
  /** Repeatable (`--exclude A --exclude B`). */
  readonly multiple?: boolean;
  readonly short?: string;
  /** The value's placeholder in help (`N`, `DIR`); a function for choices read at run time. */
  readonly value?: string | (() => string);
  readonly description: string;
  /** The default as help shows it. */
  readonly defaultText?: string;
  /** Left out of the generated option list (the command documents it elsewhere). */
  readonly hidden?: boolean;
  /** Handled by `defineCommand` itself: JSON error reporting, extra model folders, a model whose manifest declares a task. */
  readonly role?: 'json' | 'models-dir' | 'model';
  /** The value from the raw one (`undefined` when absent); throws `InvalidInputError` naming `flag`. */
  parse(raw: RawValue, flag: string): T;
}

export type OptionTable = Record<string, CliOption<unknown>>;

/** The checked values of a command's options. */
export type OptionValues<O extends OptionTable> = { -readonly [K in keyof O]: O[K] extends CliOption<infer T> ? T : never };

interface Described {
  description: string;
  /** The default as help shows it, when the declared default does not say it (`the file name`). */
  defaultText?: string;
  short?: string;
  hidden?: boolean;
}

interface ValueDescribed extends Described {
  /** The value's placeholder in help (`N`, `FILE`). */
  value: string;
}

function required(flag: string, value: string | (() => string) | undefined): never {
  const shown = typeof value === 'function' ? value() : value;
  throw new InvalidInputError(`${flag}${shown === undefined ? '' : ` ${shown}`} is required`, { field: flag });
}

function shownDefault(spec: { defaultText?: string; default?: string | number }): { defaultText?: string } {
  const text = spec.defaultText ?? (spec.default === undefined ? undefined : String(spec.default));
  return text === undefined ? {} : { defaultText: text };
}

function common(spec: Described): Pick<CliOption<unknown>, 'description' | 'short' | 'hidden'> {
  return {
    description: spec.description,
    ...(spec.short === undefined ? {} : { short: spec.short }),
    ...(spec.hidden === undefined ? {} : { hidden: spec.hidden }),
  };
}

function text(raw: RawValue): string | undefined {
  return typeof raw === 'string' ? raw : undefined;
}

// --- the shared option parsers ------------------------------------------------------------------

function stringOption(spec: ValueDescribed & { required: true }): CliOption<string>;
function stringOption(spec: ValueDescribed & { default: string }): CliOption<string>;
function stringOption(spec: ValueDescribed): CliOption<string | undefined>;
function stringOption(spec: ValueDescribed & { default?: string; required?: boolean }): CliOption<string | undefined> {
  return {
    type: 'string',
    value: spec.value,
    ...common(spec),
    ...shownDefault(spec),
    parse(raw, flag) {
      const v = text(raw) ?? spec.default;
      return v === undefined && spec.required === true ? required(flag, spec.value) : v;
    },
  };
}

interface IntegerSpec extends Described {
  value?: string;
  min: number;
  max?: number;
}

function makeInteger(spec: IntegerSpec & { default?: number; required?: boolean }): CliOption<number | undefined> {
  const value = spec.value ?? 'N';
  const what =
    spec.max !== undefined
      ? `an integer ${spec.min}..${spec.max}`
      : spec.min === 1
        ? 'a positive integer'
        : spec.min === 0
          ? 'a non-negative integer'
          : `an integer >= ${spec.min}`;
  return {
    type: 'string',
    value,
    ...common(spec),
    ...shownDefault(spec),
    parse(raw, flag) {
      const t = text(raw);
      if (t === undefined) return spec.default === undefined && spec.required === true ? required(flag, value) : spec.default;
      const n = Number(t);
      if (!/^\d+$/.test(t.trim()) || !Number.isSafeInteger(n) || n < spec.min || (spec.max !== undefined && n > spec.max)) {
        throw new InvalidInputError(`${flag} must be ${what} (got "${t}")`, { field: flag });
      }
      return n;
    },
  };
}

function integerOption(spec: IntegerSpec & { required: true }): CliOption<number>;
function integerOption(spec: IntegerSpec & { default: number }): CliOption<number>;
function integerOption(spec: IntegerSpec): CliOption<number | undefined>;
function integerOption(spec: IntegerSpec & { default?: number; required?: boolean }): CliOption<number | undefined> {
  return makeInteger(spec);
}

type PositiveIntSpec = Omit<IntegerSpec, 'min' | 'max'>;

function positiveIntOption(spec: PositiveIntSpec & { required: true }): CliOption<number>;
function positiveIntOption(spec: PositiveIntSpec & { default: number }): CliOption<number>;
function positiveIntOption(spec: PositiveIntSpec): CliOption<number | undefined>;
function positiveIntOption(spec: PositiveIntSpec & { default?: number; required?: boolean }): CliOption<number | undefined> {
  return makeInteger({ ...spec, min: 1 });
}

function numberOption(spec: Described & { value?: string }): CliOption<number | undefined> {
  return {
    type: 'string',
    value: spec.value ?? 'X',
    ...common(spec),
    ...shownDefault(spec),
    parse(raw, flag) {
      const t = text(raw);
      if (t === undefined) return undefined;
      const n = Number(t);
      if (t.trim() === '' || !Number.isFinite(n)) throw new InvalidInputError(`${flag} must be a number (got "${t}")`, { field: flag });
      return n;
    },
  };
}

interface ChoiceSpec<T extends string> extends Described {
  /** The allowed values, read when the option is parsed or help is printed (registry-backed lists see every task registered by then). */
  choices: () => readonly T[];
}

function checkChoice<T extends string>(value: string, choices: readonly T[], flag: string): T {
  if (!(choices as readonly string[]).includes(value)) {
    throw new InvalidInputError(`${flag} must be ${choices.join(', ')} (got "${value}")`, { field: flag });
  }
  return value as T;
}

function choiceOption<T extends string>(spec: ChoiceSpec<T> & { default: NoInfer<T> }): CliOption<T>;
function choiceOption<T extends string>(spec: ChoiceSpec<T>): CliOption<T | undefined>;
function choiceOption<T extends string>(spec: ChoiceSpec<T> & { default?: T }): CliOption<T | undefined> {
  return {
    type: 'string',
    value: () => spec.choices().join('|'),
    ...common(spec),
    ...shownDefault(spec),
    parse(raw, flag) {
      const t = text(raw);
      return t === undefined ? spec.default : checkChoice(t, spec.choices(), flag);
    },
  };
}

/** A comma-separated list of choices (`--tools a,b`); `undefined` when absent. */
function choiceListOption(spec: ChoiceSpec<string> & { value: string }): CliOption<string[] | undefined> {
  return {
    type: 'string',
    value: spec.value,
    ...common(spec),
    ...shownDefault(spec),
    parse(raw, flag) {
      const t = text(raw);
      if (t === undefined) return undefined;
      const list = t.split(',').map((v) => v.trim());
      const allowed = spec.choices();
      const unknown = list.filter((v) => !allowed.includes(v));
      if (unknown.length > 0) {
        throw new InvalidInputError(`${flag}: unknown ${unknown.join(', ')} (choose from ${allowed.join(', ')})`, { field: flag });
      }
      return list;
    },
  };
}

/** A repeatable string option: every value given, in order. */
function stringsOption(spec: ValueDescribed): CliOption<string[]> {
  return {
    type: 'string',
    multiple: true,
    value: spec.value,
    ...common(spec),
    ...shownDefault(spec),
    parse: (raw) => (Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : []),
  };
}

function flagOption(spec: Described): CliOption<boolean> {
  return { type: 'boolean', ...common(spec), parse: (raw) => raw === true };
}

/** `--json`: print JSON; errors are then `{"error": {code, message, details}}` on stdout. */
function jsonOption(description: string): CliOption<boolean> {
  return { type: 'boolean', role: 'json', description, parse: (raw) => raw === true };
}

/** `--models-dir DIR` (repeatable): model folders searched after `config.modelDirs`; the command's `config.modelDirs` includes them. */
function modelsDirOption(): CliOption<string[]> {
  return {
    ...stringsOption({
      value: 'DIR',
      description:
        "a folder of models (DIR/NAME/manifest.json), searched after the package's own models and TRM_ROUTER_MODELS_DIR; " +
        'a model of the same name replaces an earlier one (repeatable)',
    }),
    role: 'models-dir',
  };
}

/** A model folder (or an installed model's name); the learned task its manifest declares is registered before options are read. */
function modelOption(spec: ValueDescribed & { required: true }): CliOption<string>;
function modelOption(spec: ValueDescribed): CliOption<string | undefined>;
function modelOption(spec: ValueDescribed & { required?: boolean }): CliOption<string | undefined> {
  return { ...stringOption(spec), role: 'model' };
}

/** A value passed on as given (`--name VALUE` or a flag): a command that checks it itself. */
function rawOption(spec: Described & { type: 'string' | 'boolean'; value?: string }): CliOption<string | boolean | undefined> {
  return {
    type: spec.type,
    ...(spec.value === undefined ? {} : { value: spec.value }),
    ...common(spec),
    ...shownDefault(spec),
    parse: (raw) => (Array.isArray(raw) ? raw.at(-1) : raw),
  };
}

/** The shared option parsers. */
export const opt = {
  string: stringOption,
  integer: integerOption,
  positiveInt: positiveIntOption,
  number: numberOption,
  choice: choiceOption,
  choiceList: choiceListOption,
  strings: stringsOption,
  flag: flagOption,
  json: jsonOption,
  modelsDir: modelsDirOption,
  model: modelOption,
  raw: rawOption,
};

// --- usage text ---------------------------------------------------------------------------------

const WIDTH = 100;

/** Words of `text` wrapped to `width`, every line after the first indented by `indent`. */
export function wrap(text: string, width: number, indent: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

/** One help row per option: flags and value, then the description with its default, wrapped. */
export function formatOptionRows(rows: readonly { flags: string; description: string }[], indent = 2): string {
  const column = Math.min(32, Math.max(...rows.map((r) => r.flags.length)) + indent + 2);
  return rows
    .map((r) => {
      const left = `${' '.repeat(indent)}${r.flags}`;
      const description = wrap(r.description, WIDTH - column, column);
      return left.length + 2 <= column ? `${left.padEnd(column)}${description}` : `${left}\n${' '.repeat(column)}${description}`;
    })
    .join('\n');
}

function optionRow(name: string, o: CliOption<unknown>): { flags: string; description: string } {
  const value = typeof o.value === 'function' ? o.value() : o.value;
  const flags = `${o.short === undefined ? '' : `-${o.short}, `}--${name}${value === undefined ? '' : ` ${value}`}`;
  const notes = [
    o.multiple === true && o.role !== 'models-dir' ? 'repeatable' : undefined,
    o.defaultText === undefined ? undefined : `default: ${o.defaultText}`,
  ].filter((n) => n !== undefined);
  return { flags, description: notes.length === 0 ? o.description : `${o.description} (${notes.join('; ')})` };
}

// --- commands -----------------------------------------------------------------------------------

/** What a command's `run` gets. */
export interface CommandContext<O extends OptionTable> {
  values: OptionValues<O>;
  positionals: string[];
  /** The arguments as given (after the command name). */
  argv: readonly string[];
  io: CliIo;
  /** The configuration, its `modelDirs` extended by `--models-dir`. */
  config: Config;
}

export interface CommandSpec<O extends OptionTable> {
  /** `trm-router NAME`. */
  name: string;
  /** One line in `trm-router help`. */
  summary: string;
  /** Prose around the generated option list: before it, and after it (exit status, environment); functions for text read at run time. */
  usage?: { description?: string | (() => string); footer?: string | (() => string) };
  /** The arguments besides options: how help writes them, and how many there may be (default: any); absent = none. */
  positionals?: { synopsis: string; name?: string; max?: number };
  options: O;
  /** Runs the command with checked values; returns the exit status. Errors it throws are reported by `defineCommand`. */
  run(context: CommandContext<O>): Promise<number>;
}

/** A command as the CLI runs it. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** `NAME [ARGS]`, for the command list. */
  readonly synopsis: string;
  /** The generated `--help` text. */
  usage(): string;
  /** Parses `argv` (after the command name) and runs; returns the exit status. Never throws. */
  run(argv: readonly string[], io: CliIo, config: Config): Promise<number>;
}

const HELP: CliOption<boolean> = flagOption({ short: 'h', description: 'this help' });

function read(value: string | (() => string) | undefined): string | undefined {
  return typeof value === 'function' ? value() : value;
}

/** Whether `value` names a model folder rather than an installed model (the same test as `solveParsed`). */
function isModelPath(value: string): boolean {
  return /[/\\]|^\./.test(value) || existsSync(join(value, 'manifest.json'));
}

/** Registers the learned task a model folder's manifest declares; a folder that cannot be read is left for the command to report. */
function registerModelTask(dir: string): void {
  try {
    const manifest = parseManifest(readFileSync(join(dir, 'manifest.json'), 'utf8'), dir);
    if (manifest.learnedTask !== undefined) registerLearnedTask(manifest.learnedTask);
  } catch {
    // reported where the model is loaded, if it is
  }
}

/**
 * A command from its declaration (see the module comment). `--help`/`-h` is added to every
 * command; the usage text lists the options in declaration order.
 */
export function defineCommand<O extends OptionTable>(spec: CommandSpec<O>): Command {
  const entries: [string, CliOption<unknown>][] = Object.entries(spec.options);
  const all: [string, CliOption<unknown>][] = [...entries, ['help', HELP]];
  const jsonName = entries.find(([, o]) => o.role === 'json')?.[0];
  const synopsis = spec.positionals === undefined ? spec.name : `${spec.name} ${spec.positionals.synopsis}`;
  const usage = (): string => {
    const description = read(spec.usage?.description);
    const footer = read(spec.usage?.footer);
    return [
      `Usage: trm-router ${synopsis}${entries.length > 0 ? ' [options]' : ''}`,
      ...(description === undefined ? [] : [description]),
      `Options:\n${formatOptionRows(all.filter(([, o]) => o.hidden !== true).map(([name, o]) => optionRow(name, o)))}`,
      ...(footer === undefined ? [] : [footer]),
    ].join('\n\n');
  };
  const parseOptions = Object.fromEntries(
    all.map(([name, o]) => [name, { type: o.type, ...(o.multiple === true ? { multiple: true } : {}), ...(o.short === undefined ? {} : { short: o.short }) }]),
  );

  return {
    name: spec.name,
    summary: spec.summary,
    synopsis,
    usage,
    async run(argv, io, config) {
      let json = jsonName !== undefined && argv.includes(`--${jsonName}`);
      try {
        const parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: parseOptions });
        const raw = parsed.values as Record<string, RawValue>;
        if (jsonName !== undefined) json = raw[jsonName] === true;
        // Models first: the tasks their manifests declare are choices of the options read below.
        let modelDirs = config.modelDirs;
        for (const [name, o] of entries) {
          const value = raw[name];
          if (o.role === 'models-dir') {
            if (Array.isArray(value) && value.length > 0) modelDirs = [...config.modelDirs, ...value];
            registerInstalledTasks(modelDirs);
          }
        }
        for (const [name, o] of entries) {
          const value = raw[name];
          if (o.role === 'model' && typeof value === 'string' && isModelPath(value)) registerModelTask(value);
        }
        if (raw.help === true) {
          io.stdout(usage() + '\n');
          return EXIT.ok;
        }
        const values = Object.fromEntries(entries.map(([name, o]) => [name, o.parse(raw[name], `--${name}`)])) as OptionValues<O>;
        const positionals = parsed.positionals;
        const p = spec.positionals;
        if (p === undefined && positionals.length > 0) {
          throw new InvalidInputError(`Unexpected argument "${positionals[0]}"`, { field: 'argv' });
        }
        if (p?.max !== undefined && positionals.length > p.max) {
          const name = p.name ?? 'argument';
          throw new InvalidInputError(`Expected at most ${p.max === 1 ? 'one' : p.max} ${name}, got ${positionals.length}`, { field: name });
        }
        return await spec.run({ values, positionals, argv, io, config: modelDirs === config.modelDirs ? config : { ...config, modelDirs } });
      } catch (error) {
        return reportError(io, spec.name, error, json);
      }
    },
  };
}

/**
 * Reports a command's error, as `{"error": {code, message, details}}` on stdout with `--json`,
 * else one line on stderr; returns the exit status (`exitCodeFor`). An error that is neither
 * the toolkit's nor a usage error is reported with code `internal`.
 */
export function reportError(io: CliIo, command: string, error: unknown, json: boolean): number {
  const message = error instanceof Error ? error.message : String(error);
  const known = isTrmRouterError(error) || isParseArgsError(error);
  if (json) {
    const body = isTrmRouterError(error) ? error.toJSON() : { code: known ? 'invalid_input' : 'internal', message, details: {} };
    io.stdout(JSON.stringify({ error: body }) + '\n');
  } else {
    io.stderr(`trm-router ${command}: ${known ? formatError(error) : `internal: ${message}`}\n`);
  }
  return exitCodeFor(error);
}

/** The `trm-router help` text: every command of `commands` with its summary. */
export function commandListUsage(commands: readonly Command[]): string {
  const rows = [...commands.map((c) => ({ flags: c.synopsis, description: c.summary })), { flags: 'help', description: 'this help' }];
  return `Usage: trm-router <command> [options]

Commands:
${formatOptionRows(rows)}

Run "trm-router <command> --help" for a command's options.`;
}
