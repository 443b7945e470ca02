import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
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
