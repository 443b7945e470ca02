/**
 * The Python tools `learn` and `adapt` run from an installed package (src/trm/learn.ts,
 * src/trm/adapt.ts: `tools/train.py`, `tools/export_onnx.py`, `tools/adapt.py`, and the recipe
 * `tools/configs/grid_cpu.py`) must be in package.json `files`, with every repository module they
 * import, at the top of a file or inside a function: a module left out is an ImportError on a
 * user's machine and nowhere in this repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/paths.js';

const TOOLS = join(REPO_ROOT, 'tools');
const ENTRY = ['train.py', 'export_onnx.py', 'adapt.py'];

/** The repository modules (tools/X.py or tools/X/__init__.py) a tool file imports, anywhere in it. */
function localImports(file: string): string[] {
  const text = readFileSync(join(TOOLS, file), 'utf8');
  const names = new Set<string>();
  for (const m of text.matchAll(/^\s*(?:from\s+([\w.]+)\s+import|import\s+([\w.]+))/gm)) {
    const top = (m[1] ?? m[2] ?? '').split('.')[0] ?? '';
    if (existsSync(join(TOOLS, `${top}.py`))) names.add(`${top}.py`);
    else if (existsSync(join(TOOLS, top, '__init__.py'))) {
      // a package: the modules of it that are imported by dotted name, and its __init__
      names.add(`${top}/__init__.py`);
      const sub = (m[1] ?? m[2] ?? '').split('.')[1];
      if (sub !== undefined && existsSync(join(TOOLS, top, `${sub}.py`))) names.add(`${top}/${sub}.py`);
    }
  }
  return [...names];
}

/** Every file the entry tools need, following imports. */
function closure(): string[] {
  const seen = new Set<string>(ENTRY);
  const queue = [...ENTRY];
  while (queue.length > 0) {
    for (const dep of localImports(queue.pop() as string)) {
      if (!seen.has(dep)) {
        seen.add(dep);
        queue.push(dep);
      }
    }
  }
  return [...seen].sort();
}

/** Whether package.json `files` ships `tools/<file>` (entries are paths, folders or one-level globs). */
function shipped(files: string[], file: string): boolean {
  const path = `tools/${file}`;
  return files.some((f) => {
    if (f === path || path.startsWith(`${f}/`)) return true;
    if (!f.includes('*')) return false;
    const re = new RegExp(`^${f.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
    return re.test(path);
  });
}

describe('the Python tools in the npm package', () => {
  const files = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { files: string[] }).files;

  it('include learn and adapt entry points, the recipe learn runs, and every module they import', () => {
    const needed = [...closure(), 'configs/grid_cpu.py'];
    expect(needed).toEqual(expect.arrayContaining(['train.py', 'arc_data.py', 'onnx_init.py', 'trm/model.py']));
    expect(needed.filter((f) => !shipped(files, f))).toEqual([]);
  });
});
