import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { runCli } from './run.js';
import { fakeIo } from '../../test/support/cli-io.js';

// The whole learn (Python training) runs in CI (.ci/learned-task.sh); here, what happens before any training.
const config = loadConfig({ TRM_ROUTER_PACKAGE_MODELS: '0' });
const work = mkdtempSync(join(tmpdir(), 'trm-learn-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const pair = (input: unknown, output: unknown): string => JSON.stringify({ input, output });

describe('trm-router learn', () => {
  it('reports every bad line of the data, with its number, before any training (exit 2)', async () => {
    const data = [pair([[0, 1]], [[1, 0]]), '{"input": [[0]]}', pair([[0, 1], [2]], [[0]]), 'oops'].join('\n');
    const t = fakeIo({ files: { 'pairs.jsonl': data } });
    const code = await runCli(['learn', '--name', 'swap', '--data', 'pairs.jsonl', '--out', join(work, 'swap')], t.io, config);
    expect(code).toBe(2);
    expect(t.err()).toMatch(
      /pairs\.jsonl: 3 bad lines:\n {2}line 2: output: missing[^\n]*\n {2}line 3: input: row 2 has 1 cells, row 1 has 2[^\n]*\n {2}line 4: not JSON/,
    );
  });

  it('refuses a built-in task name, and says what is missing when Python is not there', async () => {
    const data = Array.from({ length: 10 }, (_, i) => pair([[i % 2, 0]], [[0, i % 2]])).join('\n');
    const builtin = fakeIo({ files: { 'pairs.jsonl': data } });
    expect(await runCli(['learn', '--name', 'maze', '--data', 'pairs.jsonl', '--out', join(work, 'm')], builtin.io, config)).toBe(2);
    expect(builtin.err()).toMatch(/built-in task/);
    const noPython = fakeIo({ files: { 'pairs.jsonl': data } });
    const code = await runCli(
      ['learn', '--name', 'flip', '--data', 'pairs.jsonl', '--out', join(work, 'flip'), '--python', '/nonexistent/python3', '--minutes', '0.1'],
      noPython.io,
      config,
    );
    expect(code).toBe(1);
    expect(noPython.err()).toMatch(/flip: 10 pairs \(9 to train on, 1 held out\), grids up to 1x2, colours 0\.\.1/);
    expect(noPython.err()).toMatch(/\/nonexistent\/python3 not found: learn trains with Python 3, torch and onnx/);
  });
});
