/**
 * Data of learned tasks: a file of JSON lines `{"input": grid, "output": grid}` (a grid is an
 * array of rows of integers, or an array of equally long strings of the task's symbols), the
 * format `trm-router data FAMILY` writes and `tools/train.py` reads. A learned task has no
 * verifier: an answer is right when every label token is (the whole output grid, its shape
 * included), which is what a learned model's manifest calls `exact`.
 *
 * @example
 * const items = learnedData(spec).read('{"input": [[0, 1]], "output": [[0, 4]]}\n');
 * const builder = familyBuilder(getDataFamily('fill-enclosed')); // `trm-router data fill-enclosed`
 */
import { InvalidInputError } from '../../core/errors.js';
import type { Grid } from '../../core/spec.js';
import type { DataBuilder, TaskData, TaskDataItem } from '../../core/task.js';
import { dataLineError, readJsonLines } from '../common/data-files.js';
import type { LearnedPuzzle } from './codec.js';
import { encodeLearnedGrid, LEARNED_PAD } from './encode.js';
import { buildFamilyPairs, inputKeys } from './families/build.js';
import type { DataFamily } from './families/index.js';
import { alphabetSize } from './spec.js';
import type { LearnedTaskSpec } from './spec.js';

/** A grid of a data line: rows of integers, or strings of the alphabet's symbols (digits for colours). */
function readGrid(spec: LearnedTaskSpec, value: unknown, field: string, line: number): Grid {
  const K = alphabetSize(spec);
  const symbols = 'symbols' in spec.alphabet ? spec.alphabet.symbols : undefined;
  const fail = (message: string): never => {
    throw dataLineError(line, `${field} ${message}`);
  };
  if (!Array.isArray(value) || value.length === 0) return fail('must be a grid: a non-empty array of rows (arrays of integers or strings)');
  const grid = value.map((row: unknown, r) => {
    const cells: unknown[] = typeof row === 'string' ? [...row] : Array.isArray(row) ? row : [];
    if (cells.length === 0) fail(`row ${r + 1} is empty or not a row`);
    return cells.map((cell, c) => {
      const v =
        typeof cell === 'number'
          ? cell
          : typeof cell === 'string'
            ? symbols === undefined
              ? /^\d$/.test(cell)
                ? Number(cell)
                : -1
              : symbols.indexOf(cell)
            : -1;
      if (!Number.isInteger(v) || v < 0 || v >= K) {
        const allowed = symbols === undefined ? `colours 0..${K - 1}` : `the symbols ${symbols.join(' ')}`;
        fail(`row ${r + 1}, column ${c + 1} is ${JSON.stringify(cell)}: ${spec.name} grids use ${allowed}`);
      }
      return v;
    });
  });
  const cols = grid[0]?.length ?? 0;
  const ragged = grid.findIndex((row) => row.length !== cols);
  if (ragged >= 0) fail(`row ${ragged + 1} has ${grid[ragged]?.length ?? 0} cells, row 1 has ${cols}: rows must be equally long`);
  if (grid.length > spec.maxGrid.rows || cols > spec.maxGrid.cols) {
    fail(`is ${grid.length}x${cols}; ${spec.name} grids are at most ${spec.maxGrid.rows}x${spec.maxGrid.cols}`);
  }
  return grid;
}

/**
 * The data files of a learned task (`TaskDefinition.data`): JSON lines of input/output pairs;
 * the label tokens are the output grid's (its EOS border included).
 */
export function learnedData(spec: LearnedTaskSpec): TaskData<LearnedPuzzle, Grid, Grid> {
  const item = (record: Record<string, unknown>, line: number): TaskDataItem<LearnedPuzzle, Grid> => {
    if (!('input' in record) || !('output' in record)) throw dataLineError(line, 'a line is {"input": grid, "output": grid}');
    const input = readGrid(spec, record.input, 'input', line);
    const output = readGrid(spec, record.output, 'output', line);
    const size = (g: Grid) => `${g.length}x${g[0]?.length ?? 0}`;
    if (spec.sameSize && size(input) !== size(output)) {
      throw dataLineError(line, `output is ${size(output)}, input ${size(input)}; ${spec.name} answers have the input's size`);
    }
    return { puzzle: { input }, label: output };
  };
  const target = (label: Grid, side: number): Int32Array => encodeLearnedGrid(label, side);
  return {
    formats: 'JSON lines {"input": grid, "output": grid}, a grid being rows of integers or equally long strings of the task\'s symbols',
    read: (text) => readJsonLines(text, item),
    target: (it, codec) => target(it.label, codec.tokens.canvas.rows),
    correct(it, tokens, codec) {
      const want = target(it.label, codec.tokens.canvas.rows);
      for (let i = 0; i < want.length; i++) if (want[i] !== LEARNED_PAD && tokens[i] !== want[i]) return false;
      return true;
    },
  };
}

function parseSides(value: string | boolean | undefined, family: DataFamily): { min: number; max: number } {
  if (typeof value !== 'string') return { ...family.sides };
  const m = /^(\d+)(?:-(\d+))?$/.exec(value.trim());
  if (m === null) throw new InvalidInputError(`--size must be A-B or A (got "${value}")`, { field: '--size' });
  const min = Number(m[1]);
  return { min, max: Number(m[2] ?? m[1]) };
}

/**
 * The data builder of an example family: `count` input/output pairs with sides in `--size A-B`
 * (`buildFamilyPairs`), none whose input equals an `--exclude` file's up to rotation and
 * reflection; the spec is the family's learned task for grids up to B.
 */
export function familyBuilder(family: DataFamily): DataBuilder {
  return {
    name: family.name,
    summary: `${family.summary}; input/output pairs for a learned task`,
    line: '{"input": grid, "output": grid}',
    unit: 'pairs',
    options: {
      size: {
        type: 'string',
        value: 'A-B',
        description: `grid sides, rows and columns drawn independently in A..B (${family.sides.min}..${family.sides.max})`,
        default: `${family.sides.min}-${family.sides.max}`,
      },
    },
    build(request) {
      const sides = parseSides(request.options.size, family);
      const exclude = new Set<string>();
      for (const file of request.exclude) for (const key of inputKeys(file.text)) exclude.add(key);
      const lines = buildFamilyPairs(family, { count: request.count, sides, seed: request.seed, exclude });
      const skipped = exclude.size === 0 ? 'nothing excluded' : `none of ${exclude.size} excluded inputs, up to rotation and reflection`;
      return { lines, skipped, spec: family.spec(sides.max) };
    },
  };
}
