/**
 * The adapters stay behind their subpaths: each loads only its own framework, the neutral
 * `trm-router/adapters` loads none, the root barrel none of the adapters, and the CLI loads the
 * optional MCP SDK only when `trm-router mcp` runs.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/paths.js';

const SRC = join(REPO_ROOT, 'src');
const FRAMEWORKS = /^(openai|@anthropic-ai\/|@modelcontextprotocol\/|ai$|@ai-sdk\/|@langchain\/)/;

/** Module specifiers loaded when the file is evaluated: static value imports and re-exports, not `import type` or `import()`. */
function staticImports(source: string): string[] {
  const specs: string[] = [];
  for (const m of source.matchAll(/^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm)) {
    if (m[2] === undefined) specs.push(m[3] as string);
  }
  return specs;
}

function resolveRelative(from: string, spec: string): string {
  const base = resolve(dirname(from), spec);
  const hit = [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')].find((c) => existsSync(c) && statSync(c).isFile());
  if (hit === undefined) throw new Error(`${relative(REPO_ROOT, from)} imports missing ${spec}`);
  return hit;
}

/** Files and bare packages loaded (eagerly) by `entry`. */
function loads(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [join(SRC, entry)];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of staticImports(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) queue.push(resolveRelative(file, spec));
      else packages.add(spec);
    }
  }
  return { files: [...files].map((f) => relative(SRC, f)), packages: [...packages] };
}

const frameworks = (entry: string) =>
  [
    ...new Set(
      loads(entry)
        .packages.filter((p) => FRAMEWORKS.test(p))
        .map((p) =>
          p
            .split('/')
            .slice(0, p.startsWith('@') ? 2 : 1)
            .join('/'),
        ),
    ),
  ].sort();

describe('adapter subpaths', () => {
  it('the scanner sees value imports and skips type-only ones', () => {
    expect(
      staticImports(`import type { A } from 'ai';\nimport { b } from 'openai';\nexport { c } from './c.js';\nexport type { D } from 'x';\nimport 'side';`),
    ).toEqual(['openai', './c.js', 'side']);
  });

  it.each([
    ['adapters/index.ts', []],
    ['adapters/openai.ts', ['openai']],
    ['adapters/anthropic.ts', ['@anthropic-ai/sdk']],
    ['adapters/mcp.ts', ['@modelcontextprotocol/sdk']],
    ['adapters/ai-sdk.ts', ['ai']],
    ['adapters/langchain.ts', ['@langchain/core']],
  ])('src/%s loads only its own framework', (entry, expected) => {
    expect(frameworks(entry)).toEqual(expected);
  });

  it('the root barrel loads no adapter, and the CLI loads the optional frameworks lazily', () => {
    expect(loads('index.ts').files.filter((f) => f.startsWith('adapters/'))).toEqual([]);
    const cli = loads('cli/main.ts').packages;
    expect(cli.filter((p) => /^(@modelcontextprotocol\/|ai$|@langchain\/)/.test(p))).toEqual([]);
  });

  it('every adapter subpath is exported, and the optional frameworks are optional peers', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      exports: Record<string, { default: string }>;
      peerDependencies: Record<string, string>;
      peerDependenciesMeta: Record<string, { optional: boolean }>;
    };
    expect(pkg.exports['./adapters/openai']?.default).toBe('./dist/adapters/openai.js');
    expect(pkg.exports['./adapters/anthropic']?.default).toBe('./dist/adapters/anthropic.js');
    expect(pkg.exports['./adapters/ai-sdk']?.default).toBe('./dist/adapters/ai-sdk.js');
    expect(pkg.exports['./adapters/langchain']?.default).toBe('./dist/adapters/langchain.js');
    expect(pkg.exports['./mcp']?.default).toBe('./dist/adapters/mcp.js');
    for (const peer of ['@modelcontextprotocol/sdk', 'ai', '@langchain/core']) {
      expect(pkg.peerDependencies[peer]).toBeDefined();
      expect(pkg.peerDependenciesMeta[peer]?.optional).toBe(true);
    }
  });
});
