/**
 * Loading a TRM model folder and running one supervision step in onnxruntime-node.
 * One ORT session per (model folder, thread count), shared by every caller.
 *
 * @example
 * const model = await loadModel('models/sudoku-mlp', { threads: 2 });
 * const out = await model.step({ inputs, puzzleIdentifiers, zH, zL, reset, batch: 1 });
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InvalidInputError, ModelLoadError, SolverError } from '../core/index.js';
import { GRAPH_OUTPUTS, graphInputsOf, readManifest } from './manifest.js';
import type { PuzzleTable, TrmManifest } from './manifest.js';
import { createStepSession } from './step-session.js';
import type { StepSession, TensorData } from './step-session.js';

export interface LoadModelOptions {
  /** Intra-op threads of the ORT session (0 or undefined = ORT's default). */
  threads?: number;
  /** Skip the sha256 check (for converted models being debugged). Default false. */
  skipHashCheck?: boolean;
  /**
   * Run the ORT session in a worker thread (default true), so that a step never holds the event
   * loop (onnxruntime-node computes on the calling thread); false runs it on the calling thread.
   */
  worker?: boolean;
}

/** Inputs of one supervision step for a batch of `batch` samples. */
export interface StepInputs {
  batch: number;
  /** Tokens, `batch * seqLen`. */
  inputs: ArrayLike<number>;
  /** Puzzle-embedding ids, `batch`. */
  puzzleIdentifiers: ArrayLike<number>;
  /** Carried latents, `batch * (P + S) * D` each; ignored where `reset` is set. */
  zH: Float32Array;
  zL: Float32Array;
  /** Per sample: start from the model's H_init/L_init. */
  reset: ArrayLike<boolean>;
}

export interface StepOutputs {
  /** `batch * seqLen * vocabSize`. */
  logits: Float32Array;
  /** `batch` halting logits (> 0 = halt). */
  qHalt: Float32Array;
  zH: Float32Array;
  zL: Float32Array;
}

/** Most bytes of puzzle-embedding rows a model keeps in memory (recently used rows). */
const TABLE_CACHE_BYTES = 16 * 1024 * 1024;

/**
 * The puzzle-embedding table outside the graph (`manifest.puzzleTable`): rows are read from the
 * file by offset when a step needs them, never the whole table, and the most recently used are
 * kept (up to TABLE_CACHE_BYTES).
 */
export class PuzzleTableReader {
  /** Rows and bytes read from the file so far (what `TrmModel.tableReads` reports). */
  rowsRead = 0;
  bytesRead = 0;
  readonly dim: number;
  private readonly cache = new Map<number, Float32Array>();
  private readonly maxRows: number;

  constructor(
    private readonly file: FileHandle,
    private readonly table: PuzzleTable,
    private readonly path: string,
  ) {
    this.dim = table.dim;
    this.maxRows = Math.max(1, Math.floor(TABLE_CACHE_BYTES / (table.dim * 4)));
  }

  /** The rows of `ids`, one after the other (`ids.length * dim` floats). */
  async rows(ids: ArrayLike<number>): Promise<Float32Array> {
    const { dim } = this.table;
    const out = new Float32Array(ids.length * dim);
    for (let i = 0; i < ids.length; i++) out.set(await this.row(ids[i] as number), i * dim);
    return out;
  }

  private async row(id: number): Promise<Float32Array> {
    const cached = this.cache.get(id);
    if (cached !== undefined) {
      this.cache.delete(id); // most recently used last
      this.cache.set(id, cached);
      return cached;
    }
    const bytes = this.table.dim * 4;
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await this.file.read(buffer, 0, bytes, id * bytes);
    this.rowsRead += 1;
    this.bytesRead += bytesRead;
    if (bytesRead !== bytes) {
      throw new ModelLoadError(`${this.path} ends before row ${id} of the puzzle-embedding table (truncated since the model was loaded?)`, {
        details: { field: 'puzzleTable.file', row: id },
      });
    }
    const row = new Float32Array(this.table.dim);
    for (let i = 0; i < this.table.dim; i++) row[i] = buffer.readFloatLE(i * 4);
    this.cache.set(id, row);
    if (this.cache.size > this.maxRows) this.cache.delete(this.cache.keys().next().value as number);
    return row;
  }

  close(): Promise<void> {
    return this.file.close();
  }
}

/** A loaded model: its manifest and one ORT session (in a worker thread unless asked otherwise). */
export class TrmModel {
  readonly manifest: TrmManifest;
  readonly dir: string;
  /** Floats per sample in each latent: (P + S) * D. */
  readonly latentSize: number;
  private readonly session: StepSession;
  private readonly table: PuzzleTableReader | undefined;

  constructor(dir: string, manifest: TrmManifest, session: StepSession, table?: PuzzleTableReader) {
    this.dir = dir;
    this.manifest = manifest;
    this.session = session;
    this.table = table;
    this.latentSize = (manifest.puzzleEmbLen + manifest.seqLen) * manifest.hiddenSize;
  }

  /**
   * With the puzzle-embedding table outside the graph (`manifest.puzzleTable`): how many rows and
   * bytes of it were read from the file so far (a row is read once, then cached); `undefined`
   * when the table is inside the graph.
   */
  get tableReads(): { rows: number; bytes: number } | undefined {
    return this.table === undefined ? undefined : { rows: this.table.rowsRead, bytes: this.table.bytesRead };
  }

  get name(): string {
    return this.manifest.name;
  }

  /** Checks a step's inputs (shapes, token range, ids) before ORT sees them. */
  validate(x: StepInputs): void {
    const { seqLen, vocabSize, numPuzzleIdentifiers } = this.manifest;
    const b = x.batch;
    if (!Number.isInteger(b) || b < 1) throw new InvalidInputError(`batch must be a positive integer (got ${b})`, { field: 'batch' });
    const expect = (field: string, got: number, want: number) => {
      if (got !== want) {
        throw new InvalidInputError(`${field} has ${got} values, expected ${want} (batch ${b})`, { field });
      }
    };
    if (x.inputs.length % seqLen !== 0) {
      throw new InvalidInputError(`inputs length ${x.inputs.length} is not a multiple of the sequence length ${seqLen}`, {
        field: 'inputs',
      });
    }
    expect('inputs', x.inputs.length, b * seqLen);
    expect('puzzle_identifiers', x.puzzleIdentifiers.length, b);
    expect('z_H', x.zH.length, b * this.latentSize);
    expect('z_L', x.zL.length, b * this.latentSize);
    expect('reset', x.reset.length, b);
    for (let i = 0; i < x.inputs.length; i++) {
      const t = x.inputs[i] as number;
      if (!Number.isInteger(t) || t < 0 || t >= vocabSize) {
        throw new InvalidInputError(`token ${t} at sample ${Math.floor(i / seqLen)}, position ${i % seqLen} is outside the vocabulary 0..${vocabSize - 1}`, {
          field: 'inputs',
          details: { sample: Math.floor(i / seqLen), index: i % seqLen },
        });
      }
    }
    for (let i = 0; i < b; i++) {
      const id = x.puzzleIdentifiers[i] as number;
      if (!Number.isInteger(id) || id < 0 || id >= numPuzzleIdentifiers) {
        throw new InvalidInputError(`puzzle identifier ${id} of sample ${i} is outside 0..${numPuzzleIdentifiers - 1}`, {
          field: 'puzzle_identifiers',
        });
      }
    }
  }

  /** Runs one supervision step for the batch. */
  async step(x: StepInputs): Promise<StepOutputs> {
    this.validate(x);
    const { seqLen, puzzleEmbLen, hiddenSize } = this.manifest;
    const b = x.batch;
    const tokens = new BigInt64Array(b * seqLen);
    for (let i = 0; i < tokens.length; i++) tokens[i] = BigInt(x.inputs[i] as number);
    const reset = new Uint8Array(b);
    for (let i = 0; i < b; i++) reset[i] = x.reset[i] ? 1 : 0;
    const latentDims = [b, puzzleEmbLen + seqLen, hiddenSize];
    const feeds: Record<string, TensorData> = {
      inputs: { type: 'int64', data: tokens, dims: [b, seqLen] },
      z_H: { type: 'float32', data: x.zH, dims: latentDims },
      z_L: { type: 'float32', data: x.zL, dims: latentDims },
      reset: { type: 'bool', data: reset, dims: [b] },
    };
    if (this.table === undefined) {
      const ids = new BigInt64Array(b);
      for (let i = 0; i < b; i++) ids[i] = BigInt(x.puzzleIdentifiers[i] as number);
      feeds.puzzle_identifiers = { type: 'int64', data: ids, dims: [b] };
    } else {
      // the table is outside the graph: this batch's rows, read by offset
      feeds.puzzle_emb = { type: 'float32', data: await this.table.rows(x.puzzleIdentifiers), dims: [b, this.table.dim] };
    }
    let out: Awaited<ReturnType<StepSession['run']>>;
    try {
      out = await this.session.run(feeds);
    } catch (error) {
      throw new SolverError(`ONNX Runtime failed on model ${this.name}: ${(error as Error).message}`, {
        cause: error,
        details: { model: this.name },
      });
    }
    return {
      logits: out.logits?.data as Float32Array,
      qHalt: out.q_halt?.data as Float32Array,
      zH: out.z_H_next?.data as Float32Array,
      zL: out.z_L_next?.data as Float32Array,
    };
  }

  /** Releases the ORT session. The model must not be used afterwards. */
  async dispose(): Promise<void> {
    await this.session.release();
    await this.table?.close();
  }
}

const cache = new Map<string, { stamp: string; model: Promise<TrmModel> }>();

/** Which manifest.json a folder holds now: a file replaced by rename (`trm-router adapt`) or rewritten gets a new stamp. */
function manifestStamp(dir: string): string {
  try {
    const s = statSync(join(dir, 'manifest.json'));
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return 'none';
  }
}

/**
 * Loads `dir/manifest.json` and `dir/model.onnx` (zod-validated manifest, size and sha256
 * checked) and creates one ORT session, cached per folder and thread count while the folder's
 * manifest.json stays the same file: a manifest replaced since (`trm-router adapt` appending
 * puzzle identifiers, `eval --record`) is loaded afresh, so a long-running gateway sees the new
 * identifiers. Throws `ModelLoadError` naming the file and what is wrong.
 */
export function loadModel(dir: string, options: LoadModelOptions = {}): Promise<TrmModel> {
  const key = `${resolve(dir)}|${options.threads ?? 0}|${options.skipHashCheck === true}|${options.worker !== false}`;
  const stamp = manifestStamp(resolve(dir));
  const cached = cache.get(key);
  if (cached !== undefined && cached.stamp === stamp) return cached.model;
  // a replaced model is not disposed here: requests already running may still hold it
  const model = createModel(resolve(dir), options);
  cache.set(key, { stamp, model });
  model.catch(() => {
    if (cache.get(key)?.model === model) cache.delete(key);
  });
  return model;
}

/** Forgets cached sessions (they are released when disposed by their users). */
export function clearModelCache(): void {
  cache.clear();
}

async function createModel(dir: string, options: LoadModelOptions): Promise<TrmModel> {
  const manifest = await readManifest(dir);
  const path = join(dir, manifest.onnx.file);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new ModelLoadError(`Model graph ${path} cannot be read`, { modelPath: dir, cause: error });
  }
  if (bytes.length !== manifest.onnx.bytes) {
    throw new ModelLoadError(`${path} has ${bytes.length} bytes but the manifest says ${manifest.onnx.bytes} (truncated or replaced?)`, {
      modelPath: dir,
      details: { bytes: bytes.length, expected: manifest.onnx.bytes },
    });
  }
  if (options.skipHashCheck !== true) {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (sha256 !== manifest.onnx.sha256) {
      throw new ModelLoadError(`${path} sha256 ${sha256} does not match the manifest's ${manifest.onnx.sha256}`, {
        modelPath: dir,
        details: { sha256, expected: manifest.onnx.sha256 },
      });
    }
  }
  let session: StepSession;
  try {
    session = await createStepSession(bytes, { ...(options.threads === undefined ? {} : { threads: options.threads }), worker: options.worker !== false });
  } catch (error) {
    throw new ModelLoadError(`ONNX Runtime cannot load ${path}: ${(error as Error).message}`, { modelPath: dir, cause: error });
  }
  const inputs = [...session.inputNames].sort();
  const outputs = [...session.outputNames].sort();
  if (inputs.join() !== [...graphInputsOf(manifest)].sort().join() || outputs.join() !== [...GRAPH_OUTPUTS].sort().join()) {
    await session.release();
    throw new ModelLoadError(`${path} does not follow the TRM step contract: inputs [${inputs.join(', ')}], outputs [${outputs.join(', ')}]`, {
      modelPath: dir,
    });
  }
  return new TrmModel(dir, manifest, session, manifest.puzzleTable === undefined ? undefined : await openTable(dir, manifest.puzzleTable, session));
}

/** Opens the external puzzle-embedding table (its size checked again: it is read row by row from here on). */
async function openTable(dir: string, table: PuzzleTable, session: StepSession): Promise<PuzzleTableReader> {
  const path = join(dir, table.file);
  let file: FileHandle | undefined;
  try {
    file = await open(path, 'r');
    const { size } = await file.stat();
    if (size !== table.rows * table.dim * 4) {
      throw new ModelLoadError(
        `${path} has ${size} bytes but puzzleTable says ${table.rows} rows x ${table.dim} float32 = ${table.rows * table.dim * 4} bytes`,
        {
          modelPath: dir,
          details: { field: 'puzzleTable.rows', bytes: size },
        },
      );
    }
    return new PuzzleTableReader(file, table, path);
  } catch (error) {
    await file?.close();
    await session.release();
    if (error instanceof ModelLoadError) throw error;
    throw new ModelLoadError(`Puzzle-embedding table ${path} (manifest puzzleTable.file) cannot be read`, {
      modelPath: dir,
      cause: error,
      details: { field: 'puzzleTable.file' },
    });
  }
}
