/**
 * The model manifest (`models/<name>/manifest.json`, format `trm-onnx/1`): what the ONNX graph
 * is, how it was trained, and what it scored on which held-out data. Written by `tools/`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ModelLoadError } from '../core/errors.js';
import { builtinTaskNames, learnedTaskSpecSchema } from '../tasks/index.js';
import { HALT_POLICIES } from './stop.js';

export const MANIFEST_FORMAT = 'trm-onnx/1';
export const GRAPH_INPUTS = ['inputs', 'puzzle_identifiers', 'z_H', 'z_L', 'reset'] as const;
export const GRAPH_OUTPUTS = ['logits', 'q_halt', 'z_H_next', 'z_L_next'] as const;

const positiveInt = z.number().int().positive();

/** One measured accuracy figure: which data, how many puzzles, with which halting. */
export const accuracySchema = z
  .object({
    dataset: z.string(),
    puzzles: positiveInt,
    /** answers that are right: accepted by the task's verifier (built-in tasks), equal to the held-out output (learned tasks, which have no verifier) */
    exact: z.number().min(0).max(1),
    /** every cell equal to the label (the official metric) */
    tokenExact: z.number().min(0).max(1).optional(),
    cell: z.number().min(0).max(1).optional(),
    meanSteps: z.number().nonnegative().optional(),
    halt: z.string().optional(),
    command: z.string().optional(),
    /** ARC (`eval` on challenges and solutions): mean over tasks of the test inputs solved by the top vote (also `exact`) */
    pass1: z.number().min(0).max(1).optional(),
    /** ARC: the same with the top two votes as attempts (the official ARC score) */
    pass2: z.number().min(0).max(1).optional(),
    /** ARC: tasks the model has puzzle identifiers for (the others score 0) */
    answerable: z.number().int().nonnegative().optional(),
    /** ARC: test inputs in the data, and the fraction solved at pass@2 */
    testInputs: positiveInt.optional(),
    testInputPass2: z.number().min(0).max(1).optional(),
    /** ARC: most augmentations voted per test input */
    augmentations: z.number().int().nonnegative().optional(),
  })
  .loose();

export const manifestSchema = z
  .object({
    format: z.literal(MANIFEST_FORMAT),
    name: z.string().min(1),
    /** A built-in task's name, or the name of the learned task this manifest declares in `learnedTask`. */
    task: z.string().min(1),
    /** The task a learned model declares (absent for built-in tasks). */
    learnedTask: learnedTaskSpecSchema.optional(),
    canvas: z.object({ rows: positiveInt, cols: positiveInt }),
    /**
     * The model (by name) whose weights this folder holds, exported at another canvas: a
     * convolution mixer runs on any canvas, and a smaller one costs less per step. Solvers take
     * the smallest canvas of a model and its variants that a puzzle fits (`chooseModel`).
     */
    variantOf: z.string().min(1).optional(),
    vocabSize: positiveInt,
    seqLen: positiveInt,
    puzzleEmbLen: z.number().int().nonnegative(),
    hiddenSize: positiveInt,
    numPuzzleIdentifiers: positiveInt,
    architecture: z
      .object({
        /** conv: depthwise convolution over the square answer grid (our maze extension, not in the paper) */
        mixer: z.enum(['attention', 'mlp', 'conv']),
        convKernel: positiveInt.optional(),
        layers: positiveInt,
        heads: positiveInt,
        expansion: z.number().positive(),
        posEncodings: z.string(),
        ropeTheta: z.number().positive(),
        rmsNormEps: z.number().positive(),
        puzzleEmbNdim: z.number().int().nonnegative(),
      })
      .loose(),
    recursion: z
      .object({
        hCycles: positiveInt,
        lCycles: positiveInt,
        haltMaxSteps: positiveInt,
        noActContinue: z.boolean().optional(),
      })
      .loose(),
    parameters: positiveInt,
    training: z.record(z.string(), z.unknown()),
    accuracy: z.union([accuracySchema, z.array(accuracySchema)]).nullable(),
    accuracyNote: z.string().nullable().optional(),
    /** The halting policy chosen from measured curves, when one was measured. */
    halting: z
      .object({
        policy: z.enum(HALT_POLICIES),
        maxSteps: positiveInt.optional(),
        /** q_halt logit threshold of adaptive halting (the default policy's, or the best adaptive one). */
        threshold: z.number().optional(),
      })
      .loose()
      .optional(),
    precision: z.enum(['fp32', 'int8', 'bf16', 'fp16']).optional(),
    onnx: z
      .object({
        file: z.string().min(1),
        opset: positiveInt,
        bytes: positiveInt,
        sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hex digits'),
        inputs: z.array(z.string()),
        outputs: z.array(z.string()),
      })
      .loose(),
    identifiers: z.array(z.string()).optional(),
    modelArgs: z.record(z.string(), z.unknown()).optional(),
  })
  .loose()
  .superRefine((m, ctx) => {
    if (m.learnedTask === undefined && !builtinTaskNames().includes(m.task)) {
      ctx.addIssue({
        code: 'custom',
        path: ['task'],
        message: `"${m.task}" is not a built-in task (${builtinTaskNames().join(', ')}) and the manifest declares no learnedTask`,
      });
    }
    if (m.learnedTask !== undefined && m.learnedTask.name !== m.task) {
      ctx.addIssue({ code: 'custom', path: ['learnedTask', 'name'], message: `learnedTask.name "${m.learnedTask.name}" != task "${m.task}"` });
    }
    if (m.seqLen !== m.canvas.rows * m.canvas.cols) {
      ctx.addIssue({ code: 'custom', path: ['seqLen'], message: `seqLen ${m.seqLen} != canvas ${m.canvas.rows}x${m.canvas.cols}` });
    }
    if (m.identifiers !== undefined && m.identifiers.length !== m.numPuzzleIdentifiers) {
      ctx.addIssue({
        code: 'custom',
        path: ['identifiers'],
        message: `${m.identifiers.length} identifiers for ${m.numPuzzleIdentifiers} puzzle embeddings`,
      });
    }
    const missingIn = GRAPH_INPUTS.filter((n) => !m.onnx.inputs.includes(n));
    const missingOut = GRAPH_OUTPUTS.filter((n) => !m.onnx.outputs.includes(n));
    if (missingIn.length + missingOut.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['onnx'], message: `graph lacks ${[...missingIn, ...missingOut].join(', ')}` });
    }
  });

export type TrmManifest = z.infer<typeof manifestSchema>;
export type TrmAccuracy = z.infer<typeof accuracySchema>;

/**
 * Reads and validates `dir/manifest.json`. Throws `ModelLoadError` naming the file and every
 * problem.
 *
 * @example
 * const manifest = await readManifest('models/sudoku-9x9-mlp-small');
 */
export async function readManifest(dir: string): Promise<TrmManifest> {
  const path = join(dir, 'manifest.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ModelLoadError(`No model manifest at ${path}`, { modelPath: dir, cause: error });
  }
  return parseManifest(text, dir);
}

/** Validates a manifest's text (as `readManifest`, for callers that read the file themselves). */
export function parseManifest(text: string, dir: string): TrmManifest {
  const path = join(dir, 'manifest.json');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ModelLoadError(`${path} is not valid JSON: ${(error as Error).message}`, { modelPath: dir, cause: error });
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ModelLoadError(`${path} is not a valid trm-onnx/1 manifest: ${issues.join('; ')}`, {
      modelPath: dir,
      details: { issues },
    });
  }
  return parsed.data;
}
