/**
 * Scoring the routing benchmark: each case is planned from structure alone (no LLM, as the
 * gateway's chat endpoints do without one), and every grid part the plan would send to a solver
 * is compared with the expected puzzles by task and canonical key.
 *
 * - recall: expected puzzles found (right task, same puzzle) / expected puzzles;
 * - precision: grid parts that match an expected puzzle / grid parts sent to a solver;
 * - look-alikes routed: look-alike cases with any grid part sent to a solver.
 */
import { InvalidInputError } from '../../../src/core/errors.js';
import { planStructure } from '../../../src/router/plan.js';
import { getTask } from '../../../src/tasks/index.js';
import type { BenchCase, ExpectedGrid, Split } from './cases.js';
import { isLookalike } from './cases.js';

export interface CaseResult {
  c: BenchCase;
  /** Grid parts sent to a solver, as task and canonical key. */
  got: ExpectedGrid[];
  /** Expected puzzles found. */
  found: number;
  /** Grid parts that match nothing expected. */
  wrong: ExpectedGrid[];
  /** Expected puzzles not found. */
  missed: ExpectedGrid[];
  /** A plan the router refused (too many puzzles). */
  refused?: string;
}

/** Plans one case and compares its grid parts with the expectation. */
export function runCase(c: BenchCase): CaseResult {
  let got: ExpectedGrid[] = [];
  let refused: string | undefined;
  try {
    got = planStructure(c.text)
      .parts.filter((p) => p.kind === 'grid' && p.puzzle !== undefined)
      .map((p) => {
        const puzzle = p.kind === 'grid' ? p.puzzle : undefined;
        if (puzzle === undefined) throw new Error('unreachable');
        return { task: puzzle.task, key: getTask(puzzle.task).cacheKey(puzzle.puzzle) };
      });
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    refused = error.message;
  }
  const left = [...c.expect];
  const wrong: ExpectedGrid[] = [];
  for (const g of got) {
    const at = left.findIndex((e) => e.task === g.task && e.key === g.key);
    if (at >= 0) left.splice(at, 1);
    else wrong.push(g);
  }
  return { c, got, found: c.expect.length - left.length, wrong, missed: left, ...(refused === undefined ? {} : { refused }) };
}

export interface Tally {
  cases: number;
  expected: number;
  found: number;
  /** Grid parts sent to a solver. */
  routed: number;
  /** Look-alike cases with a grid part sent to a solver. */
  lookalikesRouted: number;
}

export function tally(results: readonly CaseResult[], task?: string): Tally {
  const t: Tally = { cases: results.length, expected: 0, found: 0, routed: 0, lookalikesRouted: 0 };
  for (const r of results) {
    const expect = task === undefined ? r.c.expect : r.c.expect.filter((e) => e.task === task);
    const got = task === undefined ? r.got : r.got.filter((g) => g.task === task);
    t.expected += expect.length;
    const left = [...expect];
    for (const g of got) {
      const at = left.findIndex((e) => e.task === g.task && e.key === g.key);
      if (at >= 0) {
        left.splice(at, 1);
        t.found++;
      }
    }
    t.routed += got.length;
    if (isLookalike(r.c) && got.length > 0) t.lookalikesRouted++;
  }
  return t;
}

export const recall = (t: Tally): number | undefined => (t.expected === 0 ? undefined : t.found / t.expected);
export const precision = (t: Tally): number | undefined => (t.routed === 0 ? undefined : t.found / t.routed);

const pct = (x: number | undefined): string => (x === undefined ? '-' : `${(100 * x).toFixed(1)}%`);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

function groupRows(results: readonly CaseResult[], groups: [string, (r: CaseResult) => boolean, string?][], splits: readonly Split[]): string[][] {
  return groups.map(([name, pick, task]) => {
    const row = [name];
    for (const split of splits) {
      const t = tally(
        results.filter((r) => r.c.split === split && pick(r)),
        task,
      );
      row.push(String(t.cases), t.expected === 0 ? '-' : `${t.found}/${t.expected}`, pct(recall(t)), pct(precision(t)));
    }
    return row;
  });
}

/** The benchmark's tables: per task, per notation, per look-alike family, tuning and held-out side by side. */
export function benchTables(results: readonly CaseResult[]): string {
  const splits = (['tuning', 'heldout'] as const).filter((s) => results.some((r) => r.c.split === s));
  const head = (first: string): string[] => [first, ...splits.flatMap((s) => [`${s} cases`, 'found', 'recall', 'precision'])];
  const tasks = [...new Set(results.flatMap((r) => [...r.c.expect, ...r.got].map((e) => e.task)))].sort();
  const totals = groupRows(
    results,
    [['all', () => true], ...tasks.map((task): [string, (r: CaseResult) => boolean, string] => [task, () => true, task])],
    splits,
  );
  const sizes = ['4', '6', '9'].map((n): [string, (r: CaseResult) => boolean, string] => [
    `sudoku ${n}x${n}`,
    (r) => r.c.expect.some((e) => e.task === 'sudoku' && e.key.startsWith(`sudoku:${n}:`)),
    'sudoku',
  ]);
  const labels = [...new Set(results.map((r) => r.c.label).filter((l) => !l.startsWith('lookalike/')))].sort();
  const notations = groupRows(
    results,
    labels.map((label): [string, (r: CaseResult) => boolean] => [label, (r) => r.c.label === label]),
    splits,
  );
  const facets = [...new Set(results.flatMap((r) => (r.c.detail ?? '').split(' ').filter((f) => f.startsWith('blank=') || f.startsWith('setting='))))].sort();
  const facetRows = groupRows(
    results,
    facets.map((f): [string, (r: CaseResult) => boolean] => [f, (r) => (r.c.detail ?? '').split(' ').includes(f)]),
    splits,
  );
  const families = [...new Set(results.map((r) => r.c.label).filter((l) => l.startsWith('lookalike/')))].sort();
  const lookRows = [...families, 'lookalike (all)'].map((family) => {
    const row = [family];
    for (const split of splits) {
      const of = results.filter((r) => r.c.split === split && (family === 'lookalike (all)' ? isLookalike(r.c) : r.c.label === family));
      row.push(String(of.length), String(tally(of).lookalikesRouted));
    }
    return row;
  });
  return [
    'Per task (recall: expected puzzles found with the right task and grid; precision: grid parts sent to a solver that are right)',
    table(head('task'), [...totals, ...sizes.flatMap((s) => groupRows(results, [s], splits))]),
    '',
    'Per notation',
    table(head('notation'), notations),
    '',
    'Per facet of the generated cases (blank symbol, where the grid sits)',
    table(head('facet'), facetRows),
    '',
    'Look-alikes (grids that are not puzzles): cases, and how many were sent to a solver',
    table(['family', ...splits.flatMap((s) => [`${s} cases`, 'routed'])], lookRows),
  ].join('\n');
}

/** One line per tuning case the router gets wrong (never printed for the held-out split). */
export function misses(results: readonly CaseResult[]): string[] {
  return results
    .filter((r) => r.c.split === 'tuning' && (r.missed.length > 0 || r.wrong.length > 0))
    .map((r) => {
      const what = [
        ...r.missed.map((m) => `missed ${m.task}`),
        ...r.wrong.map((w) => `wrong ${w.task} ${w.key.slice(0, 60)}`),
        ...(r.refused === undefined ? [] : [`refused: ${r.refused}`]),
      ];
      return `  tuning miss: ${r.c.id} (${r.c.label}): ${what.join('; ')}`;
    });
}
