import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DIR = dirname(fileURLToPath(import.meta.url));
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });

describe('src/gateway layout', () => {
  it('kebab-case files under ~400 lines', () => {
    for (const file of files(DIR)) {
      expect(relative(DIR, file)).toMatch(/^([a-z0-9-]+\/)*[a-z0-9-]+(\.test)?\.ts$/);
      expect(readFileSync(file, 'utf8').split('\n').length, relative(DIR, file)).toBeLessThanOrEqual(400);
    }
  });

  it('loads the optional MCP SDK only on demand (a dynamic import in routes/mcp.ts)', () => {
    for (const file of files(DIR)) {
      const source = readFileSync(file, 'utf8');
      expect(source, relative(DIR, file)).not.toMatch(/^\s*import\s+(?!type\b)[^;]*['"]@modelcontextprotocol\//m);
      expect(source, relative(DIR, file)).not.toMatch(/^\s*import\s+(?!type\b)[^;]*['"]\.\.\/\.\.\/adapters\/mcp\.js['"]/m);
    }
  });

  it('reads no environment variables (src/config.ts does)', () => {
    for (const file of files(DIR)) expect(readFileSync(file, 'utf8'), relative(DIR, file)).not.toMatch(/process\.env\b/);
  });
});
