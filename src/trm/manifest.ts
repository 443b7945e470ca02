/**
 * The model manifest (`models/<name>/manifest.json`, format `trm-onnx/1`): what the ONNX graph
 * is, how it was trained, and what it scored on which held-out data. Written by `tools/`.
 */
import { readFileSync, statSync } from 'node:fs';
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

/** The graph's inputs when the puzzle-embedding table is outside it (`puzzleTable`): the rows themselves. */
export const EXTERNAL_TABLE_GRAPH_INPUTS = ['inputs', 'puzzle_emb', 'z_H', 'z_L', 'reset'] as const;

/** The graph inputs a manifest's model must have: with `puzzleTable`, `puzzle_emb` instead of `puzzle_identifiers`. */
export function graphInputsOf(manifest: { puzzleTable?: unknown }): readonly string[] {
  return manifest.puzzleTable === undefined ? GRAPH_INPUTS : EXTERNAL_TABLE_GRAPH_INPUTS;
}

/** A file of the model folder itself: a plain name, no path. */
const folderFile = z
  .string()
  .min(1)
  .refine((f) => !/[/\\]/.test(f) && f !== '.' && f !== '..', 'must be a file name inside the model folder (no path)');

/**
 * The puzzle-embedding table outside the graph: `file` holds `rows x dim` little-endian float32
 * (row-major; row 0 the blank puzzle), `identifiers` a JSON array of the `rows` names.
 */
export const puzzleTableSchema = z
  .object({
    file: folderFile,
    dtype: z.literal('float32'),
    rows: positiveInt,
    dim: positiveInt,
    identifiers: folderFile,
  })
  .loose();

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
        /** Default exploration: samples tried after a first answer that does not verify (the task's symmetries, then noise). */
        explore: z.number().int().nonnegative().optional(),
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
    /** Names of the puzzle identifiers; with `puzzleTable` they are read from its `identifiers` file instead. */
    identifiers: z.array(z.string()).optional(),
    /** The puzzle-embedding table outside the graph (large tables: ARC). */
    puzzleTable: puzzleTableSchema.optional(),
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
    if (m.puzzleTable !== undefined) {
      const t = m.puzzleTable;
      if (t.rows !== m.numPuzzleIdentifiers) {
        ctx.addIssue({
          code: 'custom',
          path: ['puzzleTable', 'rows'],
          message: `puzzleTable.rows ${t.rows} != numPuzzleIdentifiers ${m.numPuzzleIdentifiers}`,
        });
      }
      if (t.dim !== m.architecture.puzzleEmbNdim) {
        ctx.addIssue({
          code: 'custom',
          path: ['puzzleTable', 'dim'],
          message: `puzzleTable.dim ${t.dim} != architecture.puzzleEmbNdim ${m.architecture.puzzleEmbNdim}`,
        });
      }
      if (m.identifiers !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['identifiers'], message: `with puzzleTable the identifiers live in ${t.identifiers}, not in the manifest` });
      }
    }
    const missingIn = graphInputsOf(m).filter((n) => !m.onnx.inputs.includes(n));
    const missingOut = GRAPH_OUTPUTS.filter((n) => !m.onnx.outputs.includes(n));
    if (missingIn.length + missingOut.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['onnx'], message: `graph lacks ${[...missingIn, ...missingOut].join(', ')}` });
    }
  });

export type TrmManifest = z.infer<typeof manifestSchema>;
export type TrmAccuracy = z.infer<typeof accuracySchema>;
export type PuzzleTable = z.infer<typeof puzzleTableSchema>;

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

/**
 * Validates a manifest's text (as `readManifest`, for callers that read the file themselves).
 * With `puzzleTable` (the table outside the graph) it also checks the table file's size and reads
 * the row names from the table's identifiers file into `identifiers`.
 */
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
  const manifest = parsed.data;
  if (manifest.puzzleTable !== undefined) {
    checkPuzzleTable(manifest.puzzleTable, dir);
    manifest.identifiers = readTableIdentifiers(manifest.puzzleTable, dir);
  }
  return manifest;
}

/** Checks that the external table's file holds exactly `rows x dim` float32 (its size; the rows are read when needed). */
function checkPuzzleTable(table: PuzzleTable, dir: string): void {
  const path = join(dir, table.file);
  let size: number;
  try {
    size = statSync(path).size;
  } catch (error) {
    throw new ModelLoadError(`Puzzle-embedding table ${path} (manifest puzzleTable.file) cannot be read`, {
      modelPath: dir,
      cause: error,
      details: { field: 'puzzleTable.file' },
    });
  }
  const expected = table.rows * table.dim * 4;
  if (size !== expected) {
    throw new ModelLoadError(
      `${path} has ${size} bytes but puzzleTable says ${table.rows} rows x ${table.dim} float32 = ${expected} bytes (truncated or rows not recorded?)`,
      { modelPath: dir, details: { field: 'puzzleTable.rows', bytes: size, expected } },
    );
  }
}

/**
 * Row names already read, by file path, with the file's size and mtime when read: a catalog scans
 * the manifests every few seconds, and a million names is tens of megabytes of JSON. The same
 * array comes back while the file is unchanged (which also keeps per-array caches such as ARC's
 * known augmentations warm).
 */
const identifierCache = new Map<string, { size: number; mtimeMs: number; names: string[] }>();
const IDENTIFIER_CACHE_FILES = 16;

/** The external table's row names (`puzzleTable.identifiers`), exactly `rows` strings. */
function readTableIdentifiers(table: PuzzleTable, dir: string): string[] {
  const path = join(dir, table.identifiers);
  let stamp: { size: number; mtimeMs: number } | undefined;
  try {
    const st = statSync(path);
    stamp = { size: st.size, mtimeMs: st.mtimeMs };
  } catch {
    // reported by the read below
  }
  const cached = identifierCache.get(path);
  if (cached !== undefined && stamp !== undefined && cached.size === stamp.size && cached.mtimeMs === stamp.mtimeMs && cached.names.length === table.rows) {
    return cached.names;
  }
  let names: unknown;
  try {
    names = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ModelLoadError(`Puzzle identifiers ${path} (manifest puzzleTable.identifiers) cannot be read as JSON: ${(error as Error).message}`, {
      modelPath: dir,
      cause: error,
      details: { field: 'puzzleTable.identifiers' },
    });
  }
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) {
    throw new ModelLoadError(`${path} (manifest puzzleTable.identifiers) is not a JSON array of strings`, {
      modelPath: dir,
      details: { field: 'puzzleTable.identifiers' },
    });
  }
  if (names.length !== table.rows) {
    throw new ModelLoadError(`${path} names ${names.length} puzzle identifiers but puzzleTable.rows is ${table.rows}`, {
      modelPath: dir,
      details: { field: 'puzzleTable.identifiers', names: names.length, rows: table.rows },
    });
  }
  if (stamp !== undefined) {
    identifierCache.delete(path);
    identifierCache.set(path, { ...stamp, names });
    if (identifierCache.size > IDENTIFIER_CACHE_FILES) identifierCache.delete(identifierCache.keys().next().value as string);
  }
  return names;
}
