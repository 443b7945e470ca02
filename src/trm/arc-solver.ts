/**
 * ARC through a TRM, the way the official evaluation does it: an ARC checkpoint knows tasks by
 * puzzle identifier, one per (task, augmentation) it was trained on (`manifest.identifiers`,
 * names like `007bbfb7|||t4|||0832597416`). For each test input, every known augmentation of the
 * task is solved under its own identifier, mapped back through the inverse augmentation, and the
 * candidates are voted on (count, then mean halting confidence). A task the model was not
 * trained on is refused: it needs test-time training first, or an LLM.
 *
 * @example
 * const solver = createArcTrmSolver(await loadModel('models/arc'), { maxAugmentations: 8 });
 * if (solver.knows(task.id)) { const { solution, alternatives } = await solver.solve(task); }
 */
import { InvalidInputError, NotSupportedError, ModelLoadError } from '../core/index.js';
import type { Solver, SolveOptions, SolveResult } from '../core/index.js';
import { decodeArcGrid, encodeArcGrid, augmentGrid, inverseAugmentGrid, parseAugmentationName, voteArcCandidates } from '../tasks/arc/index.js';
import type { ArcAugmentation, ArcSolution, ArcTask, ArcVote } from '../tasks/arc/index.js';
import type { TrmEngine } from './engine.js';
import type { TrmModel } from './model.js';
import { engineFor } from './solver.js';
import { haltingPolicy } from './stop.js';
import type { HaltPolicy } from './stop.js';

export interface ArcTrmOptions {
  halt?: HaltPolicy;
  maxSteps?: number;
  threshold?: number;
  /** Most augmentations per test input (identity first). Default: all the model knows. */
  maxAugmentations?: number;
  engine?: TrmEngine;
}

export interface ArcTrmResult extends SolveResult<ArcSolution> {
  /** Per test input, the ranked votes (pass@2 = the first two). */
  alternatives: ArcVote[][];
  /** Candidates run per test input. */
  samples: number;
}

export interface ArcTrmSolver extends Solver<ArcTask, ArcSolution> {
  /** Whether the model was trained on this task id. */
  knows(taskId: string | undefined): boolean;
  solve(task: ArcTask, options?: SolveOptions): Promise<ArcTrmResult>;
}

interface KnownAugmentation {
  id: number;
  aug: ArcAugmentation;
}

export function createArcTrmSolver(model: TrmModel, options: ArcTrmOptions = {}): ArcTrmSolver {
  const m = model.manifest;
  if (m.task !== 'arc') throw new InvalidInputError(`Model ${m.name} solves ${m.task}, not arc`, { field: 'model' });
  if (m.identifiers === undefined) {
    throw new ModelLoadError(`ARC model ${m.name} has no identifiers in its manifest: it cannot tell which tasks it knows`, {
      modelPath: model.dir,
    });
  }
  const byTask = new Map<string, KnownAugmentation[]>();
  m.identifiers.forEach((name, id) => {
    if (id === 0 || name === '<blank>') return;
    const parsed = parseAugmentationName(name);
    const list = byTask.get(parsed.taskId) ?? [];
    list.push({ id, aug: { tid: parsed.tid, perm: parsed.perm } });
    byTask.set(parsed.taskId, list);
  });
  for (const list of byTask.values()) list.sort((a, b) => Number(isIdentity(b.aug)) - Number(isIdentity(a.aug)));
  const stop = haltingPolicy(options.halt ?? m.halting?.policy ?? 'fixed', {
    maxSteps: options.maxSteps ?? m.halting?.maxSteps ?? m.recursion.haltMaxSteps,
    threshold: options.threshold ?? m.halting?.threshold ?? 0,
  });
  const engine = options.engine ?? engineFor(model);
  const name = `trm:${m.name}`;

  return {
    name,
    kind: 'trm',
    task: 'arc',
    knows: (taskId) => taskId !== undefined && byTask.has(taskId),
    async solve(task, solveOptions = {}) {
      const known = task.id === undefined ? undefined : byTask.get(task.id);
      if (known === undefined) {
        throw new NotSupportedError(
          `Model ${m.name} was not trained on ARC task ${task.id ?? '(no id)'}: a new task needs its puzzle embedding trained first (or an LLM)`,
          { details: { task: task.id ?? null, model: m.name } },
        );
      }
      const augs = known.slice(0, options.maxAugmentations ?? known.length);
      const started = performance.now();
      let steps = 0;
      const alternatives = await Promise.all(
        task.test.map(async (test) => {
          const candidates = await Promise.all(
            augs.map(async ({ id, aug }) => {
              const r = await engine.run({
                inputs: encodeArcGrid(augmentGrid(test.input, aug)),
                puzzleIdentifier: id,
                stop,
                signal: solveOptions.signal,
                timeoutMs: solveOptions.timeoutMs,
              });
              steps = Math.max(steps, r.steps);
              const grid = decodeArcGrid(r.tokens);
              return { grid: grid.length === 0 ? grid : inverseAugmentGrid(grid, aug), qHalt: r.qHalt };
            }),
          );
          return voteArcCandidates(candidates);
        }),
      );
      const solution = alternatives.map((ranked) => ranked[0]?.grid ?? []);
      const top = alternatives.map((ranked) => ranked[0]?.meanConfidence ?? 0);
      return {
        solution,
        verified: false, // ARC has no correctness verifier
        alternatives,
        samples: augs.length,
        provenance: {
          solver: name,
          kind: 'trm',
          model: m.name,
          steps,
          confidence: top.reduce((a, b) => a + b, 0) / Math.max(1, top.length),
          verified: false,
          latencyMs: performance.now() - started,
        },
      };
    },
  };
}

function isIdentity(aug: ArcAugmentation): boolean {
  return aug.tid === 0 && aug.perm.every((c, i) => c === i);
}
