import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { REPO_ROOT } from '../../test/support/paths.js';
import { runCli } from './run.js';
import { fakeIo } from '../../test/support/cli-io.js';

// The server itself is exercised over stdio with the MCP SDK client in test/adapters-mcp.test.ts.
const config = loadConfig({ TRM_ROUTER_PACKAGE_MODELS: '0', TRM_ROUTER_MODELS_DIR: join(REPO_ROOT, 'test', 'fixtures', 'no-models-here') });

describe('trm-router mcp', () => {
  it('is listed in the usage and has its own help', async () => {
    const usage = fakeIo();
    expect(await runCli(['help'], usage.io, config)).toBe(0);
    expect(usage.out()).toMatch(/mcp\s+serve the solvers as MCP tools/);
    const help = fakeIo();
    expect(await runCli(['mcp', '--help'], help.io, config)).toBe(0);
    expect(help.out()).toMatch(/^Usage: trm-router mcp/);
  });

  it('rejects bad options before starting, without writing to stdout', async () => {
    for (const argv of [
      ['mcp', '--solver', 'magic'],
      ['mcp', '--tools', 'solve_chess'],
      ['mcp', 'extra'],
      ['mcp', '--port', '1'],
    ]) {
      const t = fakeIo();
      expect(await runCli(argv, t.io, config)).toBe(2);
      expect(t.out()).toBe('');
      expect(t.err()).toMatch(/^trm-router mcp: /);
    }
  });
});
