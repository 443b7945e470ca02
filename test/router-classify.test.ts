/**
 * With an LLM configured, a region that structure and context leave open goes to the classifier
 * prompt (prompts/classify.md) as structured output `route_regions`, through the real SDKs
 * against the scripted LLM server. The reply is validated: a region becomes a puzzle only when
 * the reply matches the schema, says it is a puzzle of a registered task, and the region parses
 * as that task. A bad reply (not JSON, an unknown task, the wrong shape, another region's id, a
 * task the region is not) leaves the region as text, with a note when the reply was invalid;
 * it never sends a region to a solver on a guess. (Issue 20.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnthropicProvider, createOpenAiProvider } from '../src/llm/index.js';
import type { LlmProvider } from '../src/llm/index.js';
import { createLocalSolvers, createRouter } from '../src/router/index.js';
import type { RoutePlan } from '../src/router/index.js';
import { planStructure } from '../src/router/plan.js';
import { startScriptedLlmServer, step } from '../src/testing/index.js';
import type { ScriptedLlmServer, ScriptStep } from '../src/testing/index.js';

/** A 4x4 Sudoku with 0 for blanks next to the word "matrix": ambiguous by structure and context. */
const AMBIGUOUS = 'Is this a valid matrix or a puzzle?\n0 1 0 3\n4 0 0 0\n0 0 0 4\n0 4 1 0';
const solvers = createLocalSolvers({ modelDirs: ['/nonexistent/models'] });

let server: ScriptedLlmServer;
beforeEach(async () => {
  server = await startScriptedLlmServer();
});
afterEach(async () => {
  await server.close();
});

const providers: [string, (s: ScriptedLlmServer) => LlmProvider, 'openai' | 'anthropic'][] = [
  ['openai', (s) => createOpenAiProvider({ baseURL: s.openaiBaseURL, apiKey: 'sk-test', model: 'gpt-test' }), 'openai'],
  ['anthropic', (s) => createAnthropicProvider({ baseURL: s.anthropicBaseURL, apiKey: 'sk-ant-test', model: 'claude-test' }), 'anthropic'],
];

const gridTasks = (plan: RoutePlan) => plan.parts.filter((p) => p.kind === 'grid').map((p) => (p.kind === 'grid' ? `${p.task}:${p.source}` : ''));
const ambiguousLeft = (plan: RoutePlan) => plan.parts.flatMap((p) => (p.kind === 'text' ? (p.ambiguous ?? []) : [])).length;

/** The bad replies and what each is. */
const BAD: [string, ScriptStep][] = [
  ['malformed JSON', step.text('{"regions": [{"id": 1, "isPuzzle": tru')],
  ['an unknown task', step.object({ regions: [{ id: 1, isPuzzle: true, task: 'kakuro', reason: 'looks like one' }] })],
  ['the wrong shape', step.object({ regions: 'yes, a sudoku' })],
  ['a missing field', step.object({ regions: [{ id: 1, task: 'sudoku', reason: 'a 4x4' }] })],
];

describe('the classifier prompt on the scripted LLM server', () => {
  it('the request is ambiguous without an LLM: neither a grid part nor dropped', () => {
    const plan = planStructure(AMBIGUOUS);
    expect(gridTasks(plan)).toEqual([]);
    expect(ambiguousLeft(plan)).toBe(1);
  });

  for (const [name, make, endpoint] of providers) {
    it(`${name}: asks route_regions as structured output with the region and the tasks, and follows a valid yes`, async () => {
      server.push(endpoint, step.object({ regions: [{ id: 1, isPuzzle: true, task: 'sudoku', reason: 'a 4x4 sudoku with 0 for blanks' }] }));
      const { plan } = await createRouter({ llm: make(server), solvers }).plan(AMBIGUOUS);
      expect(gridTasks(plan)).toEqual(['sudoku:llm']);
      const body = JSON.stringify(server.requests[0]?.body);
      expect(body).toContain('route_regions');
      expect(body).toContain('0 1 0 3');
      expect(body).toMatch(/- sudoku: /);
    });

    it(`${name}: keeps the region as text on a valid no`, async () => {
      server.push(endpoint, step.object({ regions: [{ id: 1, isPuzzle: false, task: null, reason: 'a matrix' }] }));
      const { plan } = await createRouter({ llm: make(server), solvers }).plan(AMBIGUOUS);
      expect(gridTasks(plan)).toEqual([]);
      expect(ambiguousLeft(plan)).toBe(1);
    });

    for (const [what, reply] of BAD) {
      it(`${name}: falls back to text, with a note, on ${what}`, async () => {
        server.push(endpoint, reply, step.text('It reads as a matrix.'));
        const answer = await createRouter({ llm: make(server), solvers }).answer(AMBIGUOUS);
        expect(gridTasks(answer.plan)).toEqual([]);
        expect(answer.notes.find((n) => n.code === 'llm_failed')?.message).toMatch(
          /Classifying grid-like regions failed, so they stay text \(provider: .*(is not JSON|not JSON|does not match its schema|does not fit the schema|did not call the route_regions tool)/,
        );
        expect(answer.text).toContain('It reads as a matrix.');
      });
    }

    it(`${name}: does not promote a region the reply names by another id, or as a task it does not parse as`, async () => {
      server.push(
        endpoint,
        step.object({ regions: [{ id: 2, isPuzzle: true, task: 'sudoku', reason: 'wrong id' }] }),
        step.object({ regions: [{ id: 1, isPuzzle: true, task: 'maze', reason: 'wrong task' }] }),
      );
      const router = createRouter({ llm: make(server), solvers });
      for (let i = 0; i < 2; i++) {
        const { plan } = await router.plan(AMBIGUOUS);
        expect(gridTasks(plan)).toEqual([]);
        expect(ambiguousLeft(plan)).toBe(1);
      }
    });
  }
});
