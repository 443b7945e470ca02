/**
 * Where a model's ONNX Runtime session runs. onnxruntime-node's `session.run` computes on the
 * JavaScript thread (its promise wraps a synchronous call), so a 30x30 maze step held a server's
 * event loop for 35-130 ms: no request was read, no stream relayed, no health check answered in
 * that time. A `WorkerStepSession` keeps the session in a worker thread and passes tensors as
 * messages, so the event loop stays free while a step computes; `InProcessStepSession` is the
 * plain session (no thread, for tools that do nothing else meanwhile).
 *
 * @example
 * const session = await createStepSession(bytes, { threads: 2, worker: true });
 * const out = await session.run({ inputs: { type: 'int64', data: tokens, dims: [1, 81] }, ... });
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';

export type FeedType = 'int64' | 'float32' | 'bool';

/** One input or output tensor: its element type, data and shape. */
export interface TensorData {
  type: FeedType;
  data: BigInt64Array | Float32Array | Uint8Array;
  dims: readonly number[];
}

export interface StepSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Runs the graph; outputs keep their names. */
  run(feeds: Record<string, TensorData>): Promise<Record<string, { data: Float32Array; dims: readonly number[] }>>;
  release(): Promise<void>;
}

export interface StepSessionOptions {
  /** Intra-op threads (0 or undefined = ORT's default). */
  threads?: number;
  /** Run the session in a worker thread (default true). */
  worker?: boolean;
}

/** Session options shared by both kinds (also what the benchmarks' own sessions use). */
export function sessionOptions(threads: number | undefined): ort.InferenceSession.SessionOptions {
  return {
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    enableCpuMemArena: true,
    enableMemPattern: true,
    ...(threads ? { intraOpNumThreads: threads, interOpNumThreads: 1 } : {}),
  };
}

export async function createStepSession(bytes: Uint8Array, options: StepSessionOptions = {}): Promise<StepSession> {
  return options.worker === false ? InProcessStepSession.create(bytes, options.threads) : WorkerStepSession.create(bytes, options.threads);
}

export class InProcessStepSession implements StepSession {
  private constructor(private readonly session: ort.InferenceSession) {}

  static async create(bytes: Uint8Array, threads: number | undefined): Promise<InProcessStepSession> {
    return new InProcessStepSession(await ort.InferenceSession.create(bytes, sessionOptions(threads)));
  }

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  async run(feeds: Record<string, TensorData>): Promise<Record<string, { data: Float32Array; dims: readonly number[] }>> {
    const tensors: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) tensors[name] = new ort.Tensor(t.type, t.data, t.dims);
    const out = await this.session.run(tensors);
    const result: Record<string, { data: Float32Array; dims: readonly number[] }> = {};
    for (const [name, t] of Object.entries(out)) result[name] = { data: t.data as Float32Array, dims: t.dims };
    return result;
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

/**
 * The worker's code, plain JavaScript evaluated by `new Worker(code, { eval: true })`: it needs
 * no TypeScript loader, so it runs the same under tsx, vitest and the compiled package, and it
 * uses only dynamic imports, so it runs whether the evaluation is CommonJS or ESM. It loads
 * onnxruntime-node from the path the main thread resolved (the package's own dependency).
 */
const WORKER_CODE = `
(async () => {
  const { parentPort, workerData } = await import('node:worker_threads');
  const { pathToFileURL } = await import('node:url');
  const loaded = await import(pathToFileURL(workerData.ortPath).href);
  const ort = loaded.default ?? loaded;
  let session;
  try {
    session = await ort.InferenceSession.create(new Uint8Array(workerData.bytes), workerData.options);
  } catch (error) {
    parentPort.postMessage({ kind: 'error', message: String(error && error.message || error) });
    return;
  }
  parentPort.postMessage({ kind: 'ready', inputNames: session.inputNames, outputNames: session.outputNames });
  parentPort.on('message', async (msg) => {
    if (msg.kind === 'release') {
      await session.release();
      parentPort.postMessage({ kind: 'released' });
      return;
    }
    try {
      const feeds = {};
      for (const [name, t] of Object.entries(msg.feeds)) feeds[name] = new ort.Tensor(t.type, t.data, t.dims);
      const out = await session.run(feeds);
      const outputs = {};
      const transfer = [];
      for (const [name, t] of Object.entries(out)) {
        outputs[name] = { data: t.data, dims: t.dims };
        if (!transfer.includes(t.data.buffer)) transfer.push(t.data.buffer);
      }
      parentPort.postMessage({ kind: 'result', id: msg.id, outputs }, transfer);
    } catch (error) {
      parentPort.postMessage({ kind: 'failed', id: msg.id, message: String(error && error.message || error) });
    }
  });
})();
`;

interface Pending {
  resolve: (out: Record<string, { data: Float32Array; dims: readonly number[] }>) => void;
  reject: (error: Error) => void;
}

export class WorkerStepSession implements StepSession {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private dead: Error | undefined;

  private constructor(
    private readonly worker: Worker,
    readonly inputNames: readonly string[],
    readonly outputNames: readonly string[],
  ) {
    worker.on('message', (msg: { kind: string; id?: number; outputs?: Record<string, { data: Float32Array; dims: number[] }>; message?: string }) => {
      const p = msg.id === undefined ? undefined : this.pending.get(msg.id);
      if (p === undefined) return;
      this.pending.delete(msg.id as number);
      this.idle();
      if (msg.kind === 'result') p.resolve(msg.outputs ?? {});
      else p.reject(new Error(msg.message ?? 'the ONNX Runtime worker failed'));
    });
    const die = (error: Error) => {
      this.dead ??= error;
      for (const p of this.pending.values()) p.reject(this.dead);
      this.pending.clear();
    };
    worker.on('error', die);
    worker.on('exit', (code) => die(new Error(`the ONNX Runtime worker thread exited (code ${code})`)));
    worker.unref(); // an idle session never keeps the process alive
  }

  static create(bytes: Uint8Array, threads: number | undefined): Promise<WorkerStepSession> {
    const copy = bytes.slice().buffer; // the worker takes its own copy of the graph
    const worker = new Worker(WORKER_CODE, {
      eval: true,
      execArgv: [], // not the parent's loaders or --input-type: the code above is plain JavaScript
      workerData: { ortPath: createRequire(import.meta.url).resolve('onnxruntime-node'), bytes: copy, options: sessionOptions(threads) },
      transferList: [copy],
    });
    return new Promise((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`the ONNX Runtime worker thread exited before its session was ready (code ${code})`));
      worker.once('error', reject);
      worker.once('exit', onExit);
      worker.once('message', (msg: { kind: string; inputNames?: string[]; outputNames?: string[]; message?: string }) => {
        worker.off('error', reject);
        worker.off('exit', onExit);
        if (msg.kind === 'ready') {
          resolve(new WorkerStepSession(worker, msg.inputNames ?? [], msg.outputNames ?? []));
        } else {
          void worker.terminate();
          reject(new Error(msg.message ?? 'the ONNX Runtime worker could not create its session'));
        }
      });
    });
  }

  run(feeds: Record<string, TensorData>): Promise<Record<string, { data: Float32Array; dims: readonly number[] }>> {
    if (this.dead !== undefined) return Promise.reject(this.dead);
    const id = this.nextId++;
    if (this.pending.size === 0) this.worker.ref(); // a step in flight keeps the process alive
    // Inputs are copied (structured clone), never transferred: the caller's latents may be views it
    // keeps using. A view is cut to its own bytes first, as a clone would copy its whole buffer.
    const exact: Record<string, TensorData> = {};
    for (const [name, t] of Object.entries(feeds)) {
      const whole = t.data.byteOffset === 0 && t.data.byteLength === t.data.buffer.byteLength;
      exact[name] = whole ? t : { ...t, data: t.data.slice() };
    }
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ kind: 'run', id, feeds: exact });
    });
  }

  private idle(): void {
    if (this.pending.size === 0) this.worker.unref();
  }

  async release(): Promise<void> {
    if (this.dead === undefined) {
      this.dead = new Error('the session was released');
      await this.worker.terminate();
    }
  }
}
