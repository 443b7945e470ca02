import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test/support/paths.js';
import { arcGridFromText } from '../tasks/arc/index.js';
import type { ToolOutcome } from './tool-result.js';
import { toolContent } from './tool-result.js';
import { createTrmTools, parseToolArguments } from './tools.js';

const NO_MODELS = join(REPO_ROOT, 'test', 'fixtures', 'no-models-here');
const ARC_MODEL = join(REPO_ROOT, 'test', 'fixtures', 'trm', 'arc-identity-tiny');
const toolkit = createTrmTools({ modelDirs: [NO_MODELS] });
const TOOL_NAMES = ['solve_sudoku', 'solve_maze', 'solve_arc', 'solve_grid'];

const CLASSIC = '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79';
const ROWS = ['53..7....', '6..195...', '.98....6.', '8...6...3', '4..8.3..1', '7...2...6', '.6....28.', '...419..5', '....8..79'];
const MAZE = ['#######', '#S    #', '# ### #', '#   #G#', '#######'];

function ok(outcome: ToolOutcome) {
  if (outcome.isError) throw new Error(`expected success, got ${outcome.text}`);
  return outcome.result;
}

function failed(outcome: ToolOutcome) {
  if (!outcome.isError) throw new Error(`expected an error, got ${outcome.text}`);
  return outcome.error;
}

describe('createTrmTools', () => {
  it("offers the built-in tasks' tools and solve_grid with descriptions and zod schemas, or the chosen ones", () => {
    expect(toolkit.tools.map((t) => t.name)).toEqual(TOOL_NAMES);
    for (const t of toolkit.tools) expect(t.description.length).toBeGreaterThan(50);
    expect(createTrmTools({ tools: ['solve_maze', 'solve_maze'] }).tools.map((t) => t.name)).toEqual(['solve_maze']);
  });

  it('solves a Sudoku written the ways a model writes it: one line, row strings, digit arrays with 0 and null', async () => {
    const arrays = ROWS.map((row) => [...row].map((c) => (c === '.' ? 0 : Number(c))));
    arrays[0]![2] = null as unknown as number;
    for (const puzzle of [CLASSIC, ROWS, ROWS.join('\n'), arrays, [ROWS[0], ...arrays.slice(1)]]) {
      const result = ok(await toolkit.execute('solve_sudoku', { puzzle }));
      expect(result).toMatchObject({ ok: true, task: 'sudoku', verified: true });
      expect(result.rendered.split('\n')[0]).toBe('5 3 4 | 6 7 8 | 9 1 2');
      expect(result.steps).toBeGreaterThan(0);
      expect(result.provenance).toMatchObject({ kind: 'exact', verified: true });
    }
  });

  it('renders a short text: status, solver, the grid', async () => {
    const outcome = await toolkit.execute('solve_maze', { maze: MAZE });
    expect(outcome.text).toMatch(/^Maze solved and verified by maze-bfs, \d+ search nodes(, after [^\n]*)?\.\n/);
    expect(outcome.text).toContain('#Soooo#');
    expect(JSON.parse(toolContent(outcome).split('\n\n').at(-1)!)).toMatchObject({ ok: true, task: 'maze', verified: true });
  });

  it('solves a maze given as text or rows, and any puzzle through solve_grid', async () => {
    expect(ok(await toolkit.execute('solve_maze', { maze: MAZE.join('\n') })).verified).toBe(true);
    expect(ok(await toolkit.execute('solve_grid', { input: `Please solve:\n${CLASSIC}`, task: null })).task).toBe('sudoku');
    expect(ok(await toolkit.execute('solve_grid', { input: MAZE.join('\n') })).task).toBe('maze');
    expect(ok(await toolkit.execute('solve_grid', { input: MAZE.join('\n'), task: 'maze' })).task).toBe('maze');
  });

  it('solves ARC with a model trained on the task, grids as arrays or digit text', async () => {
    const arcTools = createTrmTools({ models: { arc: ARC_MODEL } });
    const input = [
      [0, 7, 7],
      [7, 7, 7],
      [0, 7, 0],
    ];
    const result = ok(await arcTools.execute('solve_arc', { train: [{ input: '1', output: [[1]] }], test: [{ input: '077\n777\n070' }], task_id: '007bbfb7' }));
    expect(result).toMatchObject({ task: 'arc', solution: [input], verified: false, provenance: { kind: 'trm', model: 'arc-identity-tiny' } });
    expect(result.steps).toBeGreaterThan(0);
    const text = await arcTools.execute('solve_arc', { train: [{ input: [[1]], output: [[1]] }], test: [{ input }], task_id: '007bbfb7' });
    expect(text.text).toMatch(/^ARC task answered, not verifiable, by trm:arc-identity-tiny, \d+ TRM steps, confidence 0\.\d\d\./);
  });

  it('says when ARC cannot be answered: no model, or a task the model does not know', async () => {
    const task = { train: [{ input: [[1]], output: [[2]] }], test: [{ input: [[1]] }], task_id: null };
    expect(failed(await toolkit.execute('solve_arc', task))).toMatchObject({
      code: 'not_supported',
      hint: expect.stringMatching(/answer it yourself/) as string,
    });
    const arcTools = createTrmTools({ models: { arc: ARC_MODEL } });
    expect(failed(await arcTools.execute('solve_arc', { ...task, task_id: 'ffffffff' })).message).toMatch(/not trained on ARC task ffffffff/);
  });

  describe('malformed arguments come back as errors the model can correct from', () => {
    it('wrong types and missing arguments', async () => {
      for (const args of [{ puzzle: 42 }, { puzzle: { grid: CLASSIC } }, { puzzle: true }]) {
        const error = failed(await toolkit.execute('solve_sudoku', args));
        expect(error).toMatchObject({
          ok: false,
          code: 'invalid_arguments',
          issues: [{ path: 'puzzle', message: expect.stringMatching(/text, or an array of rows/) as string }],
        });
        expect(error.hint).toMatch(/Call solve_sudoku again with/);
      }
      expect(failed(await toolkit.execute('solve_sudoku', {})).issues).toEqual([{ path: 'puzzle', message: expect.stringMatching(/^required/) as string }]);
      expect(failed(await toolkit.execute('solve_maze', undefined)).issues?.[0]?.message).toMatch(/^required/);
      expect(failed(await toolkit.execute('solve_sudoku', { puzzle: [[1, 2, 'x7']] })).issues?.[0]).toMatchObject({ path: 'puzzle.0.2' });
      expect(failed(await toolkit.execute('solve_arc', { train: [{ input: [[1, 12]], output: [[1]] }], test: [{ input: [[1]] }] })).issues).toEqual([
        { path: 'train.0.input.0.1', message: 'an ARC colour is an integer 0..9' },
      ]);
    });

    it('oversized grids', async () => {
      expect(failed(await toolkit.execute('solve_sudoku', { puzzle: Array(12).fill('123456789') })).issues?.[0]?.message).toMatch(/at most 9 rows/);
      expect(failed(await toolkit.execute('solve_sudoku', { puzzle: [[1, 2, 3, 4, 5, 6, 7, 8, 9, 1]] })).issues).toEqual([
        { path: 'puzzle.0', message: 'a Sudoku row has at most 9 cells' },
      ]);
      expect(failed(await toolkit.execute('solve_maze', { maze: Array(40).fill('#'.repeat(40)) })).issues?.[0]?.message).toMatch(/at most 30 rows/);
      const big = failed(await toolkit.execute('solve_maze', { maze: `${'#'.repeat(40)}\n`.repeat(40) }));
      expect(big).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/40 rows; the limit is 30/) as string });
      expect(failed(await toolkit.execute('solve_arc', { train: [{ input: [[1]], output: [[1]] }], test: [{ input: Array(31).fill([1]) }] })).issues).toEqual([
        { path: 'test.0.input', message: 'an ARC grid has at most 30 rows' },
      ]);
      expect(failed(await toolkit.execute('solve_grid', { input: 'x'.repeat(100_001) }))).toMatchObject({
        code: 'invalid_input',
        message: expect.stringMatching(/the limit is 100000 \(TRM_ROUTER_MAX_INPUT_CHARS\)/) as string,
      });
      const deep = JSON.parse('['.repeat(500) + ']'.repeat(500)) as unknown;
      expect(failed(await toolkit.execute('solve_grid', { input: deep }))).toMatchObject({
        code: 'invalid_input',
        message: expect.stringMatching(/nested/) as string,
      });
    });

    it('prose instead of a grid, a grid with an error, an unsolvable puzzle', async () => {
      expect(failed(await toolkit.execute('solve_sudoku', { puzzle: 'the sudoku from page 12 of the newspaper' }))).toMatchObject({
        code: 'invalid_input',
        message: expect.stringMatching(/No sudoku grid found/) as string,
      });
      expect(failed(await toolkit.execute('solve_maze', { maze: 'a maze with a start and a goal' })).message).toMatch(/No maze found/);
      expect(failed(await toolkit.execute('solve_grid', { input: 'What is the capital of France?' })).message).toMatch(/No puzzle recognised/);
      const clash = failed(await toolkit.execute('solve_sudoku', { puzzle: `55${CLASSIC.slice(2)}` }));
      expect(clash).toMatchObject({ code: 'invalid_input', position: { row: 0 } });
      expect(clash.message).toMatch(/5/);
      const unsolvable = failed(await toolkit.execute('solve_sudoku', { puzzle: '12345678.' + '........9' + '.'.repeat(63) }));
      expect(unsolvable).toMatchObject({ code: 'unsolvable', hint: expect.stringMatching(/no solution/) as string });
      expect(failed(await toolkit.execute('solve_arc', { train: [{ input: '1 x', output: [[1]] }], test: [{ input: [[1]] }] }))).toMatchObject({
        code: 'invalid_input',
        field: 'train.0.input',
        position: { row: 0, col: 1 },
      });
    });

    it('unknown tools and arguments that are not JSON', async () => {
      expect(failed(await toolkit.execute('solve_chess', {}))).toMatchObject({ code: 'unknown_tool', hint: expect.stringMatching(/solve_sudoku/) as string });
      const bad = parseToolArguments('solve_sudoku', '{"puzzle": "53..7');
      expect('outcome' in bad && bad.outcome.isError && bad.outcome.error.code).toBe('invalid_arguments');
      expect(parseToolArguments('solve_sudoku', '')).toEqual({ value: {} });
    });

    it('never throws, whatever the arguments', async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...TOOL_NAMES), fc.jsonValue({ maxDepth: 4 }), async (name, args) => {
          const outcome = await toolkit.execute(name, args);
          expect(typeof outcome.text).toBe('string');
          if (outcome.isError) expect(outcome.error.code).not.toBe('internal');
        }),
        { numRuns: 150 },
      );
    });
  });

  it('reports an aborted solve as an error outcome', async () => {
    const controller = new AbortController();
    controller.abort();
    const slow = createTrmTools({ solve: (_p, { signal }) => Promise.reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted')) });
    const outcome = await slow.execute('solve_maze', { maze: MAZE }, { signal: controller.signal });
    expect(outcome.isError).toBe(true);
  });
});

describe('arcGridFromText', () => {
  it('reads digit rows, separated cells, and JSON', () => {
    expect(arcGridFromText('077\n777')).toEqual([
      [0, 7, 7],
      [7, 7, 7],
    ]);
    expect(arcGridFromText('0 7, 7 | 7 7 7')).toEqual([
      [0, 7, 7],
      [7, 7, 7],
    ]);
    expect(arcGridFromText('[[1,2]]')).toEqual([[1, 2]]);
    expect(() => arcGridFromText('1 2\n3 b', 'test.0.input')).toThrow(/row 2, column 2 is "b"/);
  });
});
