/**
 * The routing benchmark (`test/fixtures/routing-bench/`): labelled requests, as people paste
 * them into a chat, with the grid parts a router must find in each without an LLM.
 *
 * Two splits, each a folder: `tuning/` (the cases the detection rules were tuned on) and
 * `heldout/` (frozen before any tuning: generated with other seeds and other prose templates,
 * plus hand-written cases; `npm run bench -- router` prints only its totals, never its cases).
 * `test/routing-bench.test.ts` asserts the goals (recall >= 99%, no look-alike sent to a
 * solver) on both.
 *
 * Each folder holds:
 * - `*.jsonl`: generated cases, one JSON object per line
 *   `{ id, source: 'generated', label, detail?, expect: [{ task, key }], text }`;
 * - `*.txt`: hand-written cases, `=== id | label | expect` then the text up to the next
 *   `=== ` line (the blank line before it is not part of the text). Lines before the first
 *   case are comments.
 *
 * `label` is the notation family of a positive case (`sudoku/json-row-strings`, `several/mixed`)
 * or the look-alike family of a negative one (`lookalike/csv`). `expect` lists the puzzles the
 * request holds, each as its task and the task's canonical key (`cacheKey` of the parsed
 * puzzle); a look-alike expects none. In hand-written files `expect` is `none` or specs joined
 * by ` & `, each `task:value`:
 * - `sudoku:<16, 36 or 81 cells>` digits, `.` or `0` for blanks;
 * - `maze:<rows joined by />` with `#` walls, `.` open, `S` start, `G` goal (canonical letters,
 *   whatever the text uses);
 * - `arc:<task id>` a task of `data/arc` (its train pairs and test inputs), or
 *   `arc:json:<{train, test} as JSON>`;
 * - `<learned task>:<rows of digits joined by />`.
 * The key is made from the spec by the task's own codec reading a structured value (never the
 * text detection under test).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getTask, registerLearnedTask } from '../../../src/tasks/index.js';
import { LEARNED_SPEC } from '../learned-model.js';
import { dataFile, REPO_ROOT } from '../paths.js';

export const BENCH_DIR = join(REPO_ROOT, 'test', 'fixtures', 'routing-bench');
export const SPLITS = ['tuning', 'heldout'] as const;
export type Split = (typeof SPLITS)[number];

/** The learned task the benchmark's learned cases use (registered by `loadBench`). */
export const BENCH_LEARNED_TASK = LEARNED_SPEC.name;

export interface ExpectedGrid {
  task: string;
  key: string;
}

export interface BenchCase {
  id: string;
  split: Split;
  source: 'generated' | 'hand';
  /** `task/notation` of a positive case, `lookalike/<family>` of a negative one. */
  label: string;
  /** Extra facets of a generated case (`size=4 blank=. setting=intro`). */
  detail?: string;
  expect: ExpectedGrid[];
  text: string;
}

export function isLookalike(c: Pick<BenchCase, 'label'>): boolean {
  return c.label.startsWith('lookalike/');
}

/** Registers the benchmark's learned task (idempotent). */
export function registerBenchTasks(): void {
  registerLearnedTask(LEARNED_SPEC);
}

/** The canonical key of a puzzle given as a structured value, by its task's codec. */
export function keyOf(task: string, value: unknown): string {
  const definition = getTask(task);
  return definition.cacheKey(definition.codec.parse(value));
}

let arcTasks: Map<string, unknown> | undefined;

function arcTaskById(id: string): unknown {
  if (arcTasks === undefined) {
    arcTasks = new Map();
    for (const file of ['arc-agi-1_training_challenges.json', 'arc-agi-1_evaluation_challenges.json', 'arc-agi-2_evaluation_challenges.json']) {
      const all = JSON.parse(readFileSync(dataFile('arc', file), 'utf8')) as Record<string, unknown>;
      for (const [key, value] of Object.entries(all)) arcTasks.set(key, value);
    }
  }
  const task = arcTasks.get(id);
  if (task === undefined) throw new Error(`routing bench: no ARC task ${id} in data/arc`);
  return task;
}

/** One `task:value` spec of a hand-written case as an expected grid. */
export function expectFromSpec(spec: string): ExpectedGrid {
  const colon = spec.indexOf(':');
  if (colon < 0) throw new Error(`routing bench: bad expectation "${spec}"`);
  const task = spec.slice(0, colon).trim();
  const value = spec.slice(colon + 1).trim();
  const definition = getTask(task);
  if (definition.origin === 'learned') {
    return {
      task,
      key: keyOf(
        task,
        value.split('/').map((row) => [...row].map(Number)),
      ),
    };
  }
  if (task === 'sudoku') {
    const cells = [...value].map((ch) => (ch === '.' ? 0 : Number(ch)));
    return { task, key: keyOf(task, cells) };
  }
  if (task === 'maze') return { task, key: keyOf(task, value.split('/')) };
  if (task === 'arc') return { task, key: keyOf(task, value.startsWith('json:') ? (JSON.parse(value.slice(5)) as unknown) : arcTaskById(value)) };
  throw new Error(`routing bench: no expectation syntax for task ${task}`);
}

function loadHand(file: string, split: Split): BenchCase[] {
  const cases: BenchCase[] = [];
  for (const block of readFileSync(file, 'utf8').split(/^=== /m).slice(1)) {
    const newline = block.indexOf('\n');
    const [id, label, expected] = block
      .slice(0, newline)
      .split('|')
      .map((s) => s.trim());
    if (id === undefined || label === undefined || expected === undefined || !label.includes('/')) {
      throw new Error(`${file}: bad case header "=== ${block.slice(0, newline)}"`);
    }
    const expect = expected === 'none' ? [] : expected.split(' & ').map(expectFromSpec);
    if (label.startsWith('lookalike/') !== (expect.length === 0)) throw new Error(`${file}: case ${id}: a look-alike expects none, a puzzle some`);
    cases.push({ id, split, source: 'hand', label, expect, text: block.slice(newline + 1).replace(/\n\n?$/, '') });
  }
  return cases;
}

function loadGenerated(file: string, split: Split): BenchCase[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => ({ ...(JSON.parse(line) as Omit<BenchCase, 'split'>), split }));
}

/** Every case of a split (both when omitted), generated and hand-written. Registers the benchmark's learned task. */
export function loadBench(split?: Split): BenchCase[] {
  registerBenchTasks();
  const cases: BenchCase[] = [];
  for (const s of split === undefined ? SPLITS : [split]) {
    const dir = join(BENCH_DIR, s);
    for (const file of readdirSync(dir).sort()) {
      if (file.endsWith('.jsonl')) cases.push(...loadGenerated(join(dir, file), s));
      else if (file.endsWith('.txt')) cases.push(...loadHand(join(dir, file), s));
    }
  }
  const ids = new Set<string>();
  for (const c of cases) {
    if (ids.has(c.id)) throw new Error(`routing bench: duplicate case id ${c.id}`);
    ids.add(c.id);
  }
  return cases;
}
