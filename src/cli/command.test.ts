import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { InvalidInputError, UnsolvableError } from '../core/index.js';
import type { Config } from '../config.js';
import { commandListUsage, defineCommand, opt } from './command.js';
import { EXIT } from './io.js';
import { COMMANDS, USAGE } from './run.js';
import { fakeIo } from '../../test/support/cli-io.js';

const config = loadConfig({ TRM_ROUTER_PACKAGE_MODELS: '0' });

const colours = ['red', 'green'];
let seen: { values: Record<string, unknown>; positionals: string[]; config: Config } | undefined;
let fail: Error | undefined;

const demo = defineCommand({
  name: 'demo',
  summary: 'a command for the tests',
  positionals: { synopsis: '[FILE]', name: 'FILE', max: 1 },
  usage: { description: 'Does nothing useful.', footer: () => `Colours now: ${colours.join(' ')}.` },
  options: {
    count: opt.positiveInt({ required: true, description: 'how many' }),
    seed: opt.integer({ value: 'S', min: 0, default: 1, description: 'the seed' }),
    colour: opt.choice({ choices: () => colours, default: 'red', description: 'which colour' }),
    level: opt.choice({ choices: () => ['low', 'high'] as const, description: 'a level', defaultText: 'whatever fits' }),
    ratio: opt.number({ description: 'a ratio' }),
    tag: opt.strings({ value: 'TAG', description: 'a tag' }),
    tools: opt.choiceList({ value: 'LIST', choices: () => ['a', 'b'], description: 'some tools' }),
    out: opt.string({ value: 'FILE', description: 'where to write', defaultText: 'standard output' }),
    verbose: opt.flag({ short: 'v', description: 'say more' }),
    'models-dir': opt.modelsDir(),
    json: opt.json('print JSON'),
  },
  run({ values, positionals, config: c }) {
    seen = { values, positionals, config: c };
    if (fail !== undefined) return Promise.reject(fail);
    return Promise.resolve(EXIT.ok);
  },
});

async function run(argv: string[], thrown?: Error) {
  const t = fakeIo();
  seen = undefined;
  fail = thrown;
  const code = await demo.run(argv, t.io, config);
  return { code, out: t.out(), err: t.err() };
}

describe('defineCommand', () => {
  it('parses and checks every kind of option, with defaults, and hands run the values', async () => {
    const r = await run(['f.txt', '--count', '3', '--colour', 'green', '--ratio=-0.5', '--tag', 'x', '--tag', 'y', '--tools', 'a,b', '-v']);
    expect(r.code).toBe(0);
    expect(seen?.values).toEqual({
      count: 3,
      seed: 1,
      colour: 'green',
      level: undefined,
      ratio: -0.5,
      tag: ['x', 'y'],
      tools: ['a', 'b'],
      out: undefined,
      verbose: true,
      'models-dir': [],
      json: false,
    });
    expect(seen?.positionals).toEqual(['f.txt']);
    expect(seen?.config).toBe(config);
  });

  it("appends --models-dir folders to the configured ones (the package's own stay first)", async () => {
    await run(['--count', '1', '--models-dir', 'a', '--models-dir', 'b']);
    expect(seen?.config.modelDirs).toEqual([...config.modelDirs, 'a', 'b']);
    const withPackage = loadConfig({});
    const t = fakeIo();
    await demo.run(['--count', '1', '--models-dir', 'mine'], t.io, withPackage);
    expect(seen?.config.modelDirs).toEqual([...withPackage.modelDirs, 'mine']);
    expect(seen?.config.modelDirs[0]).toMatch(/models$/);
  });

  it('reads choices when the option is parsed, not when the command is defined', async () => {
    expect((await run(['--count', '1', '--colour', 'blue'])).err).toMatch(/--colour must be red, green \(got "blue"\)/);
    colours.push('blue');
    try {
      expect((await run(['--count', '1', '--colour', 'blue'])).code).toBe(0);
      expect(demo.usage()).toContain('--colour red|green|blue');
    } finally {
      colours.pop();
    }
  });

  it.each([
    ['a missing required option', [], /--count N is required \[field --count\]/],
    ['not a positive integer', ['--count', '0'], /--count must be a positive integer \(got "0"\)/],
    ['not a non-negative integer', ['--count', '1', '--seed=-1'], /--seed must be a non-negative integer/],
    ['not a number', ['--count', '1', '--ratio', 'lots'], /--ratio must be a number/],
    ['an unknown choice in a list', ['--count', '1', '--tools', 'a,z'], /--tools: unknown z \(choose from a, b\)/],
    ['too many positionals', ['--count', '1', 'a', 'b'], /Expected at most one FILE, got 2/],
    ['an unknown option', ['--count', '1', '--frobnicate'], /^trm-router demo: Unknown option '--frobnicate'/],
    ['a missing value', ['--count'], /--count/],
  ])('%s is a usage error (exit 2) on stderr', async (_name, argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
    expect(seen).toBeUndefined();
  });

  it('reports errors as {"error"} JSON on stdout with --json, parse errors included', async () => {
    const bad = await run(['--count', '0', '--json']);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.out)).toEqual({
      error: { code: 'invalid_input', message: '--count must be a positive integer (got "0")', details: { field: '--count' } },
    });
    const unknown = await run(['--json', '--frobnicate']);
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.out)).toMatchObject({ error: { code: 'invalid_input', message: expect.stringContaining('frobnicate') as unknown } });
    expect(unknown.err).toBe('');
  });

  it("keeps the exit status of the toolkit's errors thrown by run", async () => {
    const r = await run(['--count', '1'], new UnsolvableError('no solution'));
    expect(r.code).toBe(EXIT.unsolvable);
    expect(r.err).toBe('trm-router demo: unsolvable: no solution\n');
    const input = await run(['--count', '1', '--json'], new InvalidInputError('bad grid', { field: 'input' }));
    expect(input.code).toBe(EXIT.usage);
    expect(JSON.parse(input.out)).toEqual({ error: { code: 'invalid_input', message: 'bad grid', details: { field: 'input' } } });
  });

  it('reports an unexpected error with code internal and exit 1', async () => {
    const text = await run(['--count', '1'], new RangeError('boom'));
    expect(text.code).toBe(EXIT.failure);
    expect(text.err).toBe('trm-router demo: internal: boom\n');
    const json = await run(['--count', '1', '--json'], new TypeError('kaboom'));
    expect(json.code).toBe(EXIT.failure);
    expect(JSON.parse(json.out)).toEqual({ error: { code: 'internal', message: 'kaboom', details: {} } });
  });

  it('generates its usage from the declarations: values, defaults, repeatable, prose and help', async () => {
    for (const argv of [['--help'], ['-h'], ['--help', '--count', 'x']]) {
      const r = await run(argv);
      expect(r.code).toBe(0);
      expect(r.out).toBe(demo.usage() + '\n');
    }
    const usage = demo.usage();
    expect(usage).toMatch(/^Usage: trm-router demo \[FILE\] \[options\]\n\nDoes nothing useful\.\n\nOptions:\n/);
    expect(usage).toMatch(/\n {2}--count N +how many\n/);
    expect(usage).toMatch(/\n {2}--seed S +the seed \(default: 1\)\n/);
    expect(usage).toMatch(/\n {2}--colour red\|green +which colour \(default: red\)\n/);
    expect(usage).toMatch(/\n {2}--level low\|high +a level \(default: whatever fits\)\n/);
    expect(usage).toMatch(/\n {2}--tag TAG +a tag \(repeatable\)\n/);
    expect(usage).toMatch(/\n {2}-v, --verbose +say more\n/);
    expect(usage).toMatch(/\n {2}--models-dir DIR +a folder of models .*\(repeatable\)/s);
    expect(usage).toMatch(/\n {2}--json +print JSON\n {2}-h, --help +this help\n\nColours now: red green\.$/);
  });
});

describe('the command table', () => {
  it('generates the top-level usage from every command', () => {
    expect(USAGE).toBe(commandListUsage(COMMANDS));
    for (const command of COMMANDS) {
      expect(USAGE).toMatch(
        new RegExp(`\\n {2}${command.synopsis.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} +${command.summary.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      );
      expect(command.usage()).toMatch(new RegExp(`^Usage: trm-router ${command.name}\\b`));
    }
    expect(COMMANDS.map((c) => c.name)).toEqual(['solve', 'ask', 'route', 'data', 'learn', 'adapt', 'eval', 'models', 'mcp', 'serve']);
  });

  it('every command answers --help with its usage, exit 0', async () => {
    for (const command of COMMANDS) {
      const t = fakeIo();
      expect(await command.run(['--help'], t.io, config)).toBe(0);
      expect(t.out()).toBe(command.usage() + '\n');
    }
  });
});
