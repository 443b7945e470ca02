import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../core/errors.js';
import { detectArc } from './detect.js';
import { findArcGridProblem, validateArcGrid } from './grid.js';
import { parseArcSolution, parseArcTask } from './parse.js';
import { arcGridSchema, arcTaskSchema } from './schema.js';

const task = {
  train: [
    {
      input: [
        [0, 7],
        [7, 7],
      ],
      output: [
        [7, 0],
        [7, 7],
      ],
    },
  ],
  test: [
    {
      input: [
        [7, 7],
        [0, 7],
      ],
    },
  ],
};
const json = JSON.stringify(task);

function thrown(fn: () => unknown): InvalidInputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error('expected an InvalidInputError');
}

describe('parseArcTask', () => {
  it('accepts an object, a JSON string, a code fence and JSON inside prose', () => {
    expect(parseArcTask(task)).toEqual(task);
    expect(parseArcTask(json)).toEqual(task);
    expect(parseArcTask('```json\n' + JSON.stringify(task, null, 2) + '\n```')).toEqual(task);
    expect(parseArcTask(`Here is a puzzle [see below]: ${json}. What is the rule?`)).toEqual(task);
  });

  it('accepts a Python dict and a JavaScript object literal, and detects them as conclusive tasks', () => {
    const py = "{'train': [{'input': [[0, 7], [7, 7]], 'output': [[7, 0], [7, 7]]}], 'test': [{'input': [[7, 7], [0, 7]]}]}";
    const js = [
      '```js',
      'const task = {',
      '  train: [',
      '    { input: [[0, 7], [7, 7]], output: [[7, 0], [7, 7]], },',
      '  ],',
      '  test: [{ input: [[7, 7], [0, 7]] }],',
      '};',
      '```',
    ].join('\n');
    for (const text of [py, `Here is my task:\n${js}\nWhat is the rule?`]) {
      expect(parseArcTask(text)).toEqual(task);
      expect(detectArc(text)).toMatchObject({ score: 0.98, conclusive: true });
    }
  });

  it('takes the id from a one-entry Kaggle map and keeps known test outputs', () => {
    const parsed = parseArcTask({ abc12345: { ...task, test: [{ input: [[1]], output: [[2]] }] } });
    expect(parsed.id).toBe('abc12345');
    expect(parsed.test[0]?.output).toEqual([[2]]);
  });

  it('copies grids and drops unknown keys', () => {
    const parsed = parseArcTask({ ...task, name: 'x' });
    expect(parsed).not.toHaveProperty('name');
    expect(parsed.train[0]?.input).not.toBe(task.train[0]?.input);
  });

  it('rejects a grid over 30 rows or columns, saying the size and the limit', () => {
    const tall = thrown(() => parseArcTask({ ...task, test: [{ input: Array.from({ length: 31 }, () => [1]) }] }));
    expect(tall.field).toBe('test.0.input');
    expect(tall.message).toMatch(/31 rows; the limit is 30/);
    const wide = thrown(() => parseArcTask({ ...task, train: [{ input: [new Array<number>(32).fill(0)], output: [[1]] }] }));
    expect(wide.field).toBe('train.0.input');
    expect(wide.message).toMatch(/32 columns; the limit is 30/);
  });

  it('rejects a colour out of range with the field and the cell', () => {
    const error = thrown(() =>
      parseArcTask({
        ...task,
        train: [
          {
            input: [
              [0, 1],
              [2, 10],
            ],
            output: [[1]],
          },
        ],
      }),
    );
    expect(error.code).toBe('invalid_input');
    expect(error.field).toBe('train.0.input');
    expect(error.position).toEqual({ row: 1, col: 1 });
    expect(error.message).toMatch(/number 10 at row 1, col 1/);
    expect(thrown(() => parseArcTask({ ...task, test: [{ input: [['3']] }] })).position).toEqual({ row: 0, col: 0 });
    expect(thrown(() => parseArcTask({ ...task, test: [{ input: [[1.5]] }] })).field).toBe('test.0.input');
    expect(thrown(() => parseArcTask({ ...task, test: [{ input: [[-1]] }] })).message).toMatch(/colours are integers 0\.\.9/);
  });

  it('rejects non-rectangular and empty grids, naming the row', () => {
    const ragged = thrown(() => parseArcTask({ ...task, train: [{ input: [[1]], output: [[1, 2], [3, 4], [5]] }] }));
    expect(ragged.field).toBe('train.0.output');
    expect(ragged.message).toMatch(/not rectangular: row 2 has 1 cells but row 0 has 2/);
    expect(ragged.details).toMatchObject({ kind: 'not_rectangular', row: 2 });
    expect(thrown(() => parseArcTask({ ...task, test: [{ input: [] }] })).message).toMatch(/test\.0\.input is empty/);
    expect(thrown(() => parseArcTask({ ...task, test: [{ input: [[]] }] })).message).toMatch(/row 0 is empty/);
  });

  it('rejects a task without train or test', () => {
    expect(thrown(() => parseArcTask({ test: task.test })).field).toBe('train');
    expect(thrown(() => parseArcTask({ train: task.train })).message).toMatch(/missing "test"/);
    expect(thrown(() => parseArcTask({ train: [], test: task.test })).message).toMatch(/"train" is empty/);
    expect(thrown(() => parseArcTask({ train: task.train, test: [{}] })).field).toBe('test.0.input');
    expect(thrown(() => parseArcTask({ train: [[1]], test: task.test })).field).toBe('train.0');
  });

  it('rejects text that is not JSON and values that are not tasks', () => {
    expect(thrown(() => parseArcTask('train: 1 2 3, test: 4')).message).toMatch(/not JSON/);
    expect(thrown(() => parseArcTask('{"train": [')).message).toMatch(/not JSON/);
    expect(thrown(() => parseArcTask('[[1, 2], [3, 4]]')).message).toMatch(/bare grid is not a task/);
    expect(thrown(() => parseArcTask(42)).field).toBe('task');
    expect(thrown(() => parseArcTask({ ...task, id: 5 })).field).toBe('id');
  });
});

describe('parseArcSolution', () => {
  it('reads a single grid or a list of grids', () => {
    expect(parseArcSolution('[[1, 2], [3, 4]]')).toEqual([
      [
        [1, 2],
        [3, 4],
      ],
    ]);
    expect(parseArcSolution([[[1]], [[2]]])).toEqual([[[1]], [[2]]]);
    expect(parseArcSolution('The answer:\n```\n[[[5]]]\n```')).toEqual([[[5]]]);
  });

  it('names the grid and cell of a problem', () => {
    const error = thrown(() => parseArcSolution([[[1]], [[2, 99]]]));
    expect(error.field).toBe('solution.1');
    expect(error.position).toEqual({ row: 0, col: 1 });
    expect(thrown(() => parseArcSolution('nothing here')).field).toBe('solution');
    expect(thrown(() => parseArcSolution([])).field).toBe('solution');
  });
});

describe('grid validation and schemas', () => {
  it('validateArcGrid returns valid grids and reports the first problem', () => {
    expect(validateArcGrid([[0, 9]], 'g')).toEqual([[0, 9]]);
    expect(thrown(() => validateArcGrid('x', 'g')).message).toMatch(/g must be a 2D array/);
    expect(findArcGridProblem([[1], 'row'])?.kind).toBe('not_a_grid');
    expect(findArcGridProblem(null)?.kind).toBe('not_a_grid');
  });

  it('the zod schemas accept and reject the same grids', () => {
    expect(
      arcGridSchema.safeParse([
        [0, 9],
        [1, 2],
      ]).success,
    ).toBe(true);
    for (const bad of [[], [[]], [[10]], [[1, 2], [3]], [new Array<number>(31).fill(0)], Array.from({ length: 31 }, () => [0])]) {
      const result = arcGridSchema.safeParse(bad);
      expect(result.success).toBe(false);
      expect(findArcGridProblem(bad)).not.toBeNull();
    }
    const ragged = arcGridSchema.safeParse([[1, 2], [3]]);
    expect(ragged.error?.issues[0]?.message).toMatch(/row 1 has 1 cells/);
    expect(arcTaskSchema.safeParse(task).success).toBe(true);
    expect(arcTaskSchema.safeParse({ train: [], test: task.test }).error?.issues[0]?.message).toMatch(/at least one training pair/);
  });
});
