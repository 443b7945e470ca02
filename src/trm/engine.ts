/**
 * The step loop and micro-batcher in one: every sample submitted to an engine joins a shared
 * pool; each iteration runs ONE supervision step for up to `maxBatch` active samples in one ORT
 * call (new samples start with `reset`, others carry their latents), then drops the samples
 * whose stop conditions fired. Finished samples cost nothing; concurrent `run` calls share
 * batches; latents are handed from one step to the next without copying while the batch is
 * unchanged. Steps take turns with other engines' through a `StepScheduler` (fair CPU shares per
 * solve), and a sample's steps are paid from its solve's `ComputeBudget` when it has one.
 *
 * @example
 * const engine = new TrmEngine(model, { maxBatch: 64 });
 * const result = await engine.run({ inputs: sudoku.encode(p), stop: haltingPolicy('adaptive', { maxSteps: 16 }) });
 */
import { InvalidInputError, TimeoutError, abortError } from '../core/index.js';
import type { HaltReason } from '../core/index.js';
import { createRng } from '../core/random.js';
import type { ComputeBudget } from './budget.js';
import type { TrmModel } from './model.js';
import { sharedStepScheduler } from './step-scheduler.js';
import type { StepScheduler } from './step-scheduler.js';
import { firstStop } from './stop.js';
import type { SampleStepState, StopCondition } from './stop.js';

export interface EngineOptions {
  /** Most samples in one ORT call. Default 64. */
  maxBatch?: number;
  /**
   * Most tokens (samples x the model's seqLen) in one ORT call: a cap by memory, since ORT's
   * arena keeps the largest activations it has seen. Default 4096: 50 Sudokus (81 tokens) but 4
   * mazes on the 30x30 canvas, where a batch of 32 held three times the RSS of serial solving
   * and solved no faster (a step at batch 1 is already a large enough matrix product).
   */
  maxBatchTokens?: number;
  /** How long an idle engine waits for more requests before its first step, ms. Default 0 (one tick). */
  maxWaitMs?: number;
  /**
   * Shares the CPU with other engines: one step at a time, the next to the engine with the least
   * time per solve it serves (see `step-scheduler.ts`). Default: the process-wide one.
   */
  scheduler?: StepScheduler;
}

export interface TrmRequest {
  /** Input tokens, length = the model's seqLen. */
  inputs: ArrayLike<number>;
  /** Puzzle-embedding id (0 = blank). */
  puzzleIdentifier?: number;
  /** Checked in order after every step; the first that fires ends the sample. Must be able to end it. */
  stop: readonly StopCondition[];
  /** Verifier for `verifiedStop()` and for the result's `verified`. */
  verify?: (tokens: Int32Array) => boolean;
  /** Record every step (tokens, per-cell confidence, halting probability). */
  trace?: boolean;
  /** Exploration: Gaussian noise of `scale` x RMS added to both latents after the first step. */
  noise?: { seed: number; scale: number };
  signal?: AbortSignal;
  timeoutMs?: number;
  /**
   * The solve's compute budget, shared by its samples: each step is paid for (the model's
   * sequence length) before it runs; a sample it cannot pay for ends there, halted by `budget`
   * (`InvalidInputError` if it could not pay for a first step).
   */
  budget?: ComputeBudget;
  /**
   * Samples of one solve racing to a verified answer share one `SampleRace`: once one of them
   * verifies, the others end before their next step with their latest answer (halted by
   * `superseded`), so exploration pays only until the first sample that checks out.
   */
  race?: SampleRace;
  /** Continue a sample from where an earlier run left it (its `latents`): no reset, the step count goes on from theirs. */
  resume?: TrmLatents;
  /** Return the sample's latents with its result (`latents`) when a stop condition ends it, so that it can be resumed. */
  keepLatents?: boolean;
}

/** A sample's recurrent state after `steps` supervision steps: what `resume` continues from. */
export interface TrmLatents {
  zH: Float32Array;
  zL: Float32Array;
  steps: number;
}

/** What racing samples share: set by the engine when one of them ends verified. */
export interface SampleRace {
  verified: boolean;
}

export interface TraceStep {
  step: number;
  /** Raw argmax tokens. */
  tokens: number[];
  /** Halting logit. */
  qHalt: number;
  /** sigmoid(qHalt). */
  haltProbability: number;
  /** Per-cell softmax probability of the argmax token. */
  confidence: number[];
}

export interface TrmRunResult {
  tokens: Int32Array;
  steps: number;
  haltedBy: HaltReason;
  qHalt: number;
  haltProbability: number;
  /** Mean over cells of the argmax probability at the last step. */
  meanConfidence: number;
  /** The verifier's verdict on the final tokens; undefined without a verifier. */
  verified: boolean | undefined;
  trace?: TraceStep[];
  /** With `keepLatents`, when a stop condition ended the sample: its state, to `resume` it with a later stop. */
  latents?: TrmLatents;
}

/** A sample's answer after its latest step (what it ends with if the budget or a race stops it). */
interface LastStep {
  tokens: Int32Array;
  qHalt: number;
  meanConfidence: number;
  verified: () => boolean | undefined;
}

interface Slot {
  req: TrmRequest;
  last: LastStep | undefined;
  puzzleIdentifier: number;
  zH: Float32Array | null;
  zL: Float32Array | null;
  steps: number;
  trace: TraceStep[] | undefined;
  done: boolean;
  resolve: (r: TrmRunResult) => void;
  reject: (e: unknown) => void;
  cleanup: () => void;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

export class TrmEngine {
  readonly model: TrmModel;
  private readonly maxBatch: number;
  private readonly maxWaitMs: number;
  private readonly scheduler: StepScheduler;
  private readonly queue: Slot[] = [];
  private active: Slot[] = [];
  private pumping = false;
  /** ORT calls and sample-steps run so far (for benchmarks and tests). */
  readonly stats = { calls: 0, sampleSteps: 0, maxBatchSeen: 0 };

  constructor(model: TrmModel, options: EngineOptions = {}) {
    this.model = model;
    const maxBatch = options.maxBatch ?? 64;
    const maxBatchTokens = options.maxBatchTokens ?? 4096;
    this.maxWaitMs = options.maxWaitMs ?? 0;
    this.scheduler = options.scheduler ?? sharedStepScheduler;
    if (!Number.isInteger(maxBatch) || maxBatch < 1) {
      throw new InvalidInputError(`maxBatch must be a positive integer (got ${maxBatch})`, { field: 'maxBatch' });
    }
    if (!Number.isInteger(maxBatchTokens) || maxBatchTokens < 1) {
      throw new InvalidInputError(`maxBatchTokens must be a positive integer (got ${maxBatchTokens})`, { field: 'maxBatchTokens' });
    }
    this.maxBatch = Math.max(1, Math.min(maxBatch, Math.floor(maxBatchTokens / model.manifest.seqLen)));
  }

  /** Solves one sample; resolves when its stop conditions fire. */
  run(req: TrmRequest): Promise<TrmRunResult> {
    const m = this.model.manifest;
    if (req.inputs.length !== m.seqLen) {
      return Promise.reject(new InvalidInputError(`inputs has ${req.inputs.length} tokens, model ${m.name} expects ${m.seqLen}`, { field: 'inputs' }));
    }
    for (let i = 0; i < req.inputs.length; i++) {
      const t = req.inputs[i] as number;
      if (!Number.isInteger(t) || t < 0 || t >= m.vocabSize) {
        return Promise.reject(
          new InvalidInputError(`token ${t} at position ${i} is outside the vocabulary 0..${m.vocabSize - 1}`, {
            field: 'inputs',
            details: { index: i },
          }),
        );
      }
    }
    const id = req.puzzleIdentifier ?? 0;
    if (!Number.isInteger(id) || id < 0 || id >= m.numPuzzleIdentifiers) {
      return Promise.reject(new InvalidInputError(`puzzle identifier ${id} is outside 0..${m.numPuzzleIdentifiers - 1}`, { field: 'puzzleIdentifier' }));
    }
    if (req.stop.length === 0) {
      return Promise.reject(new InvalidInputError('at least one stop condition is required (e.g. maxSteps(16))', { field: 'stop' }));
    }
    const resume = req.resume;
    if (resume !== undefined) {
      const L = this.model.latentSize;
      if (resume.zH.length !== L || resume.zL.length !== L || !Number.isInteger(resume.steps) || resume.steps < 1) {
        return Promise.reject(
          new InvalidInputError(
            `resume needs latents of ${L} floats each after at least one step (got ${resume.zH.length}, ${resume.zL.length}, ${resume.steps} steps)`,
            {
              field: 'resume',
            },
          ),
        );
      }
    }
    if (req.signal?.aborted) return Promise.reject(abortError(req.signal));
    return new Promise<TrmRunResult>((resolve, reject) => {
      const slot: Slot = {
        req,
        last: undefined,
        puzzleIdentifier: id,
        zH: resume === undefined ? null : resume.zH.slice(),
        zL: resume === undefined ? null : resume.zL.slice(),
        steps: resume?.steps ?? 0,
        trace: req.trace ? [] : undefined,
        done: false,
        resolve,
        reject,
        cleanup: () => undefined,
      };
      const cancel = (error: Error) => {
        if (slot.done) return;
        slot.done = true;
        slot.cleanup();
        reject(error);
      };
      const onAbort = () => cancel(abortError(req.signal));
      req.signal?.addEventListener('abort', onAbort, { once: true });
      const timer =
        req.timeoutMs === undefined
          ? undefined
          : setTimeout(() => cancel(new TimeoutError(`TRM solve exceeded ${req.timeoutMs} ms`, req.timeoutMs ?? 0)), req.timeoutMs);
      slot.cleanup = () => {
        req.signal?.removeEventListener('abort', onAbort);
        if (timer !== undefined) clearTimeout(timer);
      };
      this.queue.push(slot);
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      await new Promise<void>((r) => (this.maxWaitMs > 0 ? setTimeout(r, this.maxWaitMs) : setImmediate(r)));
      let previous: Slot[] = [];
      let carried: { zH: Float32Array; zL: Float32Array } | null = null;
      for (;;) {
        this.active = this.active.filter((s) => !s.done);
        while (this.active.length < this.maxBatch && this.queue.length > 0) {
          const next = this.queue.shift() as Slot;
          if (!next.done) this.active.push(next);
        }
        if (this.active.length === 0) break;
        // The solves this step serves (samples of one solve share its budget): the engine's weight for its turn.
        const solves = new Set(this.active.slice(0, this.maxBatch).map((slot) => slot.req.budget ?? slot.req)).size;
        await this.scheduler.run(this, solves, async () => {
          // Chosen once the turn came: samples may have ended (aborted, timed out) while waiting for it.
          const candidates = this.active.filter((slot) => !slot.done).slice(0, this.maxBatch);
          // Round-robin when over capacity: the rest go first next time.
          if (this.active.length > this.maxBatch) this.active = [...this.active.filter((slot) => !candidates.includes(slot)), ...candidates];
          const batch = candidates.filter((slot) => !this.superseded(slot) && this.paidFor(slot));
          if (batch.length === 0) return;
          const reuse = carried !== null && sameSlots(previous, batch);
          carried = await this.stepBatch(batch, reuse ? carried : null);
          previous = batch;
        });
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Ends a sample whose race another sample won (after its first step: it then has an answer). */
  private superseded(slot: Slot): boolean {
    if (slot.done || slot.req.race?.verified !== true || slot.last === undefined) return false;
    this.endWithLast(slot, 'superseded');
    return true;
  }

  /**
   * Pays for the sample's next step from its budget. When the budget cannot, the sample ends:
   * with its latest answer (halted by `budget`), or, before a first step, with an error.
   */
  private paidFor(slot: Slot): boolean {
    const budget = slot.req.budget;
    if (slot.done || budget === undefined || budget.charge(this.model.manifest.seqLen)) return !slot.done;
    if (slot.last === undefined) {
      slot.done = true;
      slot.cleanup();
      slot.reject(
        new InvalidInputError(`The compute budget (${budget.limit} cell-steps) cannot pay for one step of model ${this.model.manifest.name}`, {
          field: 'budget',
          details: { budget: budget.limit, used: budget.used, cellsPerStep: this.model.manifest.seqLen },
        }),
      );
      return false;
    }
    this.endWithLast(slot, 'budget');
    return false;
  }

  /** Resolves a sample with the answer of its latest step. */
  private endWithLast(slot: Slot, haltedBy: HaltReason): void {
    const last = slot.last as LastStep;
    slot.done = true;
    slot.cleanup();
    slot.zH = null;
    slot.zL = null;
    const verified = last.verified();
    if (verified === true && slot.req.race !== undefined) slot.req.race.verified = true;
    slot.resolve({
      tokens: last.tokens,
      steps: slot.steps,
      haltedBy,
      qHalt: last.qHalt,
      haltProbability: sigmoid(last.qHalt),
      meanConfidence: last.meanConfidence,
      verified,
      ...(slot.trace === undefined ? {} : { trace: slot.trace }),
    });
  }

  /** One ORT call for `batch`; returns the output latents (handed back in when the next batch is the same). */
  private async stepBatch(batch: Slot[], carried: { zH: Float32Array; zL: Float32Array } | null): Promise<{ zH: Float32Array; zL: Float32Array } | null> {
    const m = this.model.manifest;
    const b = batch.length;
    const S = m.seqLen;
    const L = this.model.latentSize;
    const inputs = new Int32Array(b * S);
    const ids = new Int32Array(b);
    const reset = new Array<boolean>(b);
    let zH: Float32Array;
    let zL: Float32Array;
    if (carried !== null) {
      ({ zH, zL } = carried);
    } else {
      zH = new Float32Array(b * L);
      zL = new Float32Array(b * L);
    }
    batch.forEach((slot, i) => {
      for (let j = 0; j < S; j++) inputs[i * S + j] = slot.req.inputs[j] as number;
      ids[i] = slot.puzzleIdentifier;
      reset[i] = slot.zH === null;
      if (carried === null && slot.zH !== null && slot.zL !== null) {
        zH.set(slot.zH, i * L);
        zL.set(slot.zL, i * L);
      }
    });
    let out;
    try {
      out = await this.model.step({ batch: b, inputs, puzzleIdentifiers: ids, zH, zL, reset });
    } catch (error) {
      for (const slot of batch) {
        if (slot.done) continue;
        slot.done = true;
        slot.cleanup();
        slot.reject(error);
      }
      return null;
    }
    this.stats.calls++;
    this.stats.sampleSteps += b;
    this.stats.maxBatchSeen = Math.max(this.stats.maxBatchSeen, b);
    const V = m.vocabSize;
    let anyFinished = false;
    batch.forEach((slot, i) => {
      slot.steps++;
      // Views into the output buffers: copied only if the batch changes shape next step.
      slot.zH = out.zH.subarray(i * L, (i + 1) * L);
      slot.zL = out.zL.subarray(i * L, (i + 1) * L);
      if (slot.done) {
        anyFinished = true;
        return;
      }
      if (slot.steps === 1 && slot.req.noise !== undefined) {
        addNoise(slot.zH, slot.req.noise.seed * 2 + 1, slot.req.noise.scale);
        addNoise(slot.zL, slot.req.noise.seed * 2 + 2, slot.req.noise.scale);
      }
      const { tokens, confidence } = argmax(out.logits, i * S * V, S, V);
      const qHalt = out.qHalt[i] as number;
      let verdict: boolean | undefined;
      const verify = slot.req.verify;
      const state: SampleStepState = {
        step: slot.steps,
        qHalt,
        tokens,
        isVerified: () => (verdict ??= verify === undefined ? false : verify(tokens)),
      };
      slot.trace?.push({
        step: slot.steps,
        tokens: Array.from(tokens),
        qHalt,
        haltProbability: sigmoid(qHalt),
        confidence: Array.from(confidence, (c) => Math.round(c * 1e4) / 1e4),
      });
      const fired = firstStop(slot.req.stop, state);
      let mean = 0;
      for (const c of confidence) mean += c;
      if (fired === undefined) {
        if (slot.req.budget !== undefined || slot.req.race !== undefined)
          slot.last = { tokens, qHalt, meanConfidence: mean / S, verified: () => (verify === undefined ? undefined : state.isVerified()) };
        return;
      }
      anyFinished = true;
      slot.done = true;
      slot.cleanup();
      const latents = slot.req.keepLatents === true ? { zH: slot.zH.slice(), zL: slot.zL.slice(), steps: slot.steps } : undefined;
      slot.zH = null;
      slot.zL = null;
      const verified = verify === undefined ? undefined : state.isVerified();
      if (verified === true && slot.req.race !== undefined) slot.req.race.verified = true;
      slot.resolve({
        tokens,
        steps: slot.steps,
        haltedBy: fired.reason,
        qHalt,
        haltProbability: sigmoid(qHalt),
        meanConfidence: mean / S,
        verified,
        ...(slot.trace === undefined ? {} : { trace: slot.trace }),
        ...(latents === undefined ? {} : { latents }),
      });
    });
    if (anyFinished) {
      // The batch changes: surviving samples keep copies of their latents.
      for (const slot of batch) {
        if (slot.done || slot.zH === null || slot.zL === null) continue;
        slot.zH = slot.zH.slice();
        slot.zL = slot.zL.slice();
      }
      return null;
    }
    return { zH: out.zH, zL: out.zL };
  }
}

function sameSlots(a: Slot[], b: Slot[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i] && !s.done);
}

/** Argmax token and its softmax probability per cell. */
function argmax(logits: Float32Array, offset: number, S: number, V: number): { tokens: Int32Array; confidence: Float32Array } {
  const tokens = new Int32Array(S);
  const confidence = new Float32Array(S);
  for (let j = 0; j < S; j++) {
    const base = offset + j * V;
    let best = 0;
    let max = logits[base] as number;
    for (let v = 1; v < V; v++) {
      const x = logits[base + v] as number;
      if (x > max) {
        max = x;
        best = v;
      }
    }
    let sum = 0;
    for (let v = 0; v < V; v++) sum += Math.exp((logits[base + v] as number) - max);
    tokens[j] = best;
    confidence[j] = 1 / sum;
  }
  return { tokens, confidence };
}

/** z += scale * rms(z) * N(0, 1), seeded. */
function addNoise(z: Float32Array, seed: number, scale: number): void {
  let sq = 0;
  for (const x of z) sq += x * x;
  const sigma = scale * Math.sqrt(sq / Math.max(1, z.length));
  const rng = createRng(seed);
  for (let i = 0; i < z.length; i += 2) {
    const u = Math.max(rng.next(), 1e-12);
    const v = rng.next();
    const r = Math.sqrt(-2 * Math.log(u));
    z[i] = (z[i] as number) + sigma * r * Math.cos(2 * Math.PI * v);
    if (i + 1 < z.length) z[i + 1] = (z[i + 1] as number) + sigma * r * Math.sin(2 * Math.PI * v);
  }
}
