import { describe, expect, it } from 'vitest';
import { encodeSudoku } from '../../tasks/sudoku/index.js';
import type { SudokuGrid } from '../../tasks/sudoku/index.js';
import { arcTask, fillEnclosedSpec, mazeTask, registerLearnedTask, sudokuTask } from '../../tasks/index.js';
import { parseEvalData } from './data.js';
import type { EvalItem } from './data.js';

const SUDOKU = sudokuTask.name;
const MAZE_TASK = mazeTask.name;
const PUZZLE = '4...3.......6..8..........1....5..9..8....6...7.2........1.27..5.3....4.9........';
const SOLUTION = '468931527751624839392578461134756298289413675675289314846192753513867942927345186';
const MAZE = ['#####', '#S  #', '# # #', '#  G#', '#####'].join('\n');

/** Label tokens of a Sudoku item. */
function target(item: EvalItem | undefined): Int32Array {
  if (item?.task !== SUDOKU) throw new Error('expected a sudoku item');
  return encodeSudoku(item.label as SudokuGrid);
}

describe('parseEvalData', () => {
  it('reads sudoku lines with and without solutions, and JSONL', () => {
    const plain = parseEvalData(`# comment\n${PUZZLE}\n${PUZZLE},${SOLUTION}\n`, SUDOKU);
    expect(plain).toHaveLength(2);
    expect(Array.from(target(plain[0]))).toEqual(Array.from(target(plain[1])));
    expect(target(plain[0])[1]).toBe(6 + 1);
    const jsonl = parseEvalData(JSON.stringify({ puzzle: PUZZLE, solution: SOLUTION }) + '\n', SUDOKU);
    expect(Array.from(target(jsonl[0]))).toEqual(Array.from(target(plain[0])));
  });

  it('reads blank-line separated mazes', () => {
    const items = parseEvalData(`${MAZE}\n\n${MAZE}\n`, MAZE_TASK);
    expect(items).toHaveLength(2);
    const first = items[0];
    if (first?.task !== MAZE_TASK) throw new Error('expected a maze item');
    expect((first.label as string[]).join('').match(/o/g)).toHaveLength(3); // path cells between S and G
  });

  it('names the line of a bad entry, and rejects a wrong solution', () => {
    expect(() => parseEvalData(`${PUZZLE}\nnot a puzzle\n`, SUDOKU)).toThrow(/data line 2/);
    const wrong = SOLUTION.replace(/^4/, '5');
    expect(() => parseEvalData(`${PUZZLE} ${wrong}\n`, SUDOKU)).toThrow(/line 1: the given solution is wrong/);
    expect(() => parseEvalData(`{"puzzle": "${PUZZLE}"}\n{"puzzle": \n`, SUDOKU)).toThrow(/data line 2: not valid JSON/);
  });

  it('refuses a task without a data format, and names the unknown ones', () => {
    expect(() => parseEvalData('{}', arcTask.name)).toThrow(/no data format for ARC/);
    expect(() => parseEvalData('{}', 'no-such-task')).toThrow(/Unknown task/);
  });

  it("reads a learned task's pairs: integer rows or strings of its alphabet, checked against its spec", () => {
    const task = registerLearnedTask(fillEnclosedSpec(6));
    const items = parseEvalData('{"input": [[1,1,1],[1,0,1],[1,1,1]], "output": ["111","141","111"]}\n\n{"input": [[0]], "output": [[0]]}\n', task.name);
    expect(items).toEqual([
      {
        task: task.name,
        puzzle: {
          input: [
            [1, 1, 1],
            [1, 0, 1],
            [1, 1, 1],
          ],
        },
        label: [
          [1, 1, 1],
          [1, 4, 1],
          [1, 1, 1],
        ],
      },
      { task: task.name, puzzle: { input: [[0]] }, label: [[0]] },
    ]);
    expect(() => parseEvalData('{"input": [[0, 1]], "output": [[0]]}', task.name)).toThrow(/data line 1: output is 1x1, input 1x2/);
    expect(() => parseEvalData('{"input": [[0]]}', task.name)).toThrow(/data line 1: a line is \{"input": grid, "output": grid\}/);
    expect(() => parseEvalData('{"input": [[0, 12]], "output": [[0, 1]]}', task.name)).toThrow(
      /input row 1, column 2 is 12: fill-enclosed grids use colours 0..9/,
    );
    expect(() => parseEvalData(`{"input": ${JSON.stringify(Array(7).fill([0]))}, "output": [[0]]}`, task.name)).toThrow(/input is 7x1; .* at most 6x6/);
    expect(() => parseEvalData('{"input": [[0], [0, 1]], "output": [[0]]}', task.name)).toThrow(/input row 2 has 2 cells/);
  });
});
