import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinTaskNames } from '../src/tasks/index.js';
import { REPO_ROOT } from './support/paths.js';

const SRC = join(REPO_ROOT, 'src');

/** Packages that only the heavy layers (trm, llm, adapters, gateway, cli) may load. */
const HEAVY = [/^onnxruntime/, /^openai$/, /^@anthropic-ai\//, /^hono$/, /^@hono\//, /^@modelcontextprotocol\//, /^ai$/, /^@ai-sdk\//, /^@langchain\//];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every module specifier a file imports (static, side-effect, re-export, dynamic, require). */
export function importsOf(source: string): string[] {
  const specs: string[] = [];
  const patterns = [
    /\bfrom\s+['"]([^'"]+)['"]/g,
    /\bimport\s+['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of source.matchAll(pattern)) specs.push(m[1] as string);
  return specs;
}

function resolveRelative(from: string, spec: string): string {
  const base = resolve(dirname(from), spec);
  const candidates = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, join(base, 'index.ts')];
  const hit = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  if (hit === undefined) throw new Error(`${relative(REPO_ROOT, from)} imports missing ${spec}`);
  return hit;
}

/** All files reachable from `entry` through relative imports, and the bare packages they load. */
function closure(entry: string): { files: Set<string>; packages: Map<string, string> } {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) queue.push(resolveRelative(file, spec));
      else packages.set(spec, relative(REPO_ROOT, file));
    }
  }
  return { files, packages };
}

/** What each layer may import besides itself (DESIGN: core <- tasks <- trm, llm <- router <- adapters <- gateway <- cli). */
const LAYERS: Record<string, readonly string[]> = {
  core: [],
  tasks: ['core'],
  trm: ['core', 'tasks'],
  llm: ['core', 'config'],
  router: ['core', 'tasks', 'trm', 'llm', 'config'],
  adapters: ['core', 'tasks', 'trm', 'llm', 'config'],
  gateway: ['core', 'tasks', 'trm', 'llm', 'router', 'adapters', 'config'],
  cli: ['core', 'tasks', 'trm', 'llm', 'router', 'adapters', 'gateway', 'config', 'testing'],
  testing: ['core', 'llm'],
  config: ['core'],
  index: ['core', 'tasks', 'config'],
};

/** The layer of a path relative to src/: its top folder, or the file's name for top-level files. */
function layerOf(path: string): string {
  const [top, ...rest] = path.split(/[\\/]/);
  return rest.length === 0 ? (top ?? '').replace(/\.ts$/, '') : (top ?? '');
}

/** Task names written as a whole string literal in code (comments stripped). */
export function taskNameLiterals(source: string, names: readonly string[]): string[] {
  const code = source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split('\n')
    .map((line) => line.replace(/(^|\s)\/\/.*$/, ''))
    .join('\n');
  const found: string[] = [];
  for (const m of code.matchAll(/(['"`])([a-z][a-z0-9-]*)\1/g)) {
    if (names.includes(m[2] as string)) found.push(m[2] as string);
  }
  return found;
}

describe('architecture', () => {
  it('the import scanner sees every import form (so the checks below can fail)', () => {
    const sample = `import x from 'openai';\nimport 'hono';\nexport * from "@anthropic-ai/sdk";\nconst m = await import('onnxruntime-node');\nrequire('ai');`;
    expect(importsOf(sample).sort()).toEqual(['@anthropic-ai/sdk', 'ai', 'hono', 'onnxruntime-node', 'openai']);
  });

  for (const entry of ['core/index.ts', 'tasks/index.ts', 'index.ts', 'config.ts']) {
    it(`src/${entry} loads no onnxruntime, LLM SDK or hono, directly or transitively`, () => {
      const { packages } = closure(join(SRC, entry));
      const heavy = [...packages].filter(([spec]) => HEAVY.some((re) => re.test(spec)));
      expect(heavy).toEqual([]);
    });
  }

  it('src/core and src/tasks import nothing from the layers above them', () => {
    const offenders: string[] = [];
    for (const layer of ['core', 'tasks']) {
      for (const file of walk(join(SRC, layer))) {
        for (const spec of importsOf(readFileSync(file, 'utf8'))) {
          if (HEAVY.some((re) => re.test(spec))) offenders.push(`${relative(SRC, file)} -> ${spec}`);
          if (!spec.startsWith('.')) continue;
          const target = relative(SRC, resolveRelative(file, spec));
          const allowed = layer === 'core' ? ['core/'] : ['core/', 'tasks/'];
          if (!allowed.some((prefix) => target.startsWith(prefix)) && !target.startsWith('../test/')) {
            offenders.push(`${relative(SRC, file)} -> ${target}`);
          }
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('every layer imports only the layers below it (type imports included)', () => {
    const offenders: string[] = [];
    for (const file of walk(SRC).filter((f) => !f.endsWith('.test.ts'))) {
      const from = layerOf(relative(SRC, file));
      const allowed = LAYERS[from];
      if (allowed === undefined) {
        offenders.push(`${relative(SRC, file)}: in no known layer`);
        continue;
      }
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const target = relative(SRC, resolveRelative(file, spec));
        if (target.startsWith('../test/')) continue;
        const to = layerOf(target);
        if (to !== from && !allowed.includes(to)) offenders.push(`${relative(SRC, file)} (${from}) -> ${target} (${to})`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the layer check sees a violation (so it can fail)', () => {
    expect(LAYERS[layerOf('tasks/sudoku/codec.ts')]?.includes(layerOf('trm/engine.ts'))).toBe(false);
    expect(LAYERS[layerOf('router/router.ts')]?.includes(layerOf('gateway/app.ts'))).toBe(false);
  });

  it('no built-in task name is hard-coded outside its own folder (the registry is the only list)', () => {
    const names = builtinTaskNames();
    const offenders: string[] = [];
    for (const file of walk(SRC).filter((f) => !f.endsWith('.test.ts'))) {
      const rel = relative(SRC, file);
      for (const name of taskNameLiterals(readFileSync(file, 'utf8'), names)) {
        if (!rel.startsWith(`tasks/${name}/`)) offenders.push(`${rel}: '${name}'`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the task-name check finds quoted names in code and ignores comments and prose', () => {
    const sample = [
      "const a = parsed.task === 'sudoku';",
      'switch (t) { case "maze": break; }',
      'const b = `arc`;',
      '// a comment about the sudoku task',
      "/** @example parseTask(text, 'maze') */",
      "const prose = 'a Sudoku or a maze';",
      "const url = 'http://example.com/sudoku';",
    ].join('\n');
    expect(taskNameLiterals(sample, ['sudoku', 'maze', 'arc'])).toEqual(['sudoku', 'maze', 'arc']);
  });

  it('only src/config.ts reads process.env', () => {
    const readers = walk(SRC)
      .filter((file) => !file.endsWith('.test.ts'))
      .filter((file) => /process\.env\b/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(SRC, file));
    expect(readers).toEqual(['config.ts']);
  });

  it('every subpath export points at a source module', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      exports: Record<string, string | { types: string; default: string }>;
      bin: Record<string, string>;
    };
    const missing: string[] = [];
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'string') continue;
      const source = target.default.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts');
      if (!existsSync(join(REPO_ROOT, source))) missing.push(`${subpath} -> ${source}`);
    }
    for (const bin of Object.values(pkg.bin)) {
      const source = bin.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts');
      if (!existsSync(join(REPO_ROOT, source))) missing.push(`bin -> ${source}`);
    }
    expect(missing).toEqual([]);
  });
});
