import { describe, expect, it } from 'vitest';
import { InvalidInputError, ProviderError } from '../core/errors.js';
import { sudoku } from '../tasks/sudoku/index.js';
import { createMockLlmProvider } from '../testing/mock-llm-provider.js';
import type { LocalSolvers } from './local-solvers.js';
import { createLocalSolvers } from './local-solvers.js';
import { createRouter } from './router.js';

const SUDOKU = '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79';
const SOLVED = sudoku.formatSolution(sudoku.exact!.solve(sudoku.parse(SUDOKU)).solution, sudoku.parse(SUDOKU));
const EXACT = createLocalSolvers({ modelDirs: ['/nonexistent/models'] });
const ARC = '{"train": [{"input": [[1, 2]], "output": [[2, 1]]}], "test": [{"input": [[3, 4]]}]}';
const router = (options: Parameters<typeof createRouter>[0] = {}) => createRouter({ solvers: EXACT, ...options });

describe('router without an LLM', () => {
  it('answers grid parts, and says plainly that text parts need an LLM and how to configure one', async () => {
    const answer = await router().answer(`Solve this and tell me who invented sudoku: ${SUDOKU}`);
    const grid = answer.parts.find((p) => p.kind === 'grid');
    expect(grid).toMatchObject({ kind: 'grid', task: 'sudoku', verified: true, rendered: SOLVED });
    const text = answer.parts.find((p) => p.kind === 'text');
    expect(text?.kind === 'text' && text.text).toMatch(/needs a language model, and none is configured: set OPENAI_API_KEY/);
    expect(answer.text).toContain(SOLVED);
    expect(answer.usage).toMatchObject({ llmCalls: 0, inputTokens: 0 });
    expect(answer.notes.map((n) => n.code)).toContain('no_llm');
  });

  it('counts the TRM steps of every grid part in usage, also where exact search answered after the TRM', async () => {
    // a local solver chain whose TRM ran 40 steps (exploration) before exact search answered
    const afterTrm: LocalSolvers = {
      async solve(parsed, o) {
        const outcome = await EXACT.solve(parsed, o);
        return outcome === undefined ? undefined : { ...outcome, trmSteps: 40 };
      },
    };
    const answer = await router({ solvers: afterTrm }).answer(`Solve ${SUDOKU} and ${SUDOKU.replace('53', '.3')}`);
    expect(answer.parts.filter((p) => p.kind === 'grid').map((p) => p.provenance.kind)).toEqual(['exact', 'exact']);
    expect(answer.usage.trmSteps).toBe(80);
  });

  it('reports an unsolvable puzzle without failing the request', async () => {
    const answer = await router().answer('Solve this 4x4 sudoku: 4..3..1.....23.4');
    expect(answer.notes.map((n) => n.code)).toContain('unsolvable');
    expect(answer.text).toMatch(/has no solution/);
  });

  it('refuses input over the size limit before any LLM call', async () => {
    const llm = createMockLlmProvider();
    await expect(router({ llm, limits: { maxInputChars: 50 } }).answer(`Explain: ${SUDOKU}`)).rejects.toBeInstanceOf(InvalidInputError);
    expect(llm.calls).toHaveLength(0);
  });
});

describe('router with an LLM', () => {
  it('gives the solver results to the LLM as tool results and inserts the verified grid verbatim', async () => {
    const llm = createMockLlmProvider({
      replies: [{ text: 'Sudoku was popularised by Nikoli. (1 2 3 4 5 6 7 8 9 would be wrong.)', usage: { inputTokens: 50, outputTokens: 12 } }],
    });
    const answer = await router({ llm }).answer(`Who invented sudoku? Also solve ${SUDOKU}`);
    expect(llm.calls).toHaveLength(1);
    const call = llm.calls[0]!;
    const user = call.messages.find((m) => m.role === 'user');
    expect(user?.content).toContain('[puzzle 1: a sudoku');
    expect(user?.content).not.toContain(SUDOKU);
    const assistant = call.messages.find((m) => m.role === 'assistant');
    expect(assistant?.role === 'assistant' && assistant.toolCalls?.[0]).toMatchObject({ name: 'solve_puzzle', arguments: { puzzle: 1, task: 'sudoku' } });
    const tool = call.messages.find((m) => m.role === 'tool');
    expect(tool?.role === 'tool' && JSON.parse(tool.content)).toMatchObject({ puzzle: 1, status: 'solved', verified: true, solution: SOLVED });
    expect(call.toolChoice).toBe('none');
    expect(answer.text).toContain(SOLVED);
    expect(answer.text).toContain('popularised by Nikoli');
    expect(answer.parts.find((p) => p.kind === 'grid')).toMatchObject({ rendered: SOLVED, verified: true });
    expect(answer.parts.find((p) => p.kind === 'text')?.provenance).toMatchObject({ kind: 'llm', solver: 'mock', model: 'mock-model' });
    expect(answer.usage).toEqual({ llmCalls: 1, inputTokens: 50, outputTokens: 12, trmSteps: 0 });
  });

  it('asks the LLM only about ambiguous regions, and solves those it confirms', async () => {
    const block = '1 . . 4\n. . 1 .\n. 1 . .\n4 . . 1';
    const llm = createMockLlmProvider({
      replies: [{ object: { regions: [{ id: 1, isPuzzle: true, task: 'sudoku', reason: 'dots are blanks' }] } }, { text: 'It is a 4x4 sudoku.' }],
    });
    const r = router({ llm });
    const answer = await r.answer(`Can you do something with this?\n${block}`);
    expect(llm.calls[0]?.output?.name).toBe('route_regions');
    expect(answer.plan.parts.find((p) => p.kind === 'grid')).toMatchObject({ source: 'llm', task: 'sudoku' });
    expect(answer.parts.find((p) => p.kind === 'grid')).toMatchObject({ verified: true });
    // A grid the structure settles needs no classification call.
    const quiet = createMockLlmProvider();
    await router({ llm: quiet }).plan(SUDOKU);
    expect(quiet.calls).toHaveLength(0);
  });

  it('leaves a region the LLM rejects as text', async () => {
    const llm = createMockLlmProvider({ replies: [{ object: { regions: [{ id: 1, isPuzzle: false, task: null, reason: 'a table' }] } }] });
    const { plan } = await router({ llm }).plan('Can you do something with this?\n1 . . 4\n. . 1 .\n. 1 . .\n4 . . 1');
    expect(plan.parts.map((p) => p.kind)).toEqual(['text']);
  });

  it('extracts a puzzle described in words into the schema, validates it, and reports a failed extraction', async () => {
    const text = 'My 4x4 sudoku: row 1 is 1 _ _ 4, row 2 is _ _ 1 _, row 3 is _ 1 _ _, row 4 is 4 _ _ 1.';
    const cells = [1, 0, 0, 4, 0, 0, 1, 0, 0, 1, 0, 0, 4, 0, 0, 1];
    const llm = createMockLlmProvider({
      replies: [
        { object: { found: true, puzzle: { size: 4, cells }, problem: null } },
        { object: { found: false, puzzle: null, problem: 'row 4 is missing' } },
        { object: { found: true, puzzle: { size: 4, cells: [1, 1, ...cells.slice(2)] }, problem: null } },
      ],
    });
    const r = router({ llm, cache: false });
    const ok = await r.answer(text);
    expect(llm.calls[0]?.output?.name).toBe('extract_sudoku');
    expect(llm.calls[0]?.messages.at(-1)?.content).toContain('row 1 is 1 _ _ 4');
    expect(ok.parts[0]).toMatchObject({ kind: 'grid', task: 'sudoku', verified: true, puzzle: { size: 4, cells } });
    const missing = await r.answer(text);
    expect(missing.parts[0]).toMatchObject({ kind: 'text' });
    expect(missing.text).toMatch(/does not give a complete sudoku: row 4 is missing/);
    const conflicting = await r.answer(text);
    expect(conflicting.notes.map((n) => n.code)).toContain('extraction_failed');
    expect(conflicting.text).toMatch(/not valid/);
  });

  it('sends an ARC task no model knows to the LLM with its train pairs and validates the grid', async () => {
    const llm = createMockLlmProvider({ replies: [{ object: { outputs: [[[4, 3]]] } }, { object: { outputs: [[[4, 12]]] } }] });
    const r = router({ llm, cache: false });
    const good = await r.answer(ARC);
    expect(llm.calls[0]?.messages.at(-1)?.content).toContain('[[1,2]] -> output [[2,1]]');
    expect(good.parts[0]).toMatchObject({ kind: 'grid', task: 'arc', solution: [[[4, 3]]], verified: false, provenance: { kind: 'llm' } });
    const bad = await r.answer(ARC);
    expect(bad.parts[0]?.kind).toBe('text');
    expect(bad.text).toMatch(/not a valid solution/);
  });

  it('keeps the grid parts when the LLM fails', async () => {
    const leak = 'mock answered HTTP 401: Incorrect API key provided: upstream-sec****';
    const llm = createMockLlmProvider({ replies: [new ProviderError('mock', leak, { reason: 'http', upstreamStatus: 401 })] });
    const answer = await router({ llm }).answer(`Solve ${SUDOKU} and explain the first step.`);
    expect(answer.parts.find((p) => p.kind === 'grid')).toMatchObject({ verified: true, rendered: SOLVED });
    expect(answer.notes.map((n) => n.code)).toContain('llm_failed');
    // The note names the failure by kind and status; the upstream's words (a key fragment) stay on the error.
    expect(answer.text).toMatch(/could not answer this part \(provider: mock answered HTTP 401\)/);
    expect(JSON.stringify(answer)).not.toContain('upstream-sec');
  });
});

describe('router cache', () => {
  it('serves a puzzle seen before in another notation from the cache', async () => {
    let solves = 0;
    const counting: LocalSolvers = {
      solve: (parsed, options) => {
        solves++;
        return EXACT.solve(parsed, options);
      },
    };
    const r = createRouter({ solvers: counting });
    await r.answer(SUDOKU);
    const again = await r.answer(sudoku.format(sudoku.parse(SUDOKU)));
    expect(solves).toBe(1);
    expect(again.notes.map((n) => n.code)).toEqual(['cache_hit']);
    expect(again.parts[0]).toMatchObject({ rendered: SOLVED, verified: true });
  });
});
