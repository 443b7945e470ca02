/** `trm-router ask` and `trm-router route`, run in-process with a fake CliIo. */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run.js';
import type { CliIo } from '../src/cli/io.js';
import { loadConfig } from '../src/config.js';
import { startScriptedLlmServer, step } from '../src/testing/index.js';
import type { ScriptedLlmServer } from '../src/testing/index.js';
import { REPO_ROOT } from './support/paths.js';

const NO_MODELS = join(REPO_ROOT, 'test', 'fixtures', 'no-models-here');
const OFFLINE = loadConfig({ TRM_ROUTER_MODELS_DIR: NO_MODELS });
const SUDOKU = '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79';
const MIXED = `Solve ${SUDOKU} and tell me who invented sudoku.`;

function fakeIo(stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    readStdin: () => Promise.resolve(stdin),
    readFile: () => Promise.reject(new Error('no files here')),
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

let server: ScriptedLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('trm-router ask', () => {
  it('answers the grid part without an LLM and says how to configure one for the text', async () => {
    const t = fakeIo();
    expect(await runCli(['ask', MIXED], t.io, OFFLINE)).toBe(0);
    expect(t.out()).toContain('5 3 4 | 6 7 8 | 9 1 2');
    expect(t.out()).toMatch(/none is configured: set OPENAI_API_KEY/);
    expect(t.err()).toMatch(/part \d: sudoku, verified/);
    expect(t.err()).toMatch(/usage: 0 LLM call/);
  });

  it('reads the request from stdin and answers with the configured LLM (--json)', async () => {
    server = await startScriptedLlmServer({ openai: [step.text('Sudoku was named by Nikoli in 1984.')] });
    const config = loadConfig({ TRM_ROUTER_MODELS_DIR: NO_MODELS, OPENAI_BASE_URL: server.openaiBaseURL, TRM_ROUTER_LLM_MAX_RETRIES: '0' });
    const t = fakeIo(MIXED);
    expect(await runCli(['ask', '-', '--json'], t.io, config)).toBe(0);
    const body = JSON.parse(t.out()) as {
      text: string;
      parts: { kind: string; verified?: boolean; text?: string }[];
      usage: { llmCalls: number };
      plan: { parts: object[] };
    };
    expect(body.parts.map((p) => p.kind).sort()).toEqual(['grid', 'text']);
    expect(body.parts.find((p) => p.kind === 'grid')?.verified).toBe(true);
    expect(body.parts.find((p) => p.kind === 'text')?.text).toBe('Sudoku was named by Nikoli in 1984.');
    expect(body.usage.llmCalls).toBe(1);
    expect(body.plan.parts[0]).not.toHaveProperty('puzzle');
    expect(server.requests).toHaveLength(1);
  });

  it('--no-llm skips a configured LLM', async () => {
    server = await startScriptedLlmServer();
    const config = loadConfig({ TRM_ROUTER_MODELS_DIR: NO_MODELS, OPENAI_BASE_URL: server.openaiBaseURL });
    const t = fakeIo();
    expect(await runCli(['ask', '--no-llm', MIXED], t.io, config)).toBe(0);
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    ['empty request', ['ask', '   '], {}, /invalid_input: The request is empty/],
    ['over the size limit', ['ask', MIXED], { TRM_ROUTER_MAX_INPUT_CHARS: '40' }, /the limit is 40 \(TRM_ROUTER_MAX_INPUT_CHARS\)/],
    ['too many puzzles', ['ask', `${SUDOKU}\n\n${SUDOKU.replace('53', '35')}`], { TRM_ROUTER_MAX_GRID_PARTS: '1' }, /more than 1 puzzles/],
    ['unknown option', ['ask', '--frobnicate', 'x'], {}, /frobnicate/],
  ])('%s: exits 2 before any LLM call', async (_name, argv, env, message) => {
    server = await startScriptedLlmServer();
    const config = loadConfig({ TRM_ROUTER_MODELS_DIR: NO_MODELS, OPENAI_BASE_URL: server.openaiBaseURL, ...env });
    const t = fakeIo();
    expect(await runCli(argv, t.io, config)).toBe(2);
    expect(t.err()).toMatch(message);
    expect(server.requests).toHaveLength(0);
  });
});

describe('trm-router route', () => {
  it('prints the plan as JSON without solving', async () => {
    const t = fakeIo();
    expect(await runCli(['route', MIXED, '--json'], t.io, OFFLINE)).toBe(0);
    const plan = JSON.parse(t.out()) as { parts: { kind: string; task?: string; confidence: number; reason: string }[] };
    expect(plan.parts.map((p) => `${p.kind}${p.task === undefined ? '' : `:${p.task}`}`).sort()).toEqual(['grid:sudoku', 'text']);
    for (const part of plan.parts) {
      expect(part.confidence).toBeGreaterThan(0);
      expect(part.confidence).toBeLessThanOrEqual(1);
      expect(part).not.toHaveProperty('puzzle');
      expect(part).not.toHaveProperty('solution');
    }
  });

  it('routes a look-alike from stdin to text, in words', async () => {
    const t = fakeIo('Compute the determinant of\n1 2 3 4\n3 4 1 2\n2 1 4 3\n4 3 2 1');
    expect(await runCli(['route'], t.io, OFFLINE)).toBe(0);
    expect(t.out()).toMatch(/^1\. text \(confidence/);
    expect(t.out()).not.toMatch(/grid/);
  });

  it('is listed in the help', async () => {
    const t = fakeIo();
    expect(await runCli(['help'], t.io, OFFLINE)).toBe(0);
    expect(t.out()).toMatch(/ask "\.\.\."\|-/);
    expect(t.out()).toMatch(/route "\.\.\."\|-/);
  });
});
