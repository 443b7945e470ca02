/**
 * A learned task's definition, made from its spec: its codec, one tool (`solve_<name>`), boards
 * in its alphabet, the words that name it, which models fit (the one trained on its canvas) and
 * its data files (JSON lines of input/output pairs).
 * Its answers are never called verified: they carry the halting head's confidence.
 *
 * @example
 * const task = learnedTask(spec);
 * await toolkit.execute(task.tool.name, { grid: ['#..#', '#..#'] });
 */
import { z } from 'zod';
import { InvalidInputError } from '../../core/errors.js';
import type { Board, TaskDefinition } from '../../core/task.js';
import type { Grid } from '../../core/spec.js';
import { learnedCodec, learnedMentions } from './codec.js';
import { learnedData } from './data.js';
import type { LearnedPuzzle } from './codec.js';
import { alphabetSize, canvasSide, learnedToolName } from './spec.js';
import type { LearnedTaskSpec } from './spec.js';

export function learnedTask(spec: LearnedTaskSpec): TaskDefinition<LearnedPuzzle, Grid> {
  const codec = learnedCodec(spec);
  const K = alphabetSize(spec);
  const N = canvasSide(spec);
  const symbols = 'symbols' in spec.alphabet ? spec.alphabet.symbols : undefined;
  const alphabetWords = symbols === undefined ? `integer colours 0..${K - 1}` : `the characters ${symbols.map((s) => JSON.stringify(s)).join(', ')}`;
  const cellLabel = (v: number): string => (symbols === undefined ? String(v) : (symbols[v] ?? '?'));
  const board = (grid: Grid): Board => ({
    rows: grid.length,
    cols: grid[0]?.length ?? 0,
    style: symbols === undefined ? 'colours' : 'chars',
    cells: grid.map((row) => row.map(cellLabel)),
  });
  const input = z.object({
    grid: z
      .union(
        [
          z
            .string()
            .min(1, { error: 'grid is empty' })
            .max(4000, { error: `grid is longer than a ${spec.maxGrid.rows}x${spec.maxGrid.cols} grid` }),
          z
            .array(z.union([z.string().max(200), z.array(z.int()).max(spec.maxGrid.cols)]), { error: 'grid rows are strings or arrays of integers' })
            .min(1, { error: 'grid has no rows' })
            .max(spec.maxGrid.rows, { error: `a ${spec.name} grid has at most ${spec.maxGrid.rows} rows` }),
        ],
        { error: 'grid must be the input grid as text, an array of row strings, or an array of rows of integers' },
      )
      .describe(
        `The input grid (at most ${spec.maxGrid.rows}x${spec.maxGrid.cols}) of ${alphabetWords}: rows as strings or arrays, or text with one row per line.`,
      ),
  });
  return {
    name: spec.name,
    title: spec.name,
    notation: `a ${spec.name} grid`,
    origin: 'learned',
    codec,
    verifiable: false,
    unverifiedLabel: 'not verifiable',
    cacheKey: (p) => `${spec.name}:${JSON.stringify(p.input)}`,
    tool: {
      name: learnedToolName(spec.name),
      description:
        `${spec.description} Answered by a Tiny Recursive Model learned from examples of this task; the answer is a ` +
        "prediction with the model's confidence, not verifiable. Give the input grid.",
      input,
      hint: `Call ${learnedToolName(spec.name)} again with {"grid": [...]}: at most ${spec.maxGrid.rows} rows of at most ${spec.maxGrid.cols} cells of ${alphabetWords}.`,
      toPuzzle: (args) => {
        try {
          return codec.parse((args as z.infer<typeof input>).grid);
        } catch (error) {
          // the codec names its own argument `input`; the tool's is `grid`
          if (!(error instanceof InvalidInputError) || error.field?.startsWith('input') !== true) throw error;
          const field = error.field.replace(/^input/, 'grid');
          throw new InvalidInputError(error.message.replace(/^input/, 'grid'), {
            field,
            ...(error.position === undefined ? {} : { position: error.position }),
            cause: error,
          });
        }
      },
    },
    boards: {
      puzzle: (p) => [board(p.input)],
      answer: (_p, s) => [board(s)],
      step(p, tokens) {
        const decoded = codec.decode(tokens, p);
        return { board: board(decoded.map((row) => row.map((v) => Math.max(0, v)))), verified: false };
      },
    },
    routing: { mentions: learnedMentions(spec.name) },
    data: learnedData(spec),
    trm: {
      unfit(model, puzzle) {
        if (model.task !== spec.name) return `model ${model.name} solves ${model.task}, not ${spec.name}`;
        if (model.canvas.rows !== N || model.canvas.cols !== N || model.vocabSize !== K + 2) {
          return `model ${model.name} has a ${model.canvas.rows}x${model.canvas.cols} canvas and ${model.vocabSize} tokens; ${spec.name} needs ${N}x${N} and ${K + 2}`;
        }
        const rows = puzzle.input.length;
        const cols = puzzle.input[0]?.length ?? 0;
        return rows <= spec.maxGrid.rows && cols <= spec.maxGrid.cols ? null : `${spec.name} grids are at most ${spec.maxGrid.rows}x${spec.maxGrid.cols}`;
      },
    },
  };
}
