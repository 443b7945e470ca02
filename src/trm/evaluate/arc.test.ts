import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../test/support/paths.js';
import { arcTask } from '../../tasks/arc/index.js';
import type { ArcVote } from '../../tasks/arc/index.js';
import { loadModel } from '../model.js';
import type { TrmModel } from '../model.js';
import { createTaskTrmSolver } from '../solver.js';
import { evaluateArc, formatArcEval, parseArcEvalData } from './arc.js';

// arc-swap-tiny answers its (augmented) input with colours 1 and 2 swapped (tools/make_arc_fixture.py).
// Mapped back, a copy with colour permutation p swaps p^-1(1) and p^-1(2): 007bbfb7's identity and
// t1 copies swap 1 and 2, its t4 copy 8 and 3, its t6 copy 6 and 5; 00d62c1b (t5 only) swaps 6 and 2.
// So each 007bbfb7 test input gets three groups: {1<->2} x2, then {6<->5} and {8<->3} once each,
// tied on count and ranked by the halting probability of their copy (t6's q_halt above t4's).
// The solutions in swap_solutions.json are, for 007bbfb7, the {1<->2} answer (right at pass@1), the
// {6<->5} answer (right at pass@2 only, and only if the tie is broken by halting probability: t4's
// {8<->3} answer was seen first) and the unchanged input (no copy gives it); for 00d62c1b the {6<->2}
// answer; feedbeef is a task the model does not know.
const DIR = join(REPO_ROOT, 'test', 'fixtures', 'arc-eval');
const challenges = readFileSync(join(DIR, 'swap_challenges.json'), 'utf8');
const solutions = readFileSync(join(DIR, 'swap_solutions.json'), 'utf8');

describe('evaluateArc (official ARC scoring)', () => {
  let model: TrmModel;
  beforeAll(async () => {
    model = await loadModel(join(DIR, 'arc-swap-tiny'));
  });

  it('votes the augmentations of each test input and breaks the count tie by mean halting probability', async () => {
    const task = parseArcEvalData(challenges, solutions).find((t) => t.id === '007bbfb7');
    const result = await createTaskTrmSolver(arcTask, model, { halt: 'fixed' }).solve(task as NonNullable<typeof task>);
    const ranked = result.alternatives as ArcVote[][];
    expect(ranked[1]?.map((v) => [v.grid, v.count])).toEqual([
      [
        [
          [2, 1, 5],
          [6, 8, 3],
        ],
        2,
      ],
      [
        [
          [1, 2, 6],
          [5, 8, 3],
        ],
        1,
      ],
      [
        [
          [1, 2, 5],
          [6, 3, 8],
        ],
        1,
      ],
    ]);
    // t4 came first among the identifiers: only the halting probability puts t6's answer second
    expect(ranked[1]?.[1]?.meanConfidence).toBeGreaterThan(ranked[1]?.[2]?.meanConfidence ?? 1);
  });

  it('scores pass@1 and pass@2 as the mean over tasks, unanswered tasks counted as 0', async () => {
    const r = await evaluateArc(model, parseArcEvalData(challenges, solutions), { halt: 'fixed', dataset: 'swap' });
    expect(r).toMatchObject({
      tasks: 3,
      answerableTasks: 2,
      testInputs: 5,
      answerableTestInputs: 4,
      unanswered: ['feedbeef'],
      maxSamples: 4,
      augmentations: null,
      meanSteps: 2,
    });
    expect(r.perTask).toEqual([
      { id: '007bbfb7', testInputs: 3, answered: true, pass1: 1 / 3, pass2: 2 / 3, samples: 4 },
      { id: '00d62c1b', testInputs: 1, answered: true, pass1: 1, pass2: 1, samples: 1 },
      { id: 'feedbeef', testInputs: 1, answered: false, pass1: 0, pass2: 0, samples: 0 },
    ]);
    expect(r.pass1).toBeCloseTo(4 / 9, 12);
    expect(r.pass2).toBeCloseTo(5 / 9, 12);
    expect(r.answerablePass1).toBeCloseTo(2 / 3, 12);
    expect(r.answerablePass2).toBeCloseTo(5 / 6, 12);
    expect(r.testInputPass1).toBeCloseTo(2 / 5, 12);
    expect(r.testInputPass2).toBeCloseTo(3 / 5, 12);
    const table = formatArcEval(r);
    expect(table).toContain('answerable         2 of 3 tasks, 4 of 5 test inputs');
    expect(table).toContain('unanswered         1 task, scored 0: feedbeef');
    expect(table).toContain('pass@1             44.4% of tasks (66.7% of answerable), 40.0% of test inputs');
    expect(table).toContain('pass@2             55.6% of tasks (83.3% of answerable), 60.0% of test inputs');
  });

  it('votes at most --augmentations copies per test input, identity first', async () => {
    const tasks = parseArcEvalData(challenges, solutions);
    // identity and t1 agree: one group, so pass@2 = pass@1
    const two = await evaluateArc(model, tasks, { halt: 'fixed', dataset: 'swap', augmentations: 2 });
    expect(two).toMatchObject({ maxSamples: 2, augmentations: 2, answerableTasks: 2 });
    expect(two.pass1).toBeCloseTo(4 / 9, 12);
    expect(two.pass2).toBeCloseTo(4 / 9, 12);
    // with t4 too but not t6, the second attempt is t4's {8<->3} answer, wrong on all three
    const three = await evaluateArc(model, tasks, { halt: 'fixed', dataset: 'swap', augmentations: 3 });
    expect(three.perTask[0]).toMatchObject({ pass1: 1 / 3, pass2: 1 / 3, samples: 3 });
  });

  it('refuses the verified stop: ARC answers cannot be verified', async () => {
    await expect(evaluateArc(model, parseArcEvalData(challenges, solutions), { halt: 'verified', dataset: 'swap' })).rejects.toThrow(/--halt fixed/);
  });
});

describe('parseArcEvalData', () => {
  it('reads the Kaggle layout of ARC-AGI-1 and ARC-AGI-2, test outputs from the solutions', () => {
    for (const set of ['arc-agi-1_evaluation', 'arc-agi-2_evaluation']) {
      const read = (kind: string) => readFileSync(join(REPO_ROOT, 'data', 'arc', `${set}_${kind}.json`), 'utf8');
      const tasks = parseArcEvalData(read('challenges'), read('solutions'));
      expect(tasks.length).toBe(set === 'arc-agi-1_evaluation' ? 400 : 120);
      expect(tasks.every((t) => t.test.every((item) => item.output !== undefined))).toBe(true);
    }
  });

  it('reads one task with its outputs, named after its file', () => {
    const one = JSON.stringify({ train: [{ input: [[1]], output: [[2]] }], test: [{ input: [[3]], output: [[4]] }] });
    expect(parseArcEvalData(one, undefined, '007bbfb7')).toEqual([
      { id: '007bbfb7', train: [{ input: [[1]], output: [[2]] }], test: [{ input: [[3]], output: [[4]] }] },
    ]);
  });

  it.each([
    ['{', undefined, /--data is not JSON/],
    ['{}', undefined, /holds no tasks/],
    [challenges, undefined, /007bbfb7 test input 0 has no solution: give the solutions file with --solutions/],
    [challenges, '{"007bbfb7": []}', /--solutions: .*007bbfb7 have 0 outputs but the task has 3 test inputs/],
    [challenges, '[', /--solutions is not JSON/],
  ])('bad data %# is a clear error naming the option', (c, s, message) => {
    expect(() => parseArcEvalData(c, s)).toThrow(message);
  });
});
