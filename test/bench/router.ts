/**
 * `npm run bench -- router`: routing accuracy on the labelled set in test/fixtures/router (no
 * LLM: structure and context only), per category, with look-alikes sent to a solver, and the
 * planning speed; then the routing benchmark (test/fixtures/routing-bench): recall and
 * precision per task, notation and look-alike family, tuning and held-out side by side; then
 * the classifier prompt on the scripted LLM server, fed good and bad replies.
 */
import { createAnthropicProvider, createOpenAiProvider } from '../../src/llm/index.js';
import type { LlmProvider } from '../../src/llm/index.js';
import { createLocalSolvers, createRouter } from '../../src/router/index.js';
import { planStructure } from '../../src/router/plan.js';
import { startScriptedLlmServer, step } from '../../src/testing/index.js';
import type { ScriptedLlmServer, ScriptStep } from '../../src/testing/index.js';
import { isLookalike, loadBench } from '../support/routing-bench/cases.js';
import { benchTables, misses, precision, recall, runCase, tally } from '../support/routing-bench/score.js';
import { loadRoutingSet, planLabels, reachesSolver, ROUTING_CATEGORIES, STRUCTURAL } from '../support/routing-set.js';
import { measure, printTable } from './table.js';

/**
 * The routing benchmark: the tables, the tuning split's misses one per line (the held-out
 * split's are never printed: it was frozen before tuning and is judged by its totals), and the
 * goals (recall >= 99%, no look-alike sent to a solver) per split.
 */
export function benchRoutingBench(): string {
  const cases = loadBench();
  const results = cases.map(runCase);
  const pct = (x: number | undefined) => (x === undefined ? '-' : `${(100 * x).toFixed(2)}%`);
  const summary = (['tuning', 'heldout'] as const).map((split) => {
    const of = results.filter((r) => r.c.split === split);
    const t = tally(of);
    const looks = of.filter((r) => isLookalike(r.c)).length;
    const goal = (recall(t) ?? 0) >= 0.99 && t.lookalikesRouted === 0 ? 'goals met' : 'goals NOT met';
    return (
      `${split}: ${of.length} cases (${looks} look-alikes), recall ${pct(recall(t))} (${t.found}/${t.expected}), ` +
      `precision ${pct(precision(t))} (${t.found}/${t.routed}), look-alikes routed to a solver ${t.lookalikesRouted}: ${goal}`
    );
  });
  return [benchTables(results), '', ...misses(results), '', ...summary].join('\n');
}

export function benchRouter(): string {
  const cases = loadRoutingSet();
  const results = cases.map((c) => {
    const plan = planStructure(c.text);
    const got = planLabels(plan);
    const expectsGrid = c.expect.some((e) => e === 'sudoku' || e === 'maze' || e === 'arc');
    return { c, ok: got.join(',') === c.expect.join(','), leak: !expectsGrid && reachesSolver(plan), got };
  });
  const rows = ROUTING_CATEGORIES.map((category) => {
    const of = results.filter((r) => r.c.category === category);
    const ok = of.filter((r) => r.ok).length;
    return [category, String(of.length), String(ok), `${((100 * ok) / Math.max(1, of.length)).toFixed(1)}%`, String(of.filter((r) => r.leak).length)];
  });
  const structural = results.filter((r) => STRUCTURAL.includes(r.c.category));
  const structuralOk = structural.filter((r) => r.ok).length;
  rows.push([
    'structural (all but prose)',
    String(structural.length),
    String(structuralOk),
    `${((100 * structuralOk) / structural.length).toFixed(2)}%`,
    String(structural.filter((r) => r.leak).length),
  ]);
  const header = ['category', 'cases', 'correct', 'rate', 'non-puzzles sent to a solver'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ');
  const table = [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
  const misses = results
    .filter((r) => !r.ok)
    .map((r) => `  miss: ${r.c.file} ${r.c.id}: expected ${r.c.expect.join(',')}, got ${r.got.join(',') || '(nothing)'}`);
  const speed = printTable([measure('planStructure, routing set', cases.length, (i) => void planStructure(cases[i]!.text))]);
  return [table, ...misses, '', speed].join('\n');
}

/** The classifier's replies the bench feeds, for region id 1 of the request (the first ambiguous one). */
function classifierReplies(task: string): [string, ScriptStep][] {
  return [
    ['valid: a puzzle of the task it resembles', step.object({ regions: [{ id: 1, isPuzzle: true, task, reason: 'scripted yes' }] })],
    ['valid: not a puzzle', step.object({ regions: [{ id: 1, isPuzzle: false, task: null, reason: 'scripted no' }] })],
    ['malformed JSON', step.text('{"regions": [{"id": 1, "isPuzzle": tru')],
    ['an unknown task', step.object({ regions: [{ id: 1, isPuzzle: true, task: 'kakuro', reason: 'scripted' }] })],
    ['the wrong shape', step.object({ regions: 'yes' })],
    ['a field missing', step.object({ regions: [{ id: 1, task, reason: 'scripted' }] })],
    ['another region id', step.object({ regions: [{ id: 7, isPuzzle: true, task, reason: 'scripted' }] })],
  ];
}

/**
 * The classifier prompt on the scripted LLM server (OpenAI and Anthropic wire formats, the real
 * SDKs): every benchmark case that structure leaves ambiguous is asked, once per reply kind;
 * the table counts the regions sent to a solver, the replies rejected by validation (an
 * `llm_failed` note: the region stays text) and the regions left as text.
 */
export async function benchClassifier(): Promise<string> {
  const ambiguous = loadBench().filter((c) => planStructure(c.text).parts.some((p) => p.kind === 'text' && (p.ambiguous?.length ?? 0) > 0));
  const solvers = createLocalSolvers({ modelDirs: [] });
  const providers: [(s: ScriptedLlmServer) => LlmProvider, 'openai' | 'anthropic'][] = [
    [(s) => createOpenAiProvider({ baseURL: s.openaiBaseURL, apiKey: 'sk-test', model: 'gpt-test' }), 'openai'],
    [(s) => createAnthropicProvider({ baseURL: s.anthropicBaseURL, apiKey: 'sk-test', model: 'claude-test' }), 'anthropic'],
  ];
  const rows: string[][] = [];
  for (const [kind] of classifierReplies('sudoku')) {
    let asked = 0;
    let routed = 0;
    let rejected = 0;
    let text = 0;
    for (const [make, endpoint] of providers) {
      for (const c of ambiguous) {
        const task = planStructure(c.text).parts.flatMap((p) => (p.kind === 'text' ? (p.ambiguous ?? []) : []))[0]?.task ?? 'sudoku';
        const reply = classifierReplies(task).find(([k]) => k === kind)?.[1];
        if (reply === undefined) continue;
        // A server per request, so that a step one request leaves unplayed never answers the next.
        const server = await startScriptedLlmServer({ [endpoint]: [reply, step.text('scripted answer')] });
        try {
          const answer = await createRouter({ llm: make(server), solvers }).answer(c.text);
          asked++;
          if (answer.plan.parts.some((p) => p.kind === 'grid' && p.source === 'llm')) routed++;
          else text++;
          if (answer.notes.some((n) => n.code === 'llm_failed')) rejected++;
        } finally {
          await server.close();
        }
      }
    }
    rows.push([kind, String(asked), String(routed), String(rejected), String(text)]);
  }
  const header = ['classifier reply', 'regions asked', 'sent to a solver', 'rejected by validation', 'left as text'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ');
  return [
    `(${ambiguous.length} benchmark cases are ambiguous by structure and context, ${ambiguous.filter(isLookalike).length} of them look-alikes; each is asked once per provider)`,
    line(header),
    widths.map((w) => '-'.repeat(w)).join('-|-'),
    ...rows.map(line),
  ].join('\n');
}
