import { describe, expect, it } from 'vitest';
import { dataFile } from '../../../test/support/paths.js';
import { InvalidInputError } from '../../core/errors.js';
import { parseArcDataset } from './dataset.js';
import { findArcGridProblem } from './grid.js';
import { loadArcDataset } from './load-dataset.js';
import type { ArcTask } from './types.js';

const arcFile = (name: string): string => dataFile('arc', name);

function allGrids(task: ArcTask): unknown[] {
  return [...task.train.flatMap((p) => [p.input, p.output]), ...task.test.flatMap((t) => [t.input, t.output])];
}

describe('loadArcDataset', () => {
  it('loads the 400 ARC-AGI-1 training tasks with every test output filled', async () => {
    const tasks = await loadArcDataset(arcFile('arc-agi-1_training_challenges.json'), arcFile('arc-agi-1_training_solutions.json'));
    expect(tasks.size).toBe(400);
    for (const [id, task] of tasks) {
      expect(task.id).toBe(id);
      expect(task.train.length).toBeGreaterThan(0);
      expect(task.test.length).toBeGreaterThan(0);
      for (const item of task.test) expect(item.output).toBeDefined();
      for (const grid of allGrids(task)) expect(findArcGridProblem(grid)).toBeNull();
    }
    expect(tasks.get('007bbfb7')?.test[0]?.output?.length).toBe(9);
  });

  it.each([
    ['arc-agi-1_training', 400],
    ['arc-agi-1_evaluation', 400],
    ['arc-agi-2_training', 1000],
    ['arc-agi-2_evaluation', 120],
  ])('loads and validates every grid of %s (%i tasks)', async (prefix, count) => {
    const tasks = await loadArcDataset(arcFile(`${prefix}_challenges.json`), arcFile(`${prefix}_solutions.json`));
    expect(tasks.size).toBe(count);
    const withoutOutput = [...tasks.values()].filter((task) => task.test.some((item) => item.output === undefined));
    expect(withoutOutput).toEqual([]);
  });

  it('loads challenges alone without test outputs', async () => {
    const tasks = await loadArcDataset(arcFile('arc-agi-2_evaluation_challenges.json'));
    expect(tasks.size).toBe(120);
    expect([...tasks.values()].every((task) => task.test.every((item) => item.output === undefined))).toBe(true);
  });

  it('wraps a missing file and bad JSON as InvalidInputError with the path field', async () => {
    await expect(loadArcDataset('/nonexistent/arc_challenges.json')).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'challengesPath',
    });
    await expect(loadArcDataset(arcFile('../README.md'))).rejects.toThrow(/is not JSON/);
  });
});

describe('parseArcDataset', () => {
  const challenges = {
    aaa: { train: [{ input: [[1]], output: [[2]] }], test: [{ input: [[3]] }, { input: [[4]] }] },
  };

  it('fills test outputs from the solutions', () => {
    const tasks = parseArcDataset(challenges, { aaa: [[[5]], [[6]]] });
    expect(tasks.get('aaa')?.test).toEqual([
      { input: [[3]], output: [[5]] },
      { input: [[4]], output: [[6]] },
    ]);
  });

  it('names the task, field and cell of a problem', () => {
    const bad = { bbb: { train: [{ input: [[1, 11]], output: [[2]] }], test: [{ input: [[3]] }] } };
    expect(() => parseArcDataset(bad)).toThrow(expect.objectContaining({ field: 'bbb.train.0.input', position: { row: 0, col: 1 } }) as Error);
    expect(() => parseArcDataset(challenges, {})).toThrow(expect.objectContaining({ field: 'solutions.aaa' }) as Error);
    expect(() => parseArcDataset(challenges, { aaa: [[[5]]] })).toThrow(/1 outputs but the task has 2 test inputs/);
    expect(() => parseArcDataset(challenges, { aaa: [[[5]], [[60]]] })).toThrow(expect.objectContaining({ field: 'solutions.aaa.1' }) as Error);
    expect(() => parseArcDataset([])).toThrow(InvalidInputError);
  });
});
