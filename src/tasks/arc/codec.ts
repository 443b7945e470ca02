/**
 * The ARC task codec: JSON tasks in, grids out, the official 30x30 token encoding, and
 * format-only verification. ARC has no exact solver.
 */
import { InvalidInputError } from '../../core/errors.js';
import type { TaskCodec } from '../../core/spec.js';
import { detectArc } from './detect.js';
import { ARC_SEQ_LEN, ARC_VOCAB_SIZE, arcTokenSpec, decodeArcGrid, encodeArcTestInput } from './encode.js';
import { formatArcSolution, formatArcTask } from './format.js';
import { parseArcTask } from './parse.js';
import { arcSolutionSchema, arcTaskSchema } from './schema.js';
import type { ArcSolution, ArcTask } from './types.js';
import { ARC_MAX_SIZE } from './types.js';
import { verifyArcSolution } from './verify.js';

/** Why `arc.exact` is `null`. */
export const ARC_EXACT_UNAVAILABLE =
  'ARC has no exact solver: each task hides its own transformation rule, which only a learner can infer ' +
  "from the demonstrations (a TRM trained on the task's puzzle identifiers, or an LLM).";

/**
 * The ARC codec. `encode` encodes the first test input (`encodeArcTestInput` for others);
 * `decode` crops one output grid from predicted tokens as the official evaluator does and
 * returns it as a one-grid solution; `verify` checks well-formedness only (`strength: 'format'`).
 *
 * @example
 * const task = arc.parse(text);
 * const tokens = arc.encode(task);            // Int32Array(900)
 * const solution = arc.decode(predicted, task);
 * arc.verify(task, solution).strength;        // 'format'
 */
export const arc: TaskCodec<ArcTask, ArcSolution> & { readonly exact: null; readonly exactUnavailable: string } = {
  task: 'arc',
  description: 'ARC-AGI: infer the rule from demonstration input/output grid pairs (colours 0..9, up to 30x30) and apply it to test inputs.',
  puzzleSchema: arcTaskSchema,
  solutionSchema: arcSolutionSchema,
  detect: detectArc,
  parse: parseArcTask,
  format: formatArcTask,
  formatSolution: formatArcSolution,
  verify: verifyArcSolution,
  tokens: { seqLen: ARC_SEQ_LEN, vocabSize: ARC_VOCAB_SIZE, canvas: { rows: ARC_MAX_SIZE, cols: ARC_MAX_SIZE } },
  encode: (task) => encodeArcTestInput(task, 0),
  decode: (tokens) => [decodeArcGrid(tokens)],
  onCanvas: arcOnCanvas,
  exact: null,
  exactUnavailable: ARC_EXACT_UNAVAILABLE,
};

/**
 * The ARC codec on an N x N canvas (N = rows = cols, 2..30): what an ARC model trained on a
 * smaller canvas reads. Grids up to N x N sit at its top-left; a larger test input throws
 * `InvalidInputError` from `encode` (the model's `unfit` says so before a solve gets there).
 *
 * @example
 * arcOnCanvas({ rows: 10, cols: 10 }).tokens.seqLen; // 100
 */
export function arcOnCanvas(canvas: { rows: number; cols: number }): TaskCodec<ArcTask, ArcSolution> {
  if (canvas.rows !== canvas.cols) {
    throw new InvalidInputError(`An ARC canvas is square, got ${canvas.rows}x${canvas.cols}`, { field: 'canvas' });
  }
  const side = canvas.rows;
  if (side === ARC_MAX_SIZE) return arc;
  return { ...arc, tokens: arcTokenSpec(side), encode: (task) => encodeArcTestInput(task, 0, side) };
}
