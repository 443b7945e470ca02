/**
 * The labelled routing set in `test/fixtures/router/*.txt`: each case is an input and the parts
 * the router must make of it without an LLM. Shared by the routing test and the bench.
 *
 * File format: a case starts with `=== id | category | expected | [crlf]` and its input runs to
 * the next `=== ` line (the blank line before it is not part of the input). Lines starting with
 * `#` before the first case are comments. Expected parts, comma-separated: `sudoku`, `maze`,
 * `arc` (a solved grid part), `text`, `extract:<task>` (described in words, for the LLM to
 * extract), `invalid:<task>` (meant as a puzzle, reported as not parsing).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RoutePlan } from '../../src/router/plan.js';
import { REPO_ROOT } from './paths.js';

export const ROUTING_CATEGORIES = ['grid', 'mixed', 'invalid', 'lookalike', 'text', 'prose'] as const;
export type RoutingCategory = (typeof ROUTING_CATEGORIES)[number];

/** Categories routed from structure alone (the >= 99% requirement); `prose` needs an LLM to extract. */
export const STRUCTURAL: readonly RoutingCategory[] = ['grid', 'mixed', 'invalid', 'lookalike', 'text'];

export interface RoutingCase {
  id: string;
  file: string;
  category: RoutingCategory;
  /** Expected parts, sorted. */
  expect: string[];
  text: string;
}

export const ROUTING_DIR = join(REPO_ROOT, 'test', 'fixtures', 'router');

export function loadRoutingSet(dir = ROUTING_DIR): RoutingCase[] {
  const cases: RoutingCase[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()) {
    const blocks = readFileSync(join(dir, file), 'utf8').split(/^=== /m).slice(1);
    for (const block of blocks) {
      const newline = block.indexOf('\n');
      const header = block
        .slice(0, newline)
        .split('|')
        .map((s) => s.trim());
      const [id, category, expected, flag] = header;
      if (id === undefined || expected === undefined || !(ROUTING_CATEGORIES as readonly string[]).includes(category ?? '')) {
        throw new Error(`${file}: bad case header "=== ${block.slice(0, newline)}"`);
      }
      let text = block.slice(newline + 1).replace(/\n$/, '');
      if (flag === 'crlf') text = text.replace(/\n/g, '\r\n');
      cases.push({
        id,
        file,
        category: category as RoutingCategory,
        expect: expected
          .split(',')
          .map((s) => s.trim())
          .sort(),
        text,
      });
    }
  }
  const ids = new Set<string>();
  for (const c of cases) {
    if (ids.has(c.id)) throw new Error(`duplicate routing case id ${c.id}`);
    ids.add(c.id);
  }
  return cases;
}

/** A plan as the sorted labels the set uses. */
export function planLabels(plan: RoutePlan): string[] {
  return plan.parts
    .map((p) => {
      if (p.kind === 'text') return 'text';
      if (p.invalid !== undefined) return `invalid:${p.task}`;
      if (p.needsExtraction === true) return `extract:${p.task}`;
      return p.task;
    })
    .sort();
}

/** True when the plan would send something to a solver (a parsed grid part). */
export function reachesSolver(plan: RoutePlan): boolean {
  return plan.parts.some((p) => p.kind === 'grid' && p.puzzle !== undefined);
}
